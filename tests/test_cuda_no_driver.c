/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CUDA plugin where no GPU can be used (this machine and CI: no driver, no libcuda.so.1): it
 * loads, its probe reports the CUDA runtime's own error, and that reason reaches
 * `gpuinteg devices` and an explicit `--device cuda` (exit 3, one line, nothing on stdout).
 * Registered only when the plugin is built. On a machine where the runtime does see a GPU, the
 * same tests check the available path instead, so the suite passes on both.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"

/* What the probe says: the failing runtime call, the error's name, its text, e.g.
 * "cudaGetDeviceCount: cudaErrorInsufficientDriver: CUDA driver version is insufficient for
 * CUDA runtime version (no NVIDIA driver here: libcuda.so.1: cannot open shared object file…)".
 * A "cannot load" (dlopen) or "not built" reason does not match: the plugin must load here. */
#define RUNTIME_REASON "cudaGetDeviceCount: cudaError[A-Za-z]+: [A-Za-z]"

static int matches(const char *text, const char *pattern)
{
    regex_t re;
    cr_assert_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB | REG_NEWLINE), 0);
    int ok = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* The cuda entries of `gpuinteg devices --json`: returns the number of available cuda devices
 * and copies the first cuda entry's reason into reason. */
static int cuda_devices(char *reason, size_t size)
{
    const char *args[] = {"devices", "--json", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *list = cJSON_Parse(r->out);
    cr_assert(cJSON_IsArray(list), "%s", r->out);
    int available = 0, seen = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, list)
    {
        const cJSON *backend = cJSON_GetObjectItemCaseSensitive(d, "backend");
        if (!cJSON_IsString(backend) || strcmp(backend->valuestring, "cuda") != 0)
            continue;
        const cJSON *avail = cJSON_GetObjectItemCaseSensitive(d, "available");
        const cJSON *why = cJSON_GetObjectItemCaseSensitive(d, "reason");
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(d, "kind");
        cr_assert(cJSON_IsBool(avail) && cJSON_IsString(why) && cJSON_IsString(kind));
        cr_assert_str_eq(kind->valuestring, "gpu");
        if (!seen++)
            snprintf(reason, size, "%s", why->valuestring);
        available += cJSON_IsTrue(avail);
    }
    cr_assert_geq(seen, 1, "no cuda entry in %s", r->out);
    cJSON_Delete(list);
    free(r);
    return available;
}

Test(cuda_no_driver, probe_reason_comes_from_the_cuda_runtime)
{
    char reason[1024];
    if (cuda_devices(reason, sizeof reason) > 0)
        cr_skip("the CUDA runtime sees a GPU here: the no-driver reason cannot be observed "
                "(the available path is checked by the other tests of this suite)");
    cr_assert(matches(reason, "^" RUNTIME_REASON), "reason: %s", reason);
}

Test(cuda_no_driver, devices_shows_cuda_with_its_state)
{
    const char *args[] = {"devices", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_str_empty(r->err);
    char reason[1024];
    if (cuda_devices(reason, sizeof reason) > 0) {
        /* "cuda:0       gpu NVIDIA H100 80GB HBM3" and its facts. */
        cr_assert(matches(r->out, "^cuda:0 +gpu [^\n]+$"), "%s", r->out);
        cr_assert(matches(r->out, "compute capability [0-9]+\\.[0-9]+, [0-9]+ SMs"), "%s", r->out);
    } else {
        cr_assert(matches(r->out, "^cuda +unavailable — " RUNTIME_REASON), "%s", r->out);
    }
    free(r);
}

Test(cuda_no_driver, explicit_cuda_device_exits_3_with_the_reason)
{
    char reason[1024];
    int gpus = cuda_devices(reason, sizeof reason);
    const char *specs[] = {"cuda", "cuda:0"};
    for (size_t i = 0; i < 2; i++) {
        const char *args[] = {"--device", specs[i], "-n", "100", "--json", NULL};
        gi_cli_result *r = gi_cli_run(args, NULL, 120);
        if (gpus > 0) {
            cr_assert_eq(r->exit_code, 0, "%s: %s", specs[i], r->err);
            cr_assert(strstr(r->out, "\"backend\":\"cuda\""), "%s", r->out);
        } else {
            cr_assert_eq(r->exit_code, 3, "%s: exit %d, %s", specs[i], r->exit_code, r->err);
            cr_assert_str_empty(r->out);
            cr_assert_eq(gi_count_lines(r->err), 1, "%s", r->err);
            char want[128];
            snprintf(want, sizeof want, "^gpuinteg: device '%s': cuda is unavailable: ", specs[i]);
            cr_assert(matches(r->err, want), "%s", r->err);
            cr_assert(matches(r->err, RUNTIME_REASON), "%s", r->err);
        }
        free(r);
    }
}

Test(cuda_no_driver, auto_says_why_cuda_was_passed_over)
{
    char reason[1024];
    if (cuda_devices(reason, sizeof reason) > 0)
        cr_skip("the CUDA runtime sees a GPU here: auto selects it (checked by the cuda tests)");
    const char *args[] = {"devices", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert(matches(r->out, "^auto selects [^\n]*cuda: cudaGetDeviceCount: cudaError"), "%s",
              r->out);
    free(r);
}

/* The plugin stays loaded once loaded (linked -z nodelete, see host/backends/cuda): dlclose()
 * does not unload its static CUDA runtime in the middle of the program. */
Test(cuda_no_driver, plugin_stays_resident_after_dlclose)
{
    const char *path = getenv("GI_CUDA_PLUGIN");
    cr_assert(path && *path, "GI_CUDA_PLUGIN is not set");
    cr_assert_null(dlopen(path, RTLD_NOW | RTLD_NOLOAD), "loaded before the test");
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    cr_assert_not_null(h, "%s", dlerror());
    cr_assert_eq(dlclose(h), 0);
    void *again = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    cr_assert_not_null(again, "%s was unloaded by dlclose", path);
    dlclose(again);
}
