/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The frame of a workload command (cli_run.h).
 */
#include <stdio.h>

#include "cli.h"
#include "cli_run.h"
#include "cli_signals.h"

int gi_cli_run_parsed(const gi_cli_command *cmd, int parsed, int help)
{
    gi_cli_mute_errors(0);
    if (!parsed)
        return GI_EXIT_USAGE;
    if (help) {
        gi_cli_options_help(cmd, stdout);
        return GI_EXIT_OK;
    }
    return -1;
}

int gi_cli_run_open(gi_cli_monitor *mon, gi_context **ctx)
{
    *ctx = NULL;
    int code = gi_cli_monitor_prepare(mon);
    if (code != GI_EXIT_OK)
        return code;
    gi_cli_signals_catch();
    gi_status st = gi_context_create(ctx);
    if (st != GI_STATUS_OK) {
        gi_cli_error("cannot create a context: %s", gi_status_string(st));
        return gi_cli_monitor_finish(mon, gi_cli_exit_code(st));
    }
    gi_cli_signals_attach(*ctx);
    return GI_EXIT_OK;
}

gi_status gi_cli_run_select(gi_context *ctx, const char *device, int threads, gi_device_info *dev,
                            const char **why)
{
    gi_status st;
    if ((st = gi_context_select(ctx, device)) != GI_STATUS_OK ||
        (st = gi_context_set_threads(ctx, threads)) != GI_STATUS_OK)
        return st;
    return gi_context_selected(ctx, dev, why);
}

gi_status gi_cli_run_prepare(gi_context *ctx, unsigned workloads, gi_cli_monitor *mon,
                             double *setup_s)
{
    gi_status st = gi_context_prepare_for(ctx, workloads, setup_s);
    if (st == GI_STATUS_OK)
        gi_cli_monitor_info(mon, "set-up", "%.4f s", *setup_s);
    return st;
}

int gi_cli_run_failed(gi_context *ctx, gi_status st)
{
    gi_cli_error("%s", gi_last_error(ctx));
    return gi_cli_exit_code(st);
}

int gi_cli_run_close(gi_context *ctx, gi_cli_monitor *mon, int code)
{
    gi_cli_context_destroy(ctx);
    return gi_cli_monitor_finish(mon, code);
}

int gi_cli_run_interrupted(gi_cli_monitor *mon, const char *workload, const gi_device_info *dev,
                           int sig, int done, int repeat, int json, int quiet)
{
    if (!sig || done >= repeat)
        return 0;
    gi_cli_error("interrupted by %s after %d of %d run%s; the utilization summary covers the "
                 "time until then",
                 gi_cli_signal_name(sig), done, repeat, repeat == 1 ? "" : "s");
    if (json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "workload", workload);
        cJSON_AddStringToObject(j, "status", "interrupted");
        cJSON_AddStringToObject(j, "signal", gi_cli_signal_name(sig));
        cJSON_AddNumberToObject(j, "runs_completed", done);
        cJSON_AddNumberToObject(j, "repeat", repeat);
        cJSON_AddStringToObject(j, "backend", dev->backend);
        cJSON_AddStringToObject(j, "device", dev->name);
        gi_print_extra extra = gi_cli_run_monitor_extra(mon);
        gi_cli_result_json_print(j, &extra);
    } else if (!quiet) {
        gi_cli_monitor_print(mon, stdout);
    }
    return 1;
}

static void monitor_json(void *arg, cJSON *obj)
{
    gi_cli_monitor_add_json(arg, obj);
}

static void monitor_human(void *arg, FILE *out)
{
    gi_cli_monitor_print(arg, out);
}

gi_print_extra gi_cli_run_monitor_extra(gi_cli_monitor *mon)
{
    return (gi_print_extra){.json = monitor_json, .human = monitor_human, .arg = mon};
}

cJSON *gi_cli_result_json(const char *workload, const char *backend, const char *device,
                          const gi_device_info *dev, const char *why)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "workload", workload);
    cJSON_AddStringToObject(j, "backend", backend);
    cJSON_AddStringToObject(j, "device", device);
    cJSON_AddStringToObject(j, "device_spec", dev->spec);
    cJSON_AddStringToObject(j, "selection", why);
    return j;
}

void gi_cli_result_json_double(cJSON *j, const char *key, double v)
{
    char num[64];
    gi_cli_json_double(num, sizeof num, v);
    cJSON_AddRawToObject(j, key, num);
}

void gi_cli_result_json_print(cJSON *j, const gi_print_extra *extra)
{
    cJSON_AddStringToObject(j, "version", gi_version_string());
    if (extra && extra->json)
        extra->json(extra->arg, j);
    gi_cli_json_print(j);
}

void gi_cli_json_print(cJSON *j)
{
    char *text = cJSON_PrintUnformatted(j);
    if (text)
        puts(text);
    cJSON_free(text);
    cJSON_Delete(j);
}

void gi_cli_result_backend_lines(int repeat, double best, double median, const char *backend,
                                 const char *device, const gi_device_info *dev, int threads,
                                 const char *why)
{
    if (repeat > 1)
        printf("Runs: %d, best %.4f s, median %.4f s\n", repeat, best, median);
    printf("Backend: %s on %s (%s), %d thread%s; %s\n", backend, device, dev->spec, threads,
           threads == 1 ? "" : "s", why);
}

void gi_cli_result_setup_line(double setup_s)
{
    printf("Setup: %.4f s (the device's set-up, before and apart from Time spent)\n", setup_s);
}
