/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The opencl backend as users meet it: its devices in the device list with their facts, the
 * --device opencl[:P[:D]] addresses, "auto" never taking an OpenCL CPU device, the CLI's JSON
 * with device timings, and a machine without an OpenCL platform.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_run.h"
#include "opencl_pick.h"

static int matches(const char *text, const char *pattern)
{
    regex_t re;
    cr_assert_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NEWLINE), 0);
    int rc = regexec(&re, text, 0, NULL, 0);
    regfree(&re);
    return rc == 0;
}

Test(opencl_devices, listed_with_their_facts)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    int found = 0;
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        gi_device_get(ctx, i, &d);
        if (strcmp(d.backend, "opencl") != 0)
            continue;
        cr_assert_geq(d.index, 0, "opencl unavailable: %s", d.reason);
        cr_assert(matches(d.spec, "^opencl:[0-9]+:[0-9]+$"), "spec '%s'", d.spec);
        cr_assert_str_not_empty(d.name);
        cr_assert_str_not_empty(d.vendor);
        cr_assert_str_not_empty(d.driver_version);
        cr_assert(strstr(d.detail, "platform '"), "detail: %s", d.detail);
        cr_assert_gt(d.compute_units, 0);
        cr_assert_gt(d.global_mem_bytes, 0);
        cr_assert(d.kind == GI_DEVICE_CPU || d.kind == GI_DEVICE_GPU || d.kind == GI_DEVICE_OTHER);
        /* Available exactly when it has fp64 (and a compiler); otherwise the reason says so. */
        if (d.available)
            cr_assert(d.fp64 && d.reason[0] == '\0', "%s: %s", d.spec, d.reason);
        else
            cr_assert_str_not_empty(d.reason);
        if (!d.fp64)
            cr_assert(!d.available && strstr(d.reason, "no double precision"), "%s", d.reason);
        found++;
    }
    cr_assert_gt(found, 0);
    gi_context_destroy(ctx);
}

Test(opencl_devices, addresses_select_platform_and_device)
{
    const char *spec = gi_test_opencl_spec();
    int p, d;
    cr_assert_eq(sscanf(spec, "opencl:%d:%d", &p, &d), 2);
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, spec), GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_device_info info;
    cr_assert_eq(gi_context_selected(ctx, &info, NULL), GI_STATUS_OK);
    cr_assert_str_eq(info.spec, spec);

    char missing[64];
    snprintf(missing, sizeof missing, "opencl:%d:999", p);
    cr_assert_eq(gi_context_select(ctx, missing), GI_STATUS_DEVICE_NOT_FOUND);
    cr_assert(strstr(gi_last_error(ctx), spec), "the message lists the devices: %s",
              gi_last_error(ctx));
    cr_assert_eq(gi_context_select(ctx, "opencl:999"), GI_STATUS_DEVICE_NOT_FOUND);
    cr_assert_eq(gi_context_select(ctx, "opencl:0:0:0"), GI_STATUS_BAD_DEVICE_SPEC);
    gi_context_destroy(ctx);
}

Test(opencl_devices, auto_takes_opencl_gpus_but_never_opencl_cpus)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    int opencl_gpu = 0, cuda_gpu = 0;
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        gi_device_get(ctx, i, &d);
        if (d.available && d.kind == GI_DEVICE_GPU)
            *(strcmp(d.backend, "cuda") == 0 ? &cuda_gpu : &opencl_gpu) = 1;
    }
    gi_device_info sel;
    const char *why;
    cr_assert_eq(gi_context_selected(ctx, &sel, &why), GI_STATUS_OK);
    if (strcmp(sel.backend, "opencl") == 0)
        cr_assert_eq(sel.kind, GI_DEVICE_GPU, "auto took the OpenCL CPU device %s", sel.spec);
    if (opencl_gpu && !cuda_gpu)
        cr_assert_str_eq(sel.backend, "opencl", "an OpenCL GPU comes before openmp: %s", why);
    if (!opencl_gpu && !cuda_gpu)
        cr_assert(strstr(why, "is not a GPU (used only when asked for)"), "%s", why);
    gi_context_destroy(ctx);
}

Test(opencl_devices, cli_json_has_value_and_device_timings, .timeout = 120)
{
    const char *args[] = {"--device", gi_test_opencl_spec(), "-n", "10000", "--json", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert_not_null(j, "%s", r->out);
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
    const cJSON *kernel = cJSON_GetObjectItemCaseSensitive(j, "kernel_time_s");
    const cJSON *transfer = cJSON_GetObjectItemCaseSensitive(j, "transfer_time_s");
    const cJSON *backend = cJSON_GetObjectItemCaseSensitive(j, "backend");
    cr_assert(cJSON_IsNumber(err) && cJSON_IsNumber(kernel) && cJSON_IsNumber(transfer));
    cr_assert_str_eq(backend->valuestring, "opencl");
    /* The bound at the course's n = 10000 (compensated, fixed-order: ~1e-16). */
    cr_assert_leq(err->valuedouble, 1e-14);
    cr_assert_gt(kernel->valuedouble, 0.0);
    cr_assert_gt(transfer->valuedouble, 0.0);
    cJSON_Delete(j);
    free(r);
}

/* A folder with no ICD files: the ICD loader finds no platform. */
static const char *empty_vendors(char *dir)
{
    cr_assert(mkdtemp(dir));
    static char env[128];
    snprintf(env, sizeof env, "OCL_ICD_VENDORS=%s", dir);
    return env;
}

Test(opencl_devices, no_platform_makes_an_explicit_request_exit_3)
{
    char dir[] = "/tmp/gi-no-icd-XXXXXX";
    const char *env[] = {empty_vendors(dir), NULL};
    const char *args[] = {"--device", "opencl", "-n", "100", NULL};
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_eq(r->exit_code, 3, "exit %d: %s", r->exit_code, r->err);
    cr_assert_str_empty(r->out);
    cr_assert_eq(gi_count_lines(r->err), 1, "%s", r->err);
    cr_assert(strstr(r->err, "gpuinteg: device 'opencl': opencl is unavailable: no OpenCL "
                             "platform: clGetPlatformIDs: CL_PLATFORM_NOT_FOUND_KHR"),
              "%s", r->err);
    cr_assert(strstr(r->err, dir), "the message names the ICD folder: %s", r->err);
    free(r);

    /* Everything else still runs: auto falls back to a CPU backend. */
    const char *auto_args[] = {"-q", "-n", "100", NULL};
    r = gi_cli_run(auto_args, env, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    free(r);
    rmdir(dir);
}

Test(opencl_devices, no_platform_is_listed_with_the_reason)
{
    char dir[] = "/tmp/gi-no-icd-XXXXXX";
    const char *env[] = {empty_vendors(dir), NULL};
    const char *args[] = {"devices", NULL};
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert(matches(r->out, "^opencl +unavailable — no OpenCL platform: clGetPlatformIDs: "
                              "CL_PLATFORM_NOT_FOUND_KHR"),
              "%s", r->out);
    free(r);
    rmdir(dir);
}

typedef struct worker {
    const char *spec;
    int rounds, failures;
    double value;
    char error[256];
} worker;

static void *create_and_run(void *arg)
{
    worker *w = arg;
    for (int r = 0; r < w->rounds; r++) {
        gi_context *ctx;
        if (gi_context_create(&ctx) != GI_STATUS_OK) {
            w->failures++;
            continue;
        }
        gi_integrate_params p = {0, 1, 0, 2, 300, 500};
        gi_integrate_result res;
        if (gi_context_select(ctx, w->spec) != GI_STATUS_OK ||
            gi_integrate(ctx, &p, &res) != GI_STATUS_OK) {
            snprintf(w->error, sizeof w->error, "%s", gi_last_error(ctx));
            w->failures++;
        } else if (r == 0) {
            w->value = res.value;
        } else if (memcmp(&res.value, &w->value, sizeof res.value) != 0) {
            snprintf(w->error, sizeof w->error, "value changed: %.17g vs %.17g", res.value,
                     w->value);
            w->failures++;
        }
        gi_context_destroy(ctx);
    }
    return NULL;
}

/* gi_test_opencl_spec() without touching OpenCL in this process: from `gpuinteg devices`. */
static const char *spec_from_another_process(void)
{
    static char spec[64];
    const char *env = getenv("GI_TEST_OPENCL_DEVICE");
    if (env && *env)
        return env;
    const char *args[] = {"devices", "--json", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *list = cJSON_Parse(r->out);
    cr_assert(cJSON_IsArray(list), "%s", r->out);
    const cJSON *d;
    spec[0] = '\0';
    cJSON_ArrayForEach(d, list)
    {
        const cJSON *backend = cJSON_GetObjectItemCaseSensitive(d, "backend");
        const cJSON *avail = cJSON_GetObjectItemCaseSensitive(d, "available");
        if (!spec[0] && strcmp(backend->valuestring, "opencl") == 0 && cJSON_IsTrue(avail))
            snprintf(spec, sizeof spec, "%s",
                     cJSON_GetObjectItemCaseSensitive(d, "spec")->valuestring);
    }
    cJSON_Delete(list);
    free(r);
    cr_assert(spec[0], "no available OpenCL device");
    return spec;
}

Test(opencl_devices, contexts_from_several_threads_at_once)
{
    /* The first listing of a process initialises the ICD loader and the drivers; contexts made
     * in several threads at that moment must each see complete devices (PoCL 3.1 alone would
     * crash here), and run side by side. */
    const char *spec = spec_from_another_process();
    worker w[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        w[i] = (worker){.spec = spec, .rounds = 4};
        cr_assert_eq(pthread_create(&th[i], NULL, create_and_run, &w[i]), 0);
    }
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(w[i].failures, 0, "thread %d: %s", i, w[i].error);
        cr_assert(memcmp(&w[i].value, &w[0].value, sizeof w[0].value) == 0,
                  "thread %d: %.17g vs %.17g", i, w[i].value, w[0].value);
    }
}
