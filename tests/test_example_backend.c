/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * An out-of-tree backend (tests/example_backend, built on its own by the fixture
 * example_backend_build) is found on GPUINTEG_PLUGIN_PATH and used like the in-tree ones:
 * listed by `gpuinteg devices` and --help with its own syntax and help line, selected by
 * --device, and spread over by MPI ranks — with no line of gpuinteg naming it.
 *
 * GI_TEST_EXAMPLE_PART=cpu runs the single-process tests, =mpi the MPI one (label mpi).
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"
#include "mpi_run.h"

static char path_env[2048];

static const char *const *env_with_example(const char *extra)
{
    static const char *env[3];
    const char *dir = getenv("GI_TEST_EXAMPLE_DIR"), *plugins = getenv("GI_TEST_PLUGIN_DIR");
    cr_assert(dir && plugins);
    snprintf(path_env, sizeof path_env, "GPUINTEG_PLUGIN_PATH=%s:%s", dir, plugins);
    env[0] = path_env;
    env[1] = extra;
    env[2] = NULL;
    return env;
}

static int part(const char *which)
{
    const char *p = getenv("GI_TEST_EXAMPLE_PART");
    return p && strcmp(p, which) == 0;
}

/* The "value" of a JSON run printed on stdout. */
static double value_of(const char *out)
{
    cJSON *j = cJSON_Parse(out);
    cr_assert(j, "not JSON: %s", out);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "value");
    cr_assert(cJSON_IsNumber(v));
    double x = v->valuedouble;
    cJSON_Delete(j);
    return x;
}

Test(example_backend, listed_by_devices_and_help)
{
    if (!part("cpu"))
        cr_skip_test("the cpu part");
    const char *const *env = env_with_example(NULL);
    const char *devices[] = {"devices", "--json", NULL};
    gi_cli_result *r = gi_cli_run(devices, env, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *list = cJSON_Parse(r->out);
    cr_assert(cJSON_IsArray(list));
    int seen = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, list)
    {
        const char *spec = cJSON_GetObjectItemCaseSensitive(d, "spec")->valuestring;
        if (strncmp(spec, "example:", 8) != 0)
            continue;
        seen++;
        cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(d, "backend")->valuestring, "example");
        cr_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "available")));
        cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(d, "kind")->valuestring, "other");
    }
    cr_assert_eq(seen, 2, "example:0 and example:1 must be listed: %s", r->out);
    cJSON_Delete(list);
    free(r);

    const char *help[] = {"--help", NULL};
    r = gi_cli_run(help, env, 60);
    cr_assert_eq(r->exit_code, 0);
    cr_assert(strstr(r->out, "    example[:D]     an out-of-tree example plugin: device D of two"),
              "%s", r->out);
    /* Not in the registry: auto does not consider it. */
    const char *line = strstr(r->out, "the first usable of: ");
    cr_assert(line, "%s", r->out);
    size_t len = strcspn(line, "\n");
    cr_assert(len > 6 && strncmp(line + len - 6, "serial", 6) == 0, "%.*s", (int)len, line);
    char auto_line[512];
    snprintf(auto_line, sizeof auto_line, "%.*s", (int)len, line);
    cr_assert_null(strstr(auto_line, "example"), "auto must not take it: %s", auto_line);
    free(r);
}

/* `gpuinteg --version` shows the plugin's own section (gi_backend_ops.version), as it shows the
 * in-tree backends' (CUDA, OpenCL, BLAS): the command knows no backend by name. */
Test(example_backend, has_its_own_version_section)
{
    if (!part("cpu"))
        cr_skip_test("cpu part only");
    const char *const *env = env_with_example(NULL);
    const char *json[] = {"--version", "--json", NULL};
    gi_cli_result *r = gi_cli_run(json, env, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert_not_null(j, "%s", r->out);
    const cJSON *devices =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "example"), "devices");
    cr_assert(cJSON_IsNumber(devices) && devices->valueint == 2, "%s", r->out);
    cJSON_Delete(j);
    free(r);
    const char *text[] = {"--version", NULL};
    r = gi_cli_run(text, env, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert(strstr(r->out, "\nExample:   2 example devices, on this CPU\n"), "%s", r->out);
    free(r);
}

Test(example_backend, runs_integrate_with_the_cores_layout)
{
    if (!part("cpu"))
        cr_skip_test("the cpu part");
    const char *const *env = env_with_example(NULL);
    /* A rectangle whose midpoint sum is far from 0: the values must agree to rounding. */
    /* Its plugin computes the libm sine only (no GI_BACKEND_GI_SINE). */
    const char *ex[] = {"--device", "example:1", "-n",   "700",    "--bounds",
                        "0,1,0,2",  "--sine",    "libm", "--json", NULL};
    gi_cli_result *r = gi_cli_run(ex, env, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    double mine = value_of(r->out);
    cr_assert(strstr(r->out, "\"device_spec\":\"example:1\""), "%s", r->out);
    free(r);
    const char *ref[] = {"--device", "serial", "-n",   "700",    "--bounds",
                         "0,1,0,2",  "--sine", "libm", "--json", NULL};
    r = gi_cli_run(ref, env, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    double serial = value_of(r->out);
    free(r);
    /* Two compensated sums of the same 490000 terms (|f| ≤ 1, cell area 2/490000) in different
     * orders: each within 2u·Σ|f|·h² (+ O(n·u²)) of the exact sum, so within 4u·2 of each
     * other; 1e-14 leaves room for the O(n·u²) terms. */
    cr_assert(fabs(mine - serial) <= 1e-14, "example %.17g, serial %.17g", mine, serial);
    cr_assert(fabs(mine) > 0.1, "a real integral, not zeros: %.17g", mine);
}

Test(example_backend, its_errors_are_those_of_any_backend)
{
    if (!part("cpu"))
        cr_skip_test("the cpu part");
    const char *missing[] = {"--device", "example:2", "-n", "10", NULL};
    gi_cli_result *r = gi_cli_run(missing, env_with_example(NULL), 60);
    cr_assert_eq(r->exit_code, 3, "%s", r->err);
    cr_assert(strstr(r->err, "device 'example:2' does not exist; example has 2 devices: "
                             "example:0, example:1"),
              "%s", r->err);
    free(r);

    const char *gemm[] = {"gemm", "--device", "example", "--size", "10", NULL};
    r = gi_cli_run(gemm, env_with_example(NULL), 60);
    cr_assert_eq(r->exit_code, 3, "%s", r->err);
    cr_assert_eq(gi_count_lines(r->err), 1, "%s", r->err);
    free(r);

    /* The default gi sine, which its plugin does not take: one line with the way out. */
    const char *gi[] = {"--device", "example", "-n", "10", NULL};
    r = gi_cli_run(gi, env_with_example(NULL), 60);
    cr_assert_eq(r->exit_code, 3, "not supported there: %s", r->err);
    cr_assert_eq(gi_count_lines(r->err), 1, "%s", r->err);
    cr_assert(strstr(r->err, "example: this backend computes integrate with the libm sine only "
                             "(its plugin does not take the gi sine); use --sine libm"),
              "%s", r->err);
    free(r);

    const char *none[] = {"--device", "example", "-n", "10", NULL};
    r = gi_cli_run(none, env_with_example("GI_EXAMPLE_NO_DEVICE=1"), 60);
    cr_assert_eq(r->exit_code, 3, "%s", r->err);
    cr_assert(strstr(r->err, "example is unavailable: example: no example device here"), "%s",
              r->err);
    free(r);
}

Test(example_backend, mpi_ranks_spread_over_its_devices, .timeout = 120)
{
    if (!part("mpi"))
        cr_skip_test("the mpi part");
    const char *const *env = env_with_example(NULL);
    const char *one[] = {"--device", "example", "-n",   "600",    "--bounds",
                         "0,1,0,2",  "--sine",  "libm", "--json", NULL};
    gi_cli_result *r = gi_cli_run(one, env, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    double single = value_of(r->out);
    free(r);

    const char *args[] = {"-n",       "2",       "@CLI",   "--device", "example", "-n",     "600",
                          "--bounds", "0,1,0,2", "--sine", "libm",     "--mpi",   "--json", NULL};
    r = gi_mpirun(args, env, 110);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    /* The ranks' tile ranges combined in tile order: the single process's bits. */
    cr_assert_eq(value_of(r->out), single, "%.17g vs %.17g", value_of(r->out), single);
    cr_assert(strstr(r->out, "\"device_spec\":\"example:0\""), "%s", r->out);
    cr_assert(strstr(r->out, "\"device_spec\":\"example:1\""), "rank 1 must take example:1: %s",
              r->out);
    free(r);
}
