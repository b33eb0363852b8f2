/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg integrate under mpirun: one result, printed by rank 0, with the same bits as one
 * process for any rank and thread count; the closed form on a rectangle; a failing rank ends
 * the job with its own message and code, and nothing hangs.
 *
 * Ranks run with --oversubscribe: CI machines have 2 cores and the tests start 3 ranks.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"
#include "integrate_check.h"

/* mpirun may run as root only when told; harmless otherwise. */
static const char *const mpi_env[] = {"OMPI_ALLOW_RUN_AS_ROOT=1",
                                      "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1", NULL};

/* Runs $GI_MPIEXEC --oversubscribe ARGS, where the word "@CLI" in ARGS stands for gpuinteg. */
static gi_cli_result *mpirun(const char *const *args, int timeout_s)
{
    const char *mpiexec = getenv("GI_MPIEXEC"), *cli = getenv("GI_CLI");
    cr_assert(mpiexec && *mpiexec && cli, "CTest sets GI_MPIEXEC and GI_CLI");
    const char *argv[64];
    size_t n = 0;
    argv[n++] = mpiexec;
    argv[n++] = "--oversubscribe";
    for (size_t i = 0; args[i]; i++) {
        cr_assert(n < 63);
        argv[n++] = strcmp(args[i], "@CLI") == 0 ? cli : args[i];
    }
    argv[n] = NULL;
    return gi_run_argv(argv, mpi_env, timeout_s);
}

static cJSON *parse_one_result(const gi_cli_result *r)
{
    cr_assert_eq(r->exit_code, 0, "exit %d, stderr:\n%s", r->exit_code, r->err);
    cr_assert_eq(gi_count_lines(r->out), 1, "one result from rank 0 only:\n%s", r->out);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert_not_null(j, "not JSON: %s", r->out);
    return j;
}

static double num(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    cr_assert(cJSON_IsNumber(v), "field %s missing or not a number", key);
    return v->valuedouble;
}

/* The value of one process (no MPI) as JSON prints it: 17 digits, so strtod gives the bits. */
static double single_process(const char *device, const char *const *grid)
{
    const char *args[32] = {"--no-mpi", "--device", device, "--json"};
    size_t n = 4;
    for (size_t i = 0; grid[i]; i++)
        args[n++] = grid[i];
    args[n] = NULL;
    gi_cli_result *r = gi_cli_run(args, NULL, 120);
    cJSON *j = parse_one_result(r);
    double v = num(j, "value");
    cJSON_Delete(j);
    free(r);
    return v;
}

static double ranks_value(int ranks, const char *device, int threads, const char *const *grid,
                          cJSON **out)
{
    char np[16], t[16];
    snprintf(np, sizeof np, "%d", ranks);
    snprintf(t, sizeof t, "%d", threads);
    /* --mpi: a launcher's single rank runs as a plain process unless told. */
    const char *args[40] = {"-np",  np,          "@CLI", "--mpi", "--device",
                            device, "--threads", t,      "--json"};
    size_t n = 9;
    for (size_t i = 0; grid[i]; i++)
        args[n++] = grid[i];
    args[n] = NULL;
    gi_cli_result *r = mpirun(args, 120);
    cJSON *j = parse_one_result(r);
    cr_assert_eq(num(j, "ranks"), ranks);
    cr_assert_eq(num(j, "nodes"), 1);
    const cJSON *runs = cJSON_GetObjectItemCaseSensitive(j, "rank_runs");
    cr_assert_eq(cJSON_GetArraySize(runs), ranks, "one entry per rank");
    double tiles = 0;
    for (int k = 0; k < ranks; k++) {
        const cJSON *x = cJSON_GetArrayItem(runs, k);
        cr_assert_eq(num(x, "rank"), k);
        cr_assert_eq(num(x, "first_tile"), tiles, "shares in rank order");
        cr_assert_eq(num(x, "threads"), threads);
        tiles += num(x, "tiles");
    }
    cr_assert_eq(tiles, num(j, "tiles"), "the shares cover every tile");
    double v = num(j, "value");
    if (out)
        *out = j;
    else
        cJSON_Delete(j);
    free(r);
    return v;
}

static void same_bits(double a, double b, const char *what)
{
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s: %.17g vs %.17g", what, a, b);
}

Test(mpi_integrate, course_problem_same_bits_as_one_process, .timeout = 240)
{
    const char *grid[] = {"-n", "10000", NULL};
    double ref = single_process("openmp", grid);
    same_bits(ranks_value(2, "openmp", 1, grid, NULL), ref, "2 ranks × 1 thread");
}

Test(mpi_integrate, ranks_and_threads_do_not_change_the_bits, .timeout = 300)
{
    /* 3000×5000: 188 tile rows × 3 tile columns, so 2 and 3 ranks cut inside tile rows. */
    const char *grid[] = {"--nx", "3000", "--ny", "5000", "--bounds", "-1,2,0.5,4", NULL};
    double ref = single_process("serial", grid);
    same_bits(single_process("openmp", grid), ref, "openmp vs serial, one process");
    for (int ranks = 1; ranks <= 3; ranks++)
        for (int threads = 1; threads <= 2; threads++) {
            char what[64];
            snprintf(what, sizeof what, "%d rank%s × %d thread%s", ranks, ranks > 1 ? "s" : "",
                     threads, threads > 1 ? "s" : "");
            same_bits(ranks_value(ranks, "openmp", threads, grid, NULL), ref, what);
        }
    same_bits(ranks_value(3, "serial", 1, grid, NULL), ref, "3 serial ranks");
}

Test(mpi_integrate, one_rank_with_mpi_flag, .timeout = 120)
{
    /* Without --mpi, mpirun -np 1 runs a plain process: no MPI fields. */
    const char *args[] = {"-np", "1", "@CLI", "--json", "-n", "1500", NULL};
    gi_cli_result *r = mpirun(args, 60);
    cJSON *j = parse_one_result(r);
    cr_assert_null(cJSON_GetObjectItemCaseSensitive(j, "ranks"));
    cJSON_Delete(j);
    free(r);
    const char *grid[] = {"-n", "1500", NULL};
    same_bits(ranks_value(1, "openmp", 2, grid, NULL), single_process("openmp", grid),
              "--mpi, 1 rank");
}

Test(mpi_integrate, closed_form_on_a_rectangle, .timeout = 120)
{
    gi_integrate_params p = {-2.0, 1.0, 0.25, 3.5, 2500, 1700};
    const char *grid[] = {"--nx", "2500", "--ny", "1700", "--bounds", "-2,1,0.25,3.5", NULL};
    cJSON *j;
    double v = ranks_value(2, "openmp", 1, grid, &j);
    double closed = gi_integrate_closed_form(&p), tol = gi_test_integrate_tolerance(&p);
    cr_assert_leq(fabs(v - closed), tol, "|%.17g - %.17g| > %g", v, closed, tol);
    /* The exact integral, not the midpoint sum: the rule's own error is O(h²) and bigger. */
    double exact = sin(1.0 + 0.25) - sin(1.0 + 3.5) - sin(-2.0 + 0.25) + sin(-2.0 + 3.5);
    cr_assert_float_eq(num(j, "exact"), exact, 1e-15);
    cr_assert_eq(num(j, "evaluations"), 2500.0 * 1700.0);
    cJSON_Delete(j);
}

Test(mpi_integrate, human_output_from_rank_zero_only, .timeout = 120)
{
    const char *args[] = {"-np", "2", "@CLI", "--device", "openmp", "-n", "2000", NULL};
    gi_cli_result *r = mpirun(args, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    const char *first = strstr(r->out, "Integral value is ");
    cr_assert_not_null(first, "%s", r->out);
    cr_assert_null(strstr(first + 1, "Integral value is "), "printed once:\n%s", r->out);
    /* 2000×2000: tiles of 16 rows × 2048 columns, 125 of them, 63 + 62. */
    cr_assert(strstr(r->out, "MPI: 2 ranks on 1 node (mpirun), 125 tiles;"), "%s", r->out);
    cr_assert(strstr(r->out, "  rank 0 on ") && strstr(r->out, "tiles 0–62, kernel"), "%s", r->out);
    cr_assert(strstr(r->out, "  rank 1 on ") && strstr(r->out, "tiles 63–124, kernel"), "%s",
              r->out);
    free(r);
}

Test(mpi_integrate, failing_rank_ends_the_job_with_its_message, .timeout = 120)
{
    /* Rank 1 asks for a backend this machine lacks (no GPU in CI; a bad index where there
     * is one), rank 0 is fine and must not wait for it. */
    const char *args[] = {"-np", "1", "@CLI", "--device", "openmp",  "-n", "2000", ":",
                          "-np", "1", "@CLI", "--device", "cuda:99", "-n", "2000", NULL};
    gi_cli_result *r = mpirun(args, 60);
    cr_assert_not(r->timed_out, "the job hung:\n%s", r->err);
    cr_assert_eq(r->exit_code, 3, "exit %d (3: device unavailable)\n%s", r->exit_code, r->err);
    cr_assert_str_empty(r->out, "no result on failure: %s", r->out);
    cr_assert(strstr(r->err, "gpuinteg: rank 1 of 2 on "), "%s", r->err);
    cr_assert(strstr(r->err, "cuda"), "%s", r->err);
    const char *line = strstr(r->err, "gpuinteg: rank");
    cr_assert_null(strstr(line + 1, "gpuinteg: rank"), "printed once:\n%s", r->err);
    free(r);
}

Test(mpi_integrate, ranks_with_different_grids_are_refused, .timeout = 120)
{
    const char *args[] = {"-np", "1", "@CLI", "-n", "2000", ":",
                          "-np", "1", "@CLI", "-n", "3000", NULL};
    gi_cli_result *r = mpirun(args, 60);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 2, "%s", r->err);
    cr_assert(strstr(r->err, "gpuinteg: rank 1 of 2 on "), "%s", r->err);
    cr_assert(strstr(r->err, "(3000×3000 on"), "%s", r->err);
    cr_assert(strstr(r->err, "differs from rank 0's (2000×2000 on"), "%s", r->err);
    free(r);
}

Test(mpi_integrate, all_ranks_failing_print_once, .timeout = 120)
{
    const char *args[] = {"-np", "3", "@CLI", "--device", "cuda:99", "-n", "100", NULL};
    gi_cli_result *r = mpirun(args, 60);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 3, "%s", r->err);
    cr_assert(strstr(r->err, "gpuinteg: rank 0 of 3 on "), "%s", r->err);
    cr_assert(strstr(r->err, "(3 of 3 ranks failed)"), "%s", r->err);
    free(r);
}

/* Lines of s that start with prefix. */
static int lines_starting(const char *s, const char *prefix)
{
    int n = 0;
    for (const char *p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        n += strncmp(p, prefix, strlen(prefix)) == 0;
    return n;
}

Test(mpi_integrate, usage_errors_are_printed_once, .timeout = 120)
{
    const char *args[] = {"-np", "3", "@CLI", "-n", "0", NULL};
    gi_cli_result *r = mpirun(args, 60);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 2, "%s", r->err);
    cr_assert_str_empty(r->out);
    cr_assert_eq(lines_starting(r->err, "gpuinteg: "), 1, "one line from rank 0:\n%s", r->err);
    cr_assert(strstr(r->err, "gpuinteg: -n"), "%s", r->err);
    free(r);
}
