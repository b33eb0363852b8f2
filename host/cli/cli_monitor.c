/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monitor's part of the command line: options, checks, summary, JSON field, report.
 */
#include "cli_monitor.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int gi_cli_monitor_prepare(gi_cli_monitor *cm)
{
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    if (cm->sample_ms)
        o.sample_ms = cm->sample_ms;
    o.scope = cm->scope;
    if (cm->report) {
        const char *original = cm->report;
        if (!gi_cli_report_expand(original, cm->report_buf, sizeof cm->report_buf))
            return GI_EXIT_USAGE;
        cm->report = cm->report_buf;
        gi_cli_tasks_setup(&cm->tasks, original, cm->report);
    }
    gi_status st = gi_monitor_create(&cm->m, &o);
    if (st != GI_STATUS_OK) {
        gi_cli_error("cannot create the utilization monitor: %s", gi_status_string(st));
        return gi_cli_exit_code(st) == GI_EXIT_USAGE ? GI_EXIT_USAGE : GI_EXIT_RUNTIME;
    }
    if (cm->report && (st = gi_monitor_check_report(cm->m, cm->report)) != GI_STATUS_OK) {
        gi_cli_error("--report %s", gi_monitor_last_error(cm->m));
        gi_monitor_destroy(cm->m);
        cm->m = NULL;
        /* A path that cannot be written is the user's to fix, like any bad option value. */
        return st == GI_STATUS_OUT_OF_MEMORY ? GI_EXIT_RUNTIME : GI_EXIT_USAGE;
    }
    return GI_EXIT_OK;
}

int gi_cli_monitor_attach(gi_cli_monitor *cm, int pid)
{
    if (gi_monitor_attach(cm->m, pid) != GI_STATUS_OK) {
        gi_cli_error("%s", gi_monitor_last_error(cm->m));
        return GI_EXIT_RUNTIME;
    }
    return GI_EXIT_OK;
}

/* This program's command line, each argument quoted when the shell would need it. */
static void record_command_line(gi_cli_monitor *cm)
{
    FILE *f = fopen("/proc/self/cmdline", "r");
    if (!f)
        return;
    char raw[8192];
    size_t n = fread(raw, 1, sizeof raw - 1, f);
    fclose(f);
    raw[n] = '\0';
    char line[8192 * 2];
    size_t len = 0;
    for (size_t i = 0; i < n && len + 8 < sizeof line;) {
        const char *arg = raw + i;
        size_t alen = strlen(arg);
        int plain = alen > 0 && strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789-_./:=,+@%") == alen;
        if (len)
            line[len++] = ' ';
        if (!plain)
            line[len++] = '\'';
        for (size_t k = 0; k < alen && len + 6 < sizeof line; k++) {
            if (arg[k] == '\'' && !plain) {
                memcpy(line + len, "'\\''", 4);
                len += 4;
            } else {
                line[len++] = arg[k];
            }
        }
        if (!plain)
            line[len++] = '\'';
        i += alen + 1;
    }
    line[len] = '\0';
    gi_monitor_set_info(cm->m, "command", line);
}

int gi_cli_monitor_start(gi_cli_monitor *cm)
{
    record_command_line(cm);
    if (gi_monitor_start(cm->m) != GI_STATUS_OK) {
        gi_cli_error("%s", gi_monitor_last_error(cm->m));
        return GI_EXIT_RUNTIME;
    }
    cm->started = 1;
    return GI_EXIT_OK;
}

void gi_cli_monitor_workload(gi_cli_monitor *cm, const char *name, const gi_device_info *dev,
                             int threads, double busy_time_s)
{
    gi_monitor_workload w = {
        .name = name, .gpu = -1, .threads = threads, .busy_time_s = busy_time_s};
    if (dev) {
        w.backend = dev->backend;
        w.device = dev->name;
        w.kind = dev->kind;
        /* The backend says which NVIDIA GPU the device is, if it is one. */
        w.gpu = dev->gpu_ordinal;
        /* What the device runs on here (driver, BLAS and its threading), as --version says. */
        if (dev->driver_version[0] || dev->detail[0])
            gi_cli_monitor_info(cm, "software", "%s%s%s", dev->driver_version,
                                dev->driver_version[0] && dev->detail[0] ? "; " : "", dev->detail);
    }
    gi_monitor_set_workload(cm->m, &w);
}

void gi_cli_monitor_info(gi_cli_monitor *cm, const char *key, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    gi_monitor_set_info(cm->m, key, buf);
}

void gi_cli_monitor_stop(gi_cli_monitor *cm, int signo)
{
    gi_monitor_stop(cm->m);
    if (signo)
        gi_monitor_set_interrupted(cm->m, signo);
}

void gi_cli_monitor_print(gi_cli_monitor *cm, FILE *out)
{
    fputs(gi_monitor_summary_text(cm->m), out);
    fflush(out);
}

void gi_cli_monitor_add_json(gi_cli_monitor *cm, cJSON *obj)
{
    cJSON_AddRawToObject(obj, "utilization", gi_monitor_json(cm->m));
}

int gi_cli_monitor_merge_tasks(gi_cli_monitor *cm)
{
    if (!cm->m || !cm->started || !cm->report || !cm->tasks.active)
        return 1;
    /* Tasks end at about the same time; a slow one is waited for a while, not forever. */
    int r = gi_cli_tasks_merge(&cm->tasks, cm->m, 300.0);
    if (r == 0 || (r < 0 && cm->tasks.task != 0)) {
        cm->no_report = 1;
        return 0;
    }
    return 1;
}

int gi_cli_monitor_write_live(gi_cli_monitor *cm)
{
    /* One file per step: only task 0 writes it, live or at the end. */
    if (!cm->m || !cm->report || !cm->started || (cm->tasks.active && cm->tasks.task != 0))
        return 0;
    if (gi_monitor_write_report(cm->m, cm->report) != GI_STATUS_OK) {
        gi_cli_error("--live: %s", gi_monitor_last_error(cm->m));
        return -1;
    }
    return 0;
}

int gi_cli_monitor_finish(gi_cli_monitor *cm, int code)
{
    if (!cm->m)
        return code;
    if (cm->report && cm->started && !cm->no_report &&
        gi_monitor_write_report(cm->m, cm->report) != GI_STATUS_OK) {
        gi_cli_error("--report %s", gi_monitor_last_error(cm->m));
        if (code == GI_EXIT_OK)
            code = GI_EXIT_RUNTIME;
    }
    gi_monitor_destroy(cm->m);
    cm->m = NULL;
    return code;
}

const char *gi_cli_signal_name(int signo)
{
    /* glibc's abbreviation ("TERM"), made into the usual name. Not for signal handlers. */
    static char buf[32];
    const char *abbrev = sigabbrev_np(signo);
    if (abbrev)
        snprintf(buf, sizeof buf, "SIG%s", abbrev);
    else
        snprintf(buf, sizeof buf, "signal %d", signo);
    return buf;
}
