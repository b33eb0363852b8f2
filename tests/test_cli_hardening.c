/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inputs that once got past the CLI's checks: each now gets one line and the exit code the
 * contract names (DESIGN.md), through the real binary.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_run.h"
#include "run_cmd.h"

/* Runs gpuinteg with args and env; asserts exit `code`, one stderr line containing `want`, and
 * nothing on stdout. */
static void expect_one_line(const char *const *args, const char *const *env, int code,
                            const char *want)
{
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_not(r->timed_out, "hung; stderr '%s'", r->err);
    cr_assert_eq(r->exit_code, code, "exit %d (want %d), stderr '%s', stdout '%s'", r->exit_code,
                 code, r->err, r->out);
    cr_assert_eq(gi_count_lines(r->err), 1, "stderr must be one line: '%s'", r->err);
    cr_assert(strstr(r->err, want), "'%s' lacks '%s'", r->err, want);
    cr_assert_str_empty(r->out, "stdout: '%s'", r->out);
    free(r);
}

Test(cli_hardening, omp_num_threads_past_the_cap_is_a_usage_error)
{
    /* Was SIGSEGV in libgomp (100000) or libgomp's own exit 1 (50000). */
    const char *env[] = {"OMP_NUM_THREADS=100000", NULL};
    const char *args[] = {"-n", "300", "--device", "openmp", NULL};
    expect_one_line(args, env, 2, "OMP_NUM_THREADS gives 100000 threads; allowed: 1 to 4096");
    const char *gemm[] = {"gemm", "--size", "64", "--device", "openmp", NULL};
    expect_one_line(gemm, env, 2, "OMP_NUM_THREADS gives 100000 threads; allowed: 1 to 4096");
}

Test(cli_hardening, omp_num_threads_past_the_cap_is_fine_with_threads)
{
    const char *env[] = {"OMP_NUM_THREADS=100000", NULL};
    const char *args[] = {"-n", "300", "--device", "openmp", "--threads", "2", "--json", NULL};
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_eq(r->exit_code, 0, "exit %d: %s", r->exit_code, r->err);
    cr_assert(strstr(r->out, "\"threads\":2,"), "%s", r->out);
    free(r);
}

Test(cli_hardening, bounds_whose_width_or_sum_overflows_are_refused)
{
    /* Each bound is finite, but x1 - x0 (or x + y, or the area) is not: was "-nan", exit 0. */
    static const struct {
        const char *bounds, *want;
    } cases[] = {
        {"-1e308,1e308,0,1", "X1 - X0 = 1e+308 - -1e+308 is past the largest double"},
        {"0,1,-1.5e308,1.5e308", "Y1 - Y0 = 1.5e+308 - -1.5e+308 is past the largest double"},
        {"0,1e308,0,1e308", "x + y reaches 1e+308 + 1e+308, past the largest double"},
        {"-1.7976931348623157e308,0,-1e308,0", "x + y reaches"},
        {"0,1e200,0,1e200", "the area (X1 - X0) x (Y1 - Y0) = 1e+200 x 1e+200 is past the largest "
                            "double"},
    };
    const char *devices[] = {"serial", "openmp"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t d = 0; d < 2; d++) {
            const char *args[] = {"--bounds", cases[i].bounds, "-n", "10",
                                  "--device", devices[d],      NULL};
            expect_one_line(args, NULL, 2, cases[i].want);
        }
}

Test(cli_hardening, bounds_far_out_but_representable_still_run)
{
    /* With the libm sine, which has no range limit. */
    const char *args[] = {"--bounds=1e300,1.0000001e300,0,1",
                          "-n",
                          "10",
                          "--device",
                          "serial",
                          "--sine",
                          "libm",
                          "--json",
                          NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "exit %d: %s", r->exit_code, r->err);
    cr_assert_null(strstr(r->out, "\"value\":null"), "a non-finite value: %s", r->out);
    cr_assert_null(strstr(r->out, "\"exact\":null"), "a non-finite value: %s", r->out);
    free(r);
}

Test(cli_hardening, bounds_past_the_gi_sine_range_are_refused)
{
    /* The default gi sine takes |x + y| ≤ 2²⁰ = 1048576: one line naming the reach and the way
     * out, exit 2, on every backend (the core checks before any backend runs). */
    const char *devices[] = {"serial", "openmp"};
    for (size_t d = 0; d < 2; d++) {
        const char *args[] = {
            "--bounds", "1e300,1.0000001e300,0,1", "-n", "10", "--device", devices[d], NULL};
        expect_one_line(args, NULL, 2,
                        "reach |x + y| = 1.0000001e+300, past 1048576, the range of the "
                        "gi sine (the libm sine has no limit)");
        const char *edge[] = {"--bounds", "0,1048575,-1,0", "-n", "10",
                              "--device", devices[d],       NULL};
        gi_cli_result *r = gi_cli_run(edge, NULL, 60);
        cr_assert_eq(r->exit_code, 0, "|x + y| ≤ 1048576 runs: exit %d: %s", r->exit_code, r->err);
        free(r);
        const char *past[] = {"--bounds", "0,1048576,-1.5,0", "-n", "10",
                              "--device", devices[d],         NULL};
        expect_one_line(past, NULL, 2, "reach |x + y| = 1048577.5, past 1048576");
    }
}

Test(cli_hardening, echoed_values_are_escaped)
{
    /* A newline, a tab, an escape sequence and DEL in a value stay on the one line. */
    const char *args[] = {"-n", "5\n", NULL};
    expect_one_line(args, NULL, 2, "-n '5\\n' is not a whole number");
    const char *args2[] = {"--device", "x\t\x1b[31mred\x7f", NULL};
    expect_one_line(args2, NULL, 2, "device 'x\\t\\x1b[31mred\\x7f' is not known");
    const char *args3[] = {"--report", "/nonexistent\n\x1b[2J/r.json", "-n", "10", NULL};
    expect_one_line(args3, NULL, 2, "'/nonexistent\\n\\x1b[2J/r.json'");
}

/* Runs gpuinteg with args under `ulimit -v kib`, sending SIGTERM after signal_after_s as
 * timeout(1) would. */
static gi_cli_result *run_limited(const char *kib, const char *const *args, double signal_after_s)
{
    const char *argv[16] = {"sh", "-c", "ulimit -v \"$1\" && shift && exec \"$@\"",
                            "sh", kib,  getenv("GI_CLI")};
    size_t n = 6;
    for (size_t i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    gi_run_opts o = {
        .cpu = -1, .signal = SIGTERM, .signal_after_s = signal_after_s, .timeout_s = 60};
    return gi_run_cmd(argv, &o);
}

Test(cli_hardening, a_tight_address_space_limit_ends_with_a_message, .timeout = 200)
{
#if defined(__SANITIZE_ADDRESS__)
    cr_skip_test("AddressSanitizer reserves more address space than the limit allows");
#endif
    /* OpenBLAS's threads cannot get their buffers and its exit handler waited for them for
     * ever, with our SIGTERM handler swallowing timeout(1)'s signal. */
    static const char *const cases[][5] = {
        {"-n", "300", NULL},
        {"-n", "300", "--device", "serial", NULL},
        {"devices", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double t0 = gi_test_now();
        gi_cli_result *r = run_limited("65536", cases[i], 10.0);
        cr_assert_not(r->timed_out, "case %zu hung past SIGTERM and 60 s: '%s'", i, r->err);
        cr_assert_lt(gi_test_now() - t0, 9.0, "case %zu waited for the SIGTERM: exit %d '%s'", i,
                     r->exit_code, r->err);
        cr_assert(r->exit_code == 0 || r->exit_code == 1, "case %zu: exit %d '%s'", i, r->exit_code,
                  r->err);
        if (r->exit_code == 1)
            cr_assert_eq(gi_count_lines(r->err), 1, "case %zu: '%s'", i, r->err);
        /* openmp's threads: refused before libgomp's own "Thread creation failed" exit. */
        cr_assert_null(strstr(r->err, "libgomp"), "case %zu: '%s'", i, r->err);
        free(r);
    }
}

Test(cli_hardening, monitor_forwards_a_signal_to_the_whole_command, .timeout = 120)
{
    /* The outer shell runs an inner one that sleeps and then leaves a file: SIGTERM to the
     * outer shell alone left the inner one running on, and the file appeared. */
    char *dir = gi_temp_dir();
    char script[4200];
    snprintf(script, sizeof script,
             "touch \"%s/started\"; sh -c 'sleep 5; touch \"%s/survived\"'; true", dir, dir);
    const char *argv[] = {getenv("GI_CLI"), "monitor", "--quiet", "--", "sh", "-c", script, NULL};
    gi_run_opts o = {.cpu = -1, .signal = SIGTERM, .signal_after_s = 2.5, .timeout_s = 60};
    double t0 = gi_test_now();
    gi_cli_result *r = gi_run_cmd(argv, &o);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 143, "exit %d: %s", r->exit_code, r->err);
    while (gi_test_now() < t0 + 9.0)
        usleep(100000);
    char path[4200];
    snprintf(path, sizeof path, "%s/started", dir);
    cr_assert_eq(access(path, F_OK), 0, "the command had not started after 2.5 s: %s", r->err);
    snprintf(path, sizeof path, "%s/survived", dir);
    cr_assert_neq(access(path, F_OK), 0, "the command's children ran on after SIGTERM");
    gi_remove_tree(dir);
    free(dir);
    free(r);
}

/* A cgroup v2 file system with memory.max = 1 byte, for GPUINTEG_CGROUP_ROOT. */
static char *tiny_cgroup(void)
{
    char *dir = gi_temp_dir(), path[4200];
    const char *files[][2] = {{"cgroup.controllers", "cpu memory\n"}, {"memory.max", "1\n"}};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i][0]);
        FILE *f = fopen(path, "w");
        cr_assert(f);
        fputs(files[i][1], f);
        fclose(f);
    }
    return dir;
}

Test(cli_hardening, gemm_memory_check_reads_what_the_monitor_reads)
{
    /* The check read /sys/fs/cgroup and /proc/meminfo only: all three of these ran. */
    char *root = tiny_cgroup(), env_root[4200];
    snprintf(env_root, sizeof env_root, "GPUINTEG_CGROUP_ROOT=%s", root);
    const char *args[] = {"gemm", "--size", "2000", "--device", "serial", NULL};
    const char *cg[] = {env_root, NULL};
    expect_one_line(args, cg, 2, "/memory.max: 1 less ");
    const char *per_node[] = {"SLURM_JOB_ID=1", "SLURM_MEM_PER_NODE=1", NULL};
    expect_one_line(args, per_node, 2, "(SLURM_MEM_PER_NODE=1 less ");
    const char *per_cpu[] = {"SLURM_JOB_ID=1", "SLURM_CPUS_PER_TASK=2", "SLURM_MEM_PER_CPU=1",
                             NULL};
    expect_one_line(args, per_cpu, 2, "(SLURM_MEM_PER_CPU=1 x 2 CPUs less ");
    /* Room enough: it runs. */
    const char *small[] = {"gemm", "--size", "64", "--device", "serial", NULL};
    const char *ok_env[] = {"SLURM_JOB_ID=1", "SLURM_MEM_PER_NODE=4096", NULL};
    gi_cli_result *r = gi_cli_run(small, ok_env, 60);
    cr_assert_eq(r->exit_code, 0, "exit %d: %s", r->exit_code, r->err);
    free(r);
    gi_remove_tree(root);
    free(root);
}

Test(cli_hardening, gemm_past_the_address_space_limit_is_refused_not_hung, .timeout = 200)
{
#if defined(__SANITIZE_ADDRESS__)
    cr_skip_test("AddressSanitizer reserves more address space than the limit allows");
#endif
    /* OpenBLAS's threads retried their 128 MiB buffers for ever under 256 MiB. */
    const char *args[] = {"gemm", "--size", "1000", "--device", "openmp", NULL};
    double t0 = gi_test_now();
    gi_cli_result *r = run_limited("262144", args, 30.0);
    cr_assert_not(r->timed_out, "hung: '%s'", r->err);
    cr_assert_lt(gi_test_now() - t0, 25.0, "waited for the SIGTERM: exit %d '%s'", r->exit_code,
                 r->err);
    cr_assert_eq(r->exit_code, 1, "exit %d: '%s'", r->exit_code, r->err);
    cr_assert_eq(gi_count_lines(r->err), 1, "'%s'", r->err);
    cr_assert(strstr(r->err, "address-space limit leaves"), "'%s'", r->err);
    cr_assert(strstr(r->err, "OpenBLAS's buffers"), "'%s'", r->err);
    free(r);
}

Test(cli_hardening, opencl_cpu_device_past_the_address_space_limit_is_refused, .timeout = 200)
{
#if defined(__SANITIZE_ADDRESS__)
    cr_skip_test("AddressSanitizer reserves more address space than the limit allows");
#endif
    /* PoCL crashed (SIGSEGV) in the product under 900000 KiB here. */
    const char *args[] = {"gemm", "--size", "300", "--device", "opencl", NULL};
    gi_cli_result *r = run_limited("900000", args, 60.0);
    cr_assert_not(r->timed_out, "hung: '%s'", r->err);
    if (r->exit_code == 3) {
        free(r);
        cr_skip_test("no OpenCL device here");
    }
    cr_assert_eq(r->exit_code, 1, "exit %d: '%s'", r->exit_code, r->err);
    cr_assert_eq(gi_count_lines(r->err), 1, "'%s'", r->err);
    cr_assert(strstr(r->err, "address-space limit leaves"), "'%s'", r->err);
    free(r);
}

Test(cli_hardening, a_bad_omp_num_threads_is_one_line_of_ours)
{
    /* libgomp printed its own "Invalid value" line (after a blank one) when it was loaded, and
     * went on with its default. */
    static const char *const bad[] = {
        "OMP_NUM_THREADS=abc", "OMP_NUM_THREADS=0",  "OMP_NUM_THREADS=",
        "OMP_NUM_THREADS=-1",  "OMP_NUM_THREADS=2,", "OMP_NUM_THREADS=99999999999999999999"};
    const char *args[] = {"-n", "10", "--device", "serial", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *env[] = {bad[i], NULL};
        expect_one_line(args, env, 2, "is not a number of threads; allowed: 1 to 4096");
    }
    const char *escaped[] = {"OMP_NUM_THREADS=2\n", NULL};
    expect_one_line(args, escaped, 2, "gpuinteg: OMP_NUM_THREADS '2\\x0a' is not a number");
    /* What libgomp accepts stays accepted. */
    const char *good[] = {"OMP_NUM_THREADS= +2 ,1", NULL};
    gi_cli_result *r = gi_cli_run(args, good, 60);
    cr_assert_eq(r->exit_code, 0, "exit %d: %s", r->exit_code, r->err);
    cr_assert_str_empty(r->err);
    free(r);
}
