/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_dgemm on the opencl backend (CLBlast) with the serial backend as the oracle: every
 * transpose, sizes 1, 7, 33 and 129, m ≠ n ≠ k, padded leading dimensions (NaN in A's and B's
 * padding, which must not be read; C's padding must keep its bits), CLBlast's padded
 * ("indirect") path, beta = 0 over NaN, repeated runs, device timings, and the CLI's --verify.
 *
 * Tolerance against serial: each backend's element is within γ_{k+2}·S of the exact value
 * (support/dgemm_check.h, S = |alpha|·|op(A)||op(B)| + |beta|·|C0|), so the two differ by at
 * most 2·γ_{k+2}·S; S is taken from the long double oracle, itself within γ'_k of S (u' = 2⁻⁶⁴),
 * which the factor 1 + 2⁻³⁰ covers with room to spare for any k here.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_run.h"
#include "dgemm_check.h"
#include "opencl_pick.h"

#define PAD 1234.5 /* C's padding: must survive bit for bit */

static gi_context *open_device(const char *spec)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, spec), GI_STATUS_OK, "%s: %s", spec, gi_last_error(ctx));
    return ctx;
}

typedef struct gemm_case {
    char ta, tb;
    int64_t m, n, k;
    int64_t extra; /* added to every leading dimension */
    double alpha, beta;
} gemm_case;

/* Runs c on opencl (ctx) and serial, and compares them element by element. */
static void against_serial(gi_context *ocl, gi_context *ser, const gemm_case *c, uint64_t seed)
{
    int64_t a_rows = c->ta == 'N' ? c->m : c->k, a_cols = c->ta == 'N' ? c->k : c->m;
    int64_t b_rows = c->tb == 'N' ? c->k : c->n, b_cols = c->tb == 'N' ? c->n : c->k;
    int64_t lda = a_rows + c->extra, ldb = b_rows + c->extra, ldc = c->m + c->extra;
    double *A = gi_test_matrix(a_rows, a_cols, lda, seed, NAN);
    double *B = gi_test_matrix(b_rows, b_cols, ldb, seed + 1, NAN);
    double *C = gi_test_matrix(c->m, c->n, ldc, seed + 2, PAD);
    double *S = gi_test_matrix(c->m, c->n, ldc, seed + 2, PAD);
    long double *ref = malloc((size_t)(c->m * c->n) * sizeof *ref);
    long double *scale = malloc((size_t)(c->m * c->n) * sizeof *scale);
    cr_assert(ref && scale);
    gi_test_dgemm_oracle(c->ta, c->tb, c->m, c->n, c->k, c->alpha, A, lda, B, ldb, c->beta, C, ldc,
                         ref, scale);
    char what[200];
    snprintf(what, sizeof what, "%c%c m=%lld n=%lld k=%lld ld+%lld alpha=%g beta=%g", c->ta, c->tb,
             (long long)c->m, (long long)c->n, (long long)c->k, (long long)c->extra, c->alpha,
             c->beta);
    cr_assert_eq(
        gi_dgemm(ocl, c->ta, c->tb, c->m, c->n, c->k, c->alpha, A, lda, B, ldb, c->beta, C, ldc),
        GI_STATUS_OK, "%s: %s", what, gi_last_error(ocl));
    cr_assert_eq(
        gi_dgemm(ser, c->ta, c->tb, c->m, c->n, c->k, c->alpha, A, lda, B, ldb, c->beta, S, ldc),
        GI_STATUS_OK, "%s: %s", what, gi_last_error(ser));
    const double u = ldexp(1.0, -53), bound = 2 * gi_test_gamma((double)c->k + 2, u);
    for (int64_t j = 0; j < c->n; j++) {
        for (int64_t i = 0; i < c->m; i++) {
            double x = C[i + j * ldc], y = S[i + j * ldc];
            double tol = bound * (double)scale[i + j * c->m] * (1 + ldexp(1.0, -30));
            cr_assert(fabs(x - y) <= tol,
                      "%s: C(%lld,%lld) opencl %.17g, serial %.17g, |diff| %.3g > %.3g", what,
                      (long long)i, (long long)j, x, y, fabs(x - y), tol);
        }
        for (int64_t i = c->m; i < ldc; i++)
            cr_assert(memcmp(&C[i + j * ldc], &(double){PAD}, sizeof(double)) == 0,
                      "%s: padding C(%lld,%lld) was written", what, (long long)i, (long long)j);
    }
    /* And against the long double reference itself. */
    gi_test_dgemm_expect(what, c->m, c->n, c->k, C, ldc, ref, scale, PAD);
    free(A);
    free(B);
    free(C);
    free(S);
    free(ref);
    free(scale);
}

static const char trans[2] = {'N', 'T'};

Test(opencl_gemm, every_transpose_odd_sizes_and_shapes, .timeout = 240)
{
    gi_context *ocl = open_device(gi_test_opencl_spec()), *ser = open_device("serial");
    const int64_t shapes[][3] = {{1, 1, 1},    {7, 7, 7},    {33, 33, 33}, {129, 129, 129},
                                 {7, 33, 129}, {129, 1, 33}, {33, 129, 7}, {1, 129, 7}};
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
                gemm_case c = {trans[a],     trans[b],       shapes[s][0], shapes[s][1],
                               shapes[s][2], (int64_t)s % 3, 1.25,         -0.5};
                against_serial(ocl, ser, &c, 500 + 10 * (uint64_t)s);
            }
    gi_context_destroy(ocl);
    gi_context_destroy(ser);
}

Test(opencl_gemm, clblast_padded_path_with_padded_leading_dimensions, .timeout = 240)
{
    /* m·n·k above CLBlast's XGEMM_MIN_INDIRECT_SIZE³ (its database default is 448³ or less):
     * CLBlast pads and transposes into temporary buffers, runs its tiled kernel and copies C
     * back out; sides that are not multiples of any tile size exercise every edge. */
    gi_context *ocl = open_device(gi_test_opencl_spec()), *ser = open_device("serial");
    const gemm_case cases[] = {{'N', 'N', 461, 453, 467, 5, -1.0, 2.0},
                               {'T', 'T', 453, 467, 461, 0, 0.5, 0.0},
                               {'T', 'N', 467, 461, 453, 1, 1.0, 1.0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        against_serial(ocl, ser, &cases[i], 700 + 10 * (uint64_t)i);
    gi_context_destroy(ocl);
    gi_context_destroy(ser);
}

Test(opencl_gemm, beta_zero_over_nan_and_repeated_bits)
{
    gi_context *ocl = open_device(gi_test_opencl_spec()), *ser = open_device("serial");
    int64_t m = 129, n = 33, k = 7, ldc = m + 2;
    double *A = gi_test_matrix(k, m, k, 11, NAN), *B = gi_test_matrix(k, n, k, 12, NAN);
    double *C1 = gi_test_matrix_fill(m, n, ldc, NAN), *C2 = gi_test_matrix_fill(m, n, ldc, NAN);
    double *S = gi_test_matrix_fill(m, n, ldc, NAN);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = m; i < ldc; i++)
            C1[i + j * ldc] = C2[i + j * ldc] = S[i + j * ldc] = PAD;
    cr_assert_eq(gi_dgemm(ocl, 'T', 'N', m, n, k, 1.0, A, k, B, k, 0.0, C1, ldc), GI_STATUS_OK,
                 "%s", gi_last_error(ocl));
    cr_assert_eq(gi_dgemm(ocl, 'T', 'N', m, n, k, 1.0, A, k, B, k, 0.0, C2, ldc), GI_STATUS_OK,
                 "%s", gi_last_error(ocl));
    cr_assert_eq(gi_dgemm(ser, 'T', 'N', m, n, k, 1.0, A, k, B, k, 0.0, S, ldc), GI_STATUS_OK);
    cr_assert(gi_test_same_bits(m, n, C1, ldc, C2, ldc), "two runs differ");
    long double ref[129 * 33], scale[129 * 33];
    gi_test_dgemm_oracle('T', 'N', m, n, k, 1.0, A, k, B, k, 0.0, NULL, ldc, ref, scale);
    gi_test_dgemm_expect("opencl, C full of NaN, beta = 0", m, n, k, C1, ldc, ref, scale, PAD);
    gi_test_dgemm_expect("serial, C full of NaN, beta = 0", m, n, k, S, ldc, ref, scale, PAD);
    free(A);
    free(B);
    free(C1);
    free(C2);
    free(S);
    gi_context_destroy(ocl);
    gi_context_destroy(ser);
}

Test(opencl_gemm, timings_come_from_the_device)
{
    gi_context *ocl = open_device(gi_test_opencl_spec());
    int64_t n = 200;
    double *A = gi_test_matrix(n, n, n, 1, 0), *B = gi_test_matrix(n, n, n, 2, 0);
    double *C = gi_test_matrix(n, n, n, 3, 0);
    cr_assert_eq(gi_dgemm(ocl, 'N', 'N', n, n, n, 1.0, A, n, B, n, 1.0, C, n), GI_STATUS_OK, "%s",
                 gi_last_error(ocl));
    gi_timing t;
    cr_assert_eq(gi_last_timing(ocl, &t), GI_STATUS_OK);
    cr_assert_str_eq(t.backend, "opencl");
    cr_assert_gt(t.kernel_time_s, 0.0, "no kernel time from profiling");
    cr_assert_gt(t.transfer_time_s, 0.0, "no transfer time from profiling");
    /* CLBlast compiles (or loads) its kernels inside the call: the device timers, which do not
     * count that, measure a part of the wall time. */
    cr_assert_leq(t.kernel_time_s + t.transfer_time_s, t.time_s, "kernel %g + transfer %g > %g",
                  t.kernel_time_s, t.transfer_time_s, t.time_s);
    free(A);
    free(B);
    free(C);
    gi_context_destroy(ocl);
}

Test(opencl_gemm, cli_verify_at_size_1000, .timeout = 240)
{
    const char *args[] = {"gemm",     "--device", gi_test_opencl_spec(), "--size", "1000",
                          "--verify", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 240);
    cr_assert_eq(r->exit_code, 0, "exit %d: %s", r->exit_code, r->err);
    cr_assert(strstr(r->out, "\nVerified: yes, max relative residual "), "%s", r->out);
    cr_assert(strstr(r->out, "\nBackend: opencl on "), "%s", r->out);
    free(r);
}

typedef struct gemm_worker {
    const char *spec;
    int failures;
    char error[256];
} gemm_worker;

static void *gemm_rounds(void *arg)
{
    gemm_worker *w = arg;
    enum { N = 48 };
    double A[N * N], B[N * N], C[N * N];
    for (int i = 0; i < N * N; i++) {
        A[i] = 1.0;
        B[i] = 0.5;
    }
    for (int r = 0; r < 25; r++) {
        gi_context *ctx;
        if (gi_context_create(&ctx) != GI_STATUS_OK) {
            w->failures++;
            continue;
        }
        for (int i = 0; i < N * N; i++)
            C[i] = NAN;
        if (gi_context_select(ctx, w->spec) != GI_STATUS_OK ||
            gi_dgemm(ctx, 'N', 'T', N, N, N, 1.0, A, N, B, N, 0.0, C, N) != GI_STATUS_OK) {
            snprintf(w->error, sizeof w->error, "%s", gi_last_error(ctx));
            w->failures++;
        } else {
            for (int i = 0; i < N * N; i++)
                if (C[i] != 0.5 * N) {
                    snprintf(w->error, sizeof w->error, "C[%d] = %g, want %g", i, C[i], 0.5 * N);
                    w->failures++;
                    break;
                }
        }
        gi_context_destroy(ctx); /* drops CLBlast's programs for its context */
    }
    return NULL;
}

Test(opencl_gemm, contexts_in_several_threads, .timeout = 120)
{
    /* Each context's end clears CLBlast's process-wide cache while other threads are inside
     * CLBlastDgemm: without the backend's lock CLBlast 1.5 crashes here now and then. */
    const char *spec = gi_test_opencl_spec();
    gemm_worker w[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        w[i] = (gemm_worker){.spec = spec};
        cr_assert_eq(pthread_create(&th[i], NULL, gemm_rounds, &w[i]), 0);
    }
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(w[i].failures, 0, "thread %d: %s", i, w[i].error);
}
