/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg gemm through the real binary: the course's lines, the JSON fields, every bad input
 * (one line, exit 2, nothing on stdout), --verify catching a corrupted result from a fake GPU
 * plugin (exit 4), a backend without dgemm (exit 3), and a failed allocation (exit 1).
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_run.h"

static cJSON *run_json(const char *const *args, const char *const *env, int want_exit,
                       gi_cli_result **out)
{
    gi_cli_result *r = gi_cli_run(args, env, 120);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, want_exit, "exit %d, stderr '%s'", r->exit_code, r->err);
    cr_assert_eq(gi_count_lines(r->out), 1, "JSON must be one line: '%s'", r->out);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(j, "not JSON: '%s'", r->out);
    *out = r;
    return j;
}

static double num(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    cr_assert(cJSON_IsNumber(v), "field %s missing or not a number", key);
    return v->valuedouble;
}

static const char *str(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    cr_assert(cJSON_IsString(v), "field %s missing or not a string", key);
    return v->valuestring;
}

Test(cli_gemm, json_fields_with_verify)
{
    const char *args[] = {"gemm",     "--device", "serial", "--size", "64",
                          "--verify", "--json",   "--seed", "7",      NULL};
    gi_cli_result *r;
    cJSON *j = run_json(args, NULL, 0, &r);
    cr_assert_str_empty(r->err);
    cr_assert_str_eq(str(j, "workload"), "gemm");
    cr_assert_str_eq(str(j, "backend"), "serial");
    cr_assert_str_eq(str(j, "device_spec"), "serial");
    cr_assert_neq(str(j, "device")[0], '\0');
    cr_assert_eq(num(j, "m"), 64);
    cr_assert_eq(num(j, "n"), 64);
    cr_assert_eq(num(j, "k"), 64);
    cr_assert_eq(num(j, "seed"), 7);
    cr_assert_eq(num(j, "threads"), 1);
    cr_assert_str_eq(str(j, "transa"), "N");
    double t = num(j, "time_s");
    cr_assert_gt(t, 0.0);
    cr_assert_leq(num(j, "kernel_time_s"), t);
    cr_assert_eq(num(j, "transfer_time_s"), 0.0);
    cr_assert_leq(fabs(num(j, "gflops") - 2.0 * 64 * 64 * 64 / t / 1e9), 1e-9 * num(j, "gflops"),
                  "gflops is not 2mnk/time_s");
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "verified")));
    cr_assert_lt(num(j, "max_rel_residual"), num(j, "tolerance"));
    cr_assert_str_eq(str(j, "version"), gi_version_string());
    cJSON_Delete(j);
    free(r);
}

Test(cli_gemm, json_without_verify_says_null)
{
    const char *args[] = {"gemm", "--device", "serial", "--m",      "3", "--n", "5",
                          "--k",  "2",        "--json", "--repeat", "3", NULL};
    gi_cli_result *r;
    cJSON *j = run_json(args, NULL, 0, &r);
    cr_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "verified")));
    cr_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "max_rel_residual")));
    cr_assert_eq(num(j, "m"), 3);
    cr_assert_eq(num(j, "n"), 5);
    cr_assert_eq(num(j, "k"), 2);
    cr_assert_eq(num(j, "repeat"), 3);
    cr_assert_leq(num(j, "time_s"), num(j, "time_median_s"));
    cJSON_Delete(j);
    free(r);
}

Test(cli_gemm, human_lines)
{
    const char *args[] = {"gemm", "--device", "serial", "--m",      "20", "--n",      "30", "--k",
                          "40",   "--transa", "T",      "--transb", "t",  "--verify", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "stderr '%s'", r->err);
    double secs = -1;
    cr_assert_eq(sscanf(r->out, "Time spent: %lf sec\n", &secs), 1, "'%s'", r->out);
    cr_assert_geq(secs, 0.0);
    cr_assert(strstr(r->out, "\nGFLOP/s: "), "%s", r->out);
    cr_assert(strstr(r->out, "m = 20, n = 30, k = 40, transa T, transb T, seed 42)"), "%s", r->out);
    cr_assert(strstr(r->out, "\nBackend: serial on "), "%s", r->out);
    cr_assert(strstr(r->out, "\nVerified: yes, max relative residual "), "%s", r->out);
    cr_assert_str_empty(r->err);
    free(r);
}

Test(cli_gemm, openmp_threads_in_json)
{
    for (int t = 1; t <= 2; t++) {
        char threads[8];
        snprintf(threads, sizeof threads, "%d", t);
        const char *args[] = {"gemm",      "--device", "openmp",   "--size", "300",
                              "--threads", threads,    "--verify", "--json", NULL};
        gi_cli_result *r = gi_cli_run(args, NULL, 120);
        if (r->exit_code == 3 && strstr(r->err, "openmp")) {
            free(r);
            cr_skip_test("openmp backend not built, or built without OpenBLAS");
        }
        cr_assert_eq(r->exit_code, 0, "stderr '%s'", r->err);
        cJSON *j = cJSON_Parse(r->out);
        cr_assert(j);
        cr_assert_str_eq(str(j, "backend"), "openmp");
        cr_assert_eq(num(j, "threads"), t);
        cr_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "verified")));
        cJSON_Delete(j);
        free(r);
    }
}

typedef struct bad_case {
    const char *args[8];
    const char *want;
} bad_case;

static const bad_case bad[] = {
    {{"gemm", "--size", "0"}, "--size 0 is out of range; allowed: 1 to 2147483647"},
    {{"gemm", "--size", "-1"}, "--size -1 is out of range; allowed: 1 to 2147483647"},
    {{"gemm", "--size", "abc"}, "--size 'abc' is not a whole number; allowed: 1 to 2147483647"},
    {{"gemm", "--size", "2147483648"}, "--size 2147483648 is out of range"},
    {{"gemm", "--size", "3e3"}, "--size '3e3' is not a whole number"},
    {{"gemm", "--m", "0"}, "--m 0 is out of range"},
    {{"gemm", "--n", "x"}, "--n 'x' is not a whole number"},
    {{"gemm", "--k", "-3"}, "--k -3 is out of range"},
    {{"gemm", "--transa", "X"},
     "--transa 'X' is not a transpose; allowed: N (as stored) or T (transposed"},
    {{"gemm", "--transb", "NT"}, "--transb 'NT' is not a transpose"},
    {{"gemm", "--transa", ""}, "--transa '' is not a transpose"},
    {{"gemm", "--seed", "-1"}, "--seed -1 is out of range"},
    {{"gemm", "--repeat", "0"}, "--repeat 0 is out of range"},
    {{"gemm", "--threads", "0"}, "--threads 0 is out of range"},
    {{"gemm", "--size"}, "option --size needs a value"},
    {{"gemm", "--verify=yes"}, "unknown option '--verify=yes' for 'gemm'"},
    {{"gemm", "--bounds", "0,1,0,1"}, "unknown option '--bounds' for 'gemm'"},
    {{"gemm", "3000"}, "unexpected argument '3000' for 'gemm'"},
    {{"gemm", "--device", "fpga"}, "device 'fpga' is not known"},
    {{"gemm", "--size", "100000000"},
     "--size 100000000 needs 240000000000000000 bytes (223517417.9 GiB) for A, B and C; "},
    {{"gemm", "--m", "3", "--n", "1000000000", "--k", "1000000000"},
     "m = 3, n = 1000000000, k = 1000000000 needs 8000000048000000000 bytes"},
    {{"gemm", "--size", "2147483647"},
     "--size 2147483647 needs more than 18446744073709551615 bytes for A, B and C"},
};

Test(cli_gemm, bad_input_one_line_exit_2)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gi_cli_result *r = gi_cli_run(bad[i].args, NULL, 60);
        cr_assert_not(r->timed_out, "case %zu hung", i);
        cr_assert_eq(r->exit_code, 2, "case %zu (%s): exit %d, '%s'", i, bad[i].want, r->exit_code,
                     r->err);
        cr_assert_eq(gi_count_lines(r->err), 1, "case %zu: '%s'", i, r->err);
        cr_assert(strncmp(r->err, "gpuinteg: ", 10) == 0, "case %zu: '%s'", i, r->err);
        cr_assert(strstr(r->err, bad[i].want), "case %zu: '%s' lacks '%s'", i, r->err, bad[i].want);
        cr_assert_str_empty(r->out, "case %zu printed '%s'", i, r->out);
        free(r);
    }
}

Test(cli_gemm, memory_message_names_available_bytes)
{
    const char *args[] = {"gemm", "--size", "100000000", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 2);
    unsigned long long avail = 0;
    const char *p = strstr(r->err, "for A, B and C; ");
    cr_assert(p, "%s", r->err);
    cr_assert_eq(sscanf(p, "for A, B and C; %llu bytes", &avail), 1, "%s", r->err);
    cr_assert_gt(avail, 0ull);
    cr_assert(strstr(r->err, "are available (MemAvailable in /proc/meminfo)") ||
                  strstr(r->err, "are available (/sys/fs/cgroup"),
              "%s", r->err);
    free(r);
}

static char plugin_env[1200];

static const char *const *fake_plugin(const char *dir_var)
{
    const char *dir = getenv(dir_var);
    cr_assert(dir, "%s must name the fake plugin's folder (CTest sets it)", dir_var);
    snprintf(plugin_env, sizeof plugin_env, "GPUINTEG_PLUGIN_PATH=%s", dir);
    static const char *env[2];
    env[0] = plugin_env;
    env[1] = NULL;
    return env;
}

Test(cli_gemm, verify_catches_a_corrupted_result)
{
    const char *const *env = fake_plugin("GI_TEST_FAKE_GPU_CORRUPT_DIR");
    const char *args[] = {"gemm", "--device", "cuda:0", "--size", "64", "--verify", NULL};
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_eq(r->exit_code, 4, "exit %d, stderr '%s'", r->exit_code, r->err);
    cr_assert_eq(gi_count_lines(r->err), 1, "'%s'", r->err);
    cr_assert(strstr(r->err, "gpuinteg: verification failed on cuda:0: gi_dgemm_verify: row 0 "
                             "of C is wrong"),
              "%s", r->err);
    cr_assert(strstr(r->out, "Backend: cuda on Fake GPU 0 (test plugin) (cuda:0)"), "%s", r->out);
    cr_assert(strstr(r->out, "\nVerified: NO, "), "%s", r->out);
    free(r);

    const char *json_args[] = {"gemm", "--device", "cuda:0", "--size",
                               "64",   "--verify", "--json", NULL};
    cJSON *j = run_json(json_args, env, 4, &r);
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "verified")));
    cr_assert_gt(num(j, "max_rel_residual"), num(j, "tolerance"));
    cr_assert_eq(num(j, "transfer_time_s"), 2e-6);
    cJSON_Delete(j);
    free(r);

    /* Without --verify nothing is checked: exit 0. */
    const char *plain[] = {"gemm", "--device", "cuda:0", "--size", "64", NULL};
    r = gi_cli_run(plain, env, 60);
    cr_assert_eq(r->exit_code, 0, "'%s'", r->err);
    free(r);
}

Test(cli_gemm, backend_without_dgemm_exits_3)
{
    const char *const *env = fake_plugin("GI_TEST_FAKE_GPU_NOGEMM_DIR");
    const char *args[] = {"gemm", "--device", "cuda", "--size", "8", NULL};
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_eq(r->exit_code, 3, "exit %d, stderr '%s'", r->exit_code, r->err);
    cr_assert_str_eq(r->err,
                     "gpuinteg: gi_dgemm: the cuda backend (device cuda:0) has no dgemm in this "
                     "build\n");
    cr_assert_str_empty(r->out);
    free(r);
}

Test(cli_gemm, failed_allocation_exits_1_with_bytes)
{
#if defined(__SANITIZE_ADDRESS__)
    cr_skip_test("AddressSanitizer reserves more address space than the limit allows");
#endif
    /* The pre-check passes (A and B need 3 GiB, available memory permitting), but an address
     * space limit of 1 GiB, inherited by the child, leaves no room for them: exit 1, before
     * malloc of A's 1.5 GiB fails. */
    const char *args[] = {"gemm", "--device", "serial", "--m",       "1",
                          "--n",  "1",        "--k",    "201326592", NULL};
    struct rlimit lim = {.rlim_cur = 1ul << 30, .rlim_max = RLIM_INFINITY};
    cr_assert_eq(setrlimit(RLIMIT_AS, &lim), 0);
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    if (r->exit_code == 2 && strstr(r->err, "are available")) {
        free(r);
        cr_skip_test("less than 3 GiB available here");
    }
    /* The address-space check (gi_memory_room_read) refuses it before malloc would fail. */
    cr_assert_eq(r->exit_code, 1, "exit %d, stderr '%s'", r->exit_code, r->err);
    cr_assert_eq(gi_count_lines(r->err), 1, "'%s'", r->err);
    cr_assert(strstr(r->err, "gpuinteg: m = 1, n = 1, k = 201326592 on serial needs about 3072 MiB "
                             "of address space (A, B and C), but the address-space limit leaves "),
              "'%s'", r->err);
    cr_assert_str_empty(r->out);
    free(r);
}
