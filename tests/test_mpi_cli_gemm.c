/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg gemm under mpirun: the distributed product (2-D SUMMA) through the real program —
 * one result from rank 0 whose checksum of C matches a single process within the bound the
 * numerics give, for square, rectangular and transposed products on 1–3 ranks; --verify on
 * the distributed blocks (passes; exit 4 when a device corrupts C); a failing rank (a device
 * it cannot use, a different product, a product too big for the node) ends the job with one
 * message and its exit code, without hanging.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_run.h"
#include "run_cmd.h"

static cJSON *one_result(const gi_cli_result *r, int want_exit)
{
    cr_assert_not(r->timed_out, "the job hung:\n%s", r->err);
    cr_assert_eq(r->exit_code, want_exit, "exit %d, stderr:\n%s", r->exit_code, r->err);
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

/* gpuinteg gemm ARGS --json as one process; returns the parsed result. */
static cJSON *single(const char *const *shape)
{
    const char *args[32] = {"gemm", "--no-mpi", "--device", "serial", "--json"};
    size_t n = 5;
    for (size_t i = 0; shape[i]; i++)
        args[n++] = shape[i];
    args[n] = NULL;
    gi_cli_result *r = gi_cli_run(args, NULL, 120);
    cJSON *j = one_result(r, 0);
    free(r);
    return j;
}

/* mpirun -np RANKS gpuinteg gemm --device DEVICE --threads 1 --json --verify SHAPE. */
static cJSON *ranks_run(int ranks, const char *device, const char *const *shape)
{
    char np[16];
    snprintf(np, sizeof np, "%d", ranks);
    const char *args[40] = {"-np",  np,          "@CLI", "gemm",   "--mpi",   "--device",
                            device, "--threads", "1",    "--json", "--verify"};
    size_t n = 11;
    for (size_t i = 0; shape[i]; i++)
        args[n++] = shape[i];
    args[n] = NULL;
    gi_cli_result *r = gi_mpirun(args, NULL, 120);
    cJSON *j = one_result(r, 0);
    free(r);
    return j;
}

static void same_product(int ranks, const char *device, const char *const *shape, int grid_r,
                         int grid_c)
{
    cJSON *one = single(shape), *many = ranks_run(ranks, device, shape);
    double m = num(one, "m"), n = num(one, "n"), k = num(one, "k");
    cr_assert_eq(num(many, "m"), m);
    cr_assert_eq(num(many, "n"), n);
    cr_assert_eq(num(many, "k"), k);
    cr_assert_eq(num(many, "ranks"), ranks);
    const cJSON *grid = cJSON_GetObjectItem(many, "process_grid");
    cr_assert_eq(cJSON_GetArrayItem(grid, 0)->valueint, grid_r);
    cr_assert_eq(cJSON_GetArrayItem(grid, 1)->valueint, grid_c);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(many, "verified")), "distributed Freivalds");
    cr_assert_leq(num(many, "max_rel_residual"), num(many, "tolerance"));
    double a = num(one, "c_sum"), b = num(many, "c_sum");
    double tol = gi_gemm_checksum_tolerance(m, n, k, fmax(a, b));
    cr_assert_leq(fabs(a - b), tol, "%d ranks: checksum %.17g vs one process %.17g (bound %g)",
                  ranks, b, a, tol);
    /* The ranks' blocks tile C exactly once. */
    const cJSON *runs = cJSON_GetObjectItem(many, "rank_runs");
    cr_assert_eq(cJSON_GetArraySize(runs), ranks);
    double cells = 0;
    for (int r = 0; r < ranks; r++) {
        const cJSON *x = cJSON_GetArrayItem(runs, r);
        cr_assert_eq(num(x, "rank"), r);
        cr_assert_eq(num(x, "threads"), 1);
        cells += num(x, "rows") * num(x, "cols");
    }
    cr_assert_eq(cells, m * n);
    cJSON_Delete(one);
    cJSON_Delete(many);
}

Test(mpi_cli_gemm, products_match_one_process, .timeout = 300)
{
    const char *square[] = {"--size", "300", NULL};
    same_product(2, "openmp", square, 1, 2);
    same_product(3, "serial", square, 1, 3);
    const char *rect[] = {"--m", "130", "--n", "71", "--k", "257", NULL};
    same_product(2, "openmp", rect, 1, 2);
    /* Transposed operands: each rank draws its blocks of op(A) and op(B) straight from the
     * stream, as one process stores A and B. */
    const char *trans[] = {"--m",      "97", "--n",      "64", "--k", "150",
                           "--transa", "T",  "--transb", "T",  NULL};
    same_product(2, "openmp", trans, 1, 2);
    const char *mixed[] = {"--m", "64", "--n", "97", "--k", "33", "--transa", "T", NULL};
    same_product(3, "openmp", mixed, 1, 3);
}

Test(mpi_cli_gemm, checksum_tells_a_different_product, .timeout = 120)
{
    /* The bound is tight enough to matter: another seed is far outside it. */
    const char *a[] = {"--size", "200", NULL}, *b[] = {"--size", "200", "--seed", "7", NULL};
    cJSON *x = single(a), *y = ranks_run(2, "openmp", b);
    double s = fmax(num(x, "c_sum"), num(y, "c_sum"));
    cr_assert_gt(fabs(num(x, "c_sum") - num(y, "c_sum")),
                 1e6 * gi_gemm_checksum_tolerance(200, 200, 200, s));
    cJSON_Delete(x);
    cJSON_Delete(y);
}

Test(mpi_cli_gemm, human_output_once_from_rank_zero, .timeout = 120)
{
    const char *args[] = {"-np",       "2", "@CLI",   "gemm", "--device", "openmp",
                          "--threads", "1", "--size", "200",  "--verify", NULL};
    gi_cli_result *r = gi_mpirun(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_eq(gi_count_in(r->out, "Time spent: "), 1, "%s", r->out);
    cr_assert(strstr(r->out, "\nVerified: yes, "), "%s", r->out);
    cr_assert(strstr(r->out, "MPI: 2 ranks on 1 node (mpirun), process grid 1x2, "), "%s", r->out);
    cr_assert(strstr(r->out, "  rank 0 on ") &&
                  strstr(r->out, "C rows 0–199 x columns 0–99, products "),
              "%s", r->out);
    cr_assert(strstr(r->out, "C rows 0–199 x columns 100–199, products "), "%s", r->out);
    cr_assert(strstr(r->out, "Utilization: job of 2 ranks on 1 node"), "%s", r->out);
    free(r);
}

Test(mpi_cli_gemm, verify_fails_on_a_corrupting_device, .timeout = 120)
{
    /* A stand-in "cuda" plugin whose dgemm changes C(0,0) of every panel product; two ranks
     * share its one device. */
    const char *dir = getenv("GI_TEST_FAKE_GPU_CORRUPT_DIR");
    cr_assert(dir, "CTest sets GI_TEST_FAKE_GPU_CORRUPT_DIR");
    char env0[1200];
    snprintf(env0, sizeof env0, "GPUINTEG_PLUGIN_PATH=%s", dir);
    const char *env[] = {env0, NULL};
    const char *args[] = {"-np",    "2",  "@CLI",     "gemm",         "--device", "cuda",
                          "--size", "64", "--verify", "--share-gpus", "--json",   NULL};
    gi_cli_result *r = gi_mpirun(args, env, 120);
    cJSON *j = one_result(r, 4);
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(j, "verified")));
    cr_assert_gt(num(j, "max_rel_residual"), num(j, "tolerance"));
    cr_assert_eq(gi_lines_starting(r->err, "gpuinteg: "), 1, "one message:\n%s", r->err);
    cr_assert(strstr(r->err, "gpuinteg: verification failed on cuda:0 over 2 ranks: row 0 of C "
                             "is wrong: relative residual "),
              "%s", r->err);
    cJSON_Delete(j);
    free(r);

    /* Without --share-gpus, two ranks on one GPU is refused, once, before any work. */
    const char *unshared[] = {"-np", "2", "@CLI", "gemm", "--device", "cuda", "--size", "64", NULL};
    r = gi_mpirun(unshared, env, 60);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 2, "%s", r->err);
    cr_assert_str_empty(r->out);
    cr_assert_eq(gi_lines_starting(r->err, "gpuinteg: "), 1, "%s", r->err);
    cr_assert(strstr(r->err, "--device cuda: 2 ranks on "), "%s", r->err);
    cr_assert(strstr(r->err, "but only 1 cuda device visible to them"), "%s", r->err);
    free(r);
}

Test(mpi_cli_gemm, a_rank_with_a_bad_device_ends_the_job, .timeout = 120)
{
    const char *args[] = {"-np", "1", "@CLI", "gemm", "--device", "openmp",  "--size", "100", ":",
                          "-np", "1", "@CLI", "gemm", "--device", "cuda:99", "--size", "100", NULL};
    gi_cli_result *r = gi_mpirun(args, NULL, 60);
    cr_assert_not(r->timed_out, "the job hung:\n%s", r->err);
    cr_assert_eq(r->exit_code, 3, "exit %d (3: device unavailable)\n%s", r->exit_code, r->err);
    cr_assert_str_empty(r->out, "no result on failure: %s", r->out);
    cr_assert_eq(gi_lines_starting(r->err, "gpuinteg: "), 1, "once:\n%s", r->err);
    cr_assert(strstr(r->err, "gpuinteg: rank 1 of 2 on "), "%s", r->err);
    cr_assert(strstr(r->err, "cuda"), "%s", r->err);
    free(r);
}

Test(mpi_cli_gemm, ranks_with_different_products_are_refused, .timeout = 120)
{
    const char *args[] = {"-np", "1",    "@CLI", "gemm",   "--size", "100",      ":", "-np",
                          "1",   "@CLI", "gemm", "--size", "100",    "--transa", "T", NULL};
    gi_cli_result *r = gi_mpirun(args, NULL, 60);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 2, "%s", r->err);
    cr_assert(strstr(r->err, "gpuinteg: rank 1 of 2 on "), "%s", r->err);
    cr_assert(strstr(r->err, "this rank's product (m = 100, n = 100, k = 100, transa T, transb N, "
                             "seed 42, 1 run) differs from rank 0's (m = 100, n = 100, k = 100, "
                             "transa N, "),
              "%s", r->err);
    free(r);
}

Test(mpi_cli_gemm, a_product_too_big_for_the_node_is_refused, .timeout = 120)
{
    /* 2·10⁵ squared: 320 GB per matrix, split over 2 ranks of one node. */
    const char *args[] = {"-np", "2", "@CLI", "gemm", "--size", "200000", NULL};
    gi_cli_result *r = gi_mpirun(args, NULL, 60);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 2, "%s", r->err);
    cr_assert_str_empty(r->out);
    cr_assert_eq(gi_lines_starting(r->err, "gpuinteg: "), 1, "%s", r->err);
    cr_assert(strstr(r->err, "--size 200000 over 2 ranks needs "), "%s", r->err);
    cr_assert(strstr(r->err, "for its 2 ranks' blocks of A, B and C; "), "%s", r->err);
    free(r);
}

Test(mpi_cli_gemm, usage_errors_are_printed_once, .timeout = 120)
{
    const char *args[] = {"-np", "3", "@CLI", "gemm", "--size", "0", NULL};
    gi_cli_result *r = gi_mpirun(args, NULL, 60);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 2, "%s", r->err);
    cr_assert_str_empty(r->out);
    cr_assert_eq(gi_lines_starting(r->err, "gpuinteg: "), 1, "one line from rank 0:\n%s", r->err);
    cr_assert(strstr(r->err, "gpuinteg: --size"), "%s", r->err);
    free(r);
}

Test(mpi_cli_gemm, sigterm_between_products_stops_every_rank, .timeout = 180)
{
    const char *mpiexec = getenv("GI_MPIEXEC"), *cli = getenv("GI_CLI");
    cr_assert(mpiexec && cli);
    const char *argv[] = {mpiexec,    "--oversubscribe", "-np",    "2",      cli,
                          "gemm",     "--device",        "openmp", "--size", "1200",
                          "--repeat", "100000",          "--json", NULL};
    const char *env[] = {"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1", NULL};
    gi_run_opts o = {
        .env = env, .cpu = -1, .signal = SIGTERM, .signal_after_s = 3, .timeout_s = 120};
    gi_cli_result *r = gi_run_cmd(argv, &o);
    cr_assert_not(r->timed_out, "the job hung after SIGTERM:\n%s", r->err);
    cr_assert_neq(r->exit_code, 0, "%s", r->err);
    cr_assert_eq(gi_count_lines(r->out), 1, "exit %d, stdout '%s', stderr:\n%s", r->exit_code,
                 r->out, r->err);
    cJSON *j = one_result(r, r->exit_code);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "workload")->valuestring, "gemm");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring, "interrupted");
    cr_assert_lt(num(j, "runs_completed"), 100000);
    cr_assert(strstr(r->err, "gpuinteg: interrupted by SIGTERM after "), "%s", r->err);
    cr_assert_eq(gi_lines_starting(r->err, "gpuinteg: "), 1, "%s", r->err);
    cJSON_Delete(j);
    free(r);
}
