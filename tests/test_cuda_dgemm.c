/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_dgemm on cuda:0 (cuBLAS fed by gpuinteg's staging pipeline) against the serial backend,
 * and the CUDA-specific contract: timings split into compute and transfers, beta = 0 never reads
 * C, padding untouched, out of device memory named with bytes, stop requests. Needs a GPU (label
 * cuda); the pipeline's logic is also checked without one in test_cuda_host.c.
 *
 * Tolerance. Entries are in [-1, 1), so each element of alpha·op(A)·op(B) + beta·C0 sums terms
 * whose magnitudes add up to at most S = |alpha|·k + |beta|. Any dgemm that forms each element
 * as a sum of k products in some order (cuBLAS and the serial reference alike, FMA or not) is
 * within γ_{k+2}·S of the exact value, γ_j = j·u/(1 − j·u), u = 2⁻⁵³ (Higham, Accuracy and
 * Stability of Numerical Algorithms, §3.5); two of them differ by at most 2·γ_{k+2}·S. A wrong
 * layout, transpose or block is off by O(1).
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_run.h"

#define PAD 1234.5 /* C's padding rows: must keep their bits */

static gi_context *open_device(const char *spec)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, spec), GI_STATUS_OK, "%s: %s", spec, gi_last_error(ctx));
    return ctx;
}

/* rows × cols with leading dimension ld, entries in [-1, 1), padding rows set to pad. */
static double *matrix(int64_t rows, int64_t cols, int64_t ld, uint64_t seed, double pad)
{
    double *x = malloc((size_t)(ld * cols) * sizeof *x);
    cr_assert_not_null(x);
    for (int64_t j = 0; j < cols; j++)
        for (int64_t i = 0; i < ld; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            x[i + j * ld] = i < rows ? (double)(seed >> 11) * 0x1p-52 - 1.0 : pad;
        }
    return x;
}

static double gamma_of(double j)
{
    const double u = 0x1p-53;
    return j * u / (1.0 - j * u);
}

typedef struct gemm_case {
    char ta, tb;
    int64_t m, n, k, extra; /* extra: added to every leading dimension */
    double alpha, beta;
    const char *reference; /* the device to compare with */
} gemm_case;

static void compare_with_reference(const gemm_case *g)
{
    int64_t ar = g->ta == 'N' ? g->m : g->k, ac = g->ta == 'N' ? g->k : g->m;
    int64_t br = g->tb == 'N' ? g->k : g->n, bc = g->tb == 'N' ? g->n : g->k;
    int64_t lda = ar + g->extra, ldb = br + g->extra, ldc = g->m + g->extra;
    /* NaN in A's and B's padding: reading it would poison the result. */
    double *A = matrix(ar, ac, lda, 1, NAN), *B = matrix(br, bc, ldb, 2, NAN);
    double *C = matrix(g->m, g->n, ldc, 3, PAD), *R = matrix(g->m, g->n, ldc, 3, PAD);
    if (g->beta == 0.0) /* C is not read when beta = 0: NaN there must not reach the result */
        for (int64_t j = 0; j < g->n; j++)
            for (int64_t i = 0; i < g->m; i++)
                C[i + j * ldc] = NAN;

    gi_context *cuda = open_device("cuda:0"), *ref = open_device(g->reference);
    cr_assert_eq(
        gi_dgemm(cuda, g->ta, g->tb, g->m, g->n, g->k, g->alpha, A, lda, B, ldb, g->beta, C, ldc),
        GI_STATUS_OK, "%s", gi_last_error(cuda));
    cr_assert_eq(
        gi_dgemm(ref, g->ta, g->tb, g->m, g->n, g->k, g->alpha, A, lda, B, ldb, g->beta, R, ldc),
        GI_STATUS_OK, "%s", gi_last_error(ref));
    double tol =
        2.0 * gamma_of((double)g->k + 2.0) * (fabs(g->alpha) * (double)g->k + fabs(g->beta));
    for (int64_t j = 0; j < g->n; j++)
        for (int64_t i = 0; i < ldc; i++) {
            double c = C[i + j * ldc], r = R[i + j * ldc];
            if (i >= g->m)
                cr_assert(memcmp(&c, &r, sizeof c) == 0 && c == PAD,
                          "padding C(%lld,%lld) = %.17g changed", (long long)i, (long long)j, c);
            else
                cr_assert_leq(fabs(c - r), tol,
                              "%c%c %lldx%lldx%lld: C(%lld,%lld) = %.17g, %s gives %.17g, "
                              "tolerance %.3g",
                              g->ta, g->tb, (long long)g->m, (long long)g->n, (long long)g->k,
                              (long long)i, (long long)j, c, g->reference, r, tol);
        }
    gi_context_destroy(cuda);
    gi_context_destroy(ref);
    free(A);
    free(B);
    free(C);
    free(R);
}

Test(cuda_dgemm, matches_serial_for_every_transpose_and_padding, .timeout = 240)
{
    const char ops[] = {'N', 'T'};
    for (int x = 0; x < 2; x++)
        for (int y = 0; y < 2; y++) {
            gemm_case g = {ops[x], ops[y], 317, 529, 203, 5, 1.25, -0.75, "serial"};
            compare_with_reference(&g);
            g.beta = 0.0;
            compare_with_reference(&g);
        }
    gemm_case one = {'N', 'N', 1, 1, 1, 0, 2.0, 0.5, "serial"};
    compare_with_reference(&one);
}

Test(cuda_dgemm, large_square_matches_the_cpu, .timeout = 240)
{
    gemm_case g = {'N', 'N', 1000, 1000, 1000, 0, 1.0, 0.0, "serial"};
    compare_with_reference(&g);
    /* The course's size, eight column blocks, against the faster CPU backend. */
    gemm_case big = {'N', 'T', 3000, 3000, 3000, 3, 1.0, 1.0, "openmp"};
    compare_with_reference(&big);
}

Test(cuda_dgemm, timings_split_compute_and_transfers)
{
    gi_context *ctx = open_device("cuda:0");
    int64_t n = 2000;
    double *A = matrix(n, n, n, 1, 0), *B = matrix(n, n, n, 2, 0), *C = matrix(n, n, n, 3, 0);
    for (int rep = 0; rep < 2; rep++) /* the second call runs on the set-up workspace */
        cr_assert_eq(gi_dgemm(ctx, 'N', 'N', n, n, n, 1.0, A, n, B, n, 0.0, C, n), GI_STATUS_OK,
                     "%s", gi_last_error(ctx));
    gi_timing t;
    cr_assert_eq(gi_last_timing(ctx, &t), GI_STATUS_OK);
    cr_assert_str_eq(t.backend, "cuda");
    cr_assert_gt(t.kernel_time_s, 0.0);
    cr_assert_geq(t.transfer_time_s, 0.0);
    cr_assert_leq(t.kernel_time_s + t.transfer_time_s, t.time_s * 1.001 + 1e-6,
                  "compute %.3g s + transfers %.3g s > wall %.3g s", t.kernel_time_s,
                  t.transfer_time_s, t.time_s);
    gi_context_destroy(ctx);
    free(A);
    free(B);
    free(C);
}

Test(cuda_dgemm, out_of_device_memory_names_bytes_requested_and_free)
{
    gi_context *ctx = open_device("cuda:0");
    gi_device_info d;
    const char *why;
    cr_assert_eq(gi_context_selected(ctx, &d, &why), GI_STATUS_OK);
    /* A alone is a quarter larger than the GPU's memory. The host side is a mapping that is
     * never touched: the backend reserves device memory before it reads a byte. */
    int64_t n = (int64_t)ceil(sqrt((double)d.global_mem_bytes * 1.25 / 8.0));
    size_t bytes = (size_t)n * (size_t)n * sizeof(double);
    double *A = mmap(NULL, bytes, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (A == MAP_FAILED)
        cr_skip("cannot map %zu bytes of address space for A here", bytes);
    double *B = calloc((size_t)n, sizeof *B), *C = calloc((size_t)n, sizeof *C);
    cr_assert(B && C);
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', n, 1, n, 1.0, A, n, B, n, 0.0, C, n),
                 GI_STATUS_OUT_OF_MEMORY, "%s", gi_last_error(ctx));
    char want[128];
    snprintf(want, sizeof want, "cudaMalloc(A) (%zu bytes): cudaErrorMemoryAllocation", bytes);
    cr_assert(strstr(gi_last_error(ctx), want), "%s", gi_last_error(ctx));
    cr_assert(strstr(gi_last_error(ctx), " bytes free)"), "%s", gi_last_error(ctx));
    /* The context stays usable. */
    double a = 2.0, b = 3.0, c = 0.0;
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 1, 1, 1, 1.0, &a, 1, &b, 1, 0.0, &c, 1), GI_STATUS_OK,
                 "%s", gi_last_error(ctx));
    cr_assert_eq(c, 6.0);
    munmap(A, bytes);
    free(B);
    free(C);
    gi_context_destroy(ctx);
}

Test(cuda_dgemm, stop_request_interrupts_and_the_next_call_runs)
{
    gi_context *ctx = open_device("cuda:0");
    int64_t n = 1500;
    double *A = matrix(n, n, n, 1, 0), *B = matrix(n, n, n, 2, 0), *C = matrix(n, n, n, 3, 0);
    gi_context_interrupt(ctx);
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', n, n, n, 1.0, A, n, B, n, 0.0, C, n),
                 GI_STATUS_INTERRUPTED, "%s", gi_last_error(ctx));
    gi_context_clear_interrupt(ctx);
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', n, n, n, 1.0, A, n, B, n, 0.0, C, n), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    gi_context_destroy(ctx);
    free(A);
    free(B);
    free(C);
}

Test(cuda_dgemm, cli_gemm_3000_verifies_on_the_gpu, .timeout = 120)
{
    const char *args[] = {"gemm", "--device", "cuda", "--size", "3000", "--verify", "--json", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 110);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(cJSON_IsObject(j), "%s", r->out);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "backend")->valuestring, "cuda");
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "verified")), "%s", r->out);
    cr_assert_gt(cJSON_GetObjectItem(j, "kernel_time_s")->valuedouble, 0.0);
    cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(j, "transfer_time_s")));
    cJSON_Delete(j);
    free(r);
}
