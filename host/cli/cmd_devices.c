/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg devices: every backend and device, and why the unavailable ones are unavailable.
 */
#include <cjson/cJSON.h>

#include "cli.h"
#include "cli_options.h"
#include "cli_run.h"

static const char *kind_word(gi_device_kind k)
{
    return k == GI_DEVICE_GPU ? "gpu" : k == GI_DEVICE_CPU ? "cpu" : "other";
}

static void print_json(gi_context *ctx)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        gi_device_get(ctx, i, &d);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "spec", d.spec);
        cJSON_AddStringToObject(o, "backend", d.backend);
        cJSON_AddStringToObject(o, "name", d.name);
        cJSON_AddStringToObject(o, "kind", kind_word(d.kind));
        cJSON_AddBoolToObject(o, "available", d.available);
        cJSON_AddStringToObject(o, "reason", d.reason);
        cJSON_AddStringToObject(o, "vendor", d.vendor);
        cJSON_AddStringToObject(o, "driver_version", d.driver_version);
        cJSON_AddStringToObject(o, "detail", d.detail);
        cJSON_AddNumberToObject(o, "compute_units", d.compute_units);
        cJSON_AddNumberToObject(o, "global_mem_bytes", (double)d.global_mem_bytes);
        cJSON_AddBoolToObject(o, "fp64", d.fp64);
        cJSON_AddItemToArray(list, o);
    }
    gi_cli_json_print(list);
}

static void print_table(gi_context *ctx)
{
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        gi_device_get(ctx, i, &d);
        if (!d.available && d.index < 0) {
            printf("%-12s unavailable — %s\n", d.spec, d.reason);
            continue;
        }
        printf("%-12s %-3s %s%s%s\n", d.spec, kind_word(d.kind), d.name,
               d.available ? "" : " — unavailable: ", d.available ? "" : d.reason);
        if (d.vendor[0] || d.driver_version[0])
            printf("%-12s     vendor %s, driver %s\n", "", d.vendor[0] ? d.vendor : "?",
                   d.driver_version[0] ? d.driver_version : "?");
        printf("%-12s     %d compute unit%s, %.1f GiB memory, fp64 %s%s%s\n", "", d.compute_units,
               d.compute_units == 1 ? "" : "s", (double)d.global_mem_bytes / (1024.0 * 1024 * 1024),
               d.fp64 ? "yes" : "no", d.detail[0] ? ", " : "", d.detail);
    }
    gi_device_info sel;
    const char *why;
    if (gi_context_selected(ctx, &sel, &why) == GI_STATUS_OK)
        printf("auto selects %s — %s\n", sel.spec, why);
}

typedef struct devices_opts {
    int json;
} devices_opts;

static const gi_cli_option options[] = {
    {.name = "--json",
     .kind = GI_OPT_FLAG,
     .offset = offsetof(devices_opts, json),
     .min = 1,
     .help = "one JSON array of the entries instead of the table"},
};

const gi_cli_command gi_cli_devices_command = {
    .name = "devices",
    .synopsis = "devices [--json]",
    .description =
        "devices    every backend and device, and why the unavailable ones are unavailable\n"
        "           (every backend is opened; a run opens only the one it uses).",
    .options = options,
    .noptions = sizeof options / sizeof options[0],
    .run = gi_cmd_devices,
};

int gi_cmd_devices(int argc, char **argv)
{
    devices_opts o = {0};
    int help = 0;
    if (!gi_cli_options_parse(&gi_cli_devices_command, argc, argv, &o, NULL, &help))
        return GI_EXIT_USAGE;
    if (help) {
        gi_cli_options_help(&gi_cli_devices_command, stdout);
        return GI_EXIT_OK;
    }
    int json = o.json;
    gi_context *ctx;
    gi_status st = gi_context_create(&ctx);
    if (st != GI_STATUS_OK) {
        gi_cli_error("cannot create a context: %s", gi_status_string(st));
        return gi_cli_exit_code(st);
    }
    if (json)
        print_json(ctx);
    else
        print_table(ctx);
    gi_context_destroy(ctx);
    return GI_EXIT_OK;
}
