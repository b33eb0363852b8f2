/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_dgemm's values on each backend of $GI_TEST_DEVICES against a long double reference,
 * within the tolerance derived in support/dgemm_check.h: every transpose, sizes 1, 7, 33 and
 * 257, shapes with m ≠ n ≠ k, padded leading dimensions (NaN in A's and B's padding, which
 * must not be read; C's padding must keep its bits), and BLAS's alpha/beta special cases.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "dgemm_check.h"
#include "integrate_check.h"

#define PAD 1234.5 /* C's padding: must survive bit for bit */

static gi_context *open_device(const char *device)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, device), GI_STATUS_OK, "%s: %s", device,
                 gi_last_error(ctx));
    return ctx;
}

typedef struct gemm_case {
    char ta, tb;
    int64_t m, n, k;
    int64_t extra; /* added to every leading dimension */
    double alpha, beta;
} gemm_case;

/* Runs one case on ctx and checks it against the reference. */
static void run_case(gi_context *ctx, const char *device, const gemm_case *c, uint64_t seed)
{
    int64_t a_rows = c->ta == 'N' ? c->m : c->k, a_cols = c->ta == 'N' ? c->k : c->m;
    int64_t b_rows = c->tb == 'N' ? c->k : c->n, b_cols = c->tb == 'N' ? c->n : c->k;
    int64_t lda = a_rows + c->extra, ldb = b_rows + c->extra, ldc = c->m + c->extra;
    double *A = gi_test_matrix(a_rows, a_cols, lda, seed, NAN);
    double *B = gi_test_matrix(b_rows, b_cols, ldb, seed + 1, NAN);
    double *C = gi_test_matrix(c->m, c->n, ldc, seed + 2, PAD);
    double *C0 = gi_test_matrix(c->m, c->n, ldc, seed + 2, PAD);
    long double *ref = malloc((size_t)(c->m * c->n) * sizeof *ref);
    long double *scale = malloc((size_t)(c->m * c->n) * sizeof *scale);
    cr_assert(ref && scale);
    gi_test_dgemm_oracle(c->ta, c->tb, c->m, c->n, c->k, c->alpha, A, lda, B, ldb, c->beta, C0, ldc,
                         ref, scale);
    gi_status st =
        gi_dgemm(ctx, c->ta, c->tb, c->m, c->n, c->k, c->alpha, A, lda, B, ldb, c->beta, C, ldc);
    char what[200];
    snprintf(what, sizeof what, "%s %c%c m=%lld n=%lld k=%lld ld+%lld alpha=%g beta=%g", device,
             c->ta, c->tb, (long long)c->m, (long long)c->n, (long long)c->k, (long long)c->extra,
             c->alpha, c->beta);
    cr_assert_eq(st, GI_STATUS_OK, "%s: %s", what, gi_last_error(ctx));
    gi_test_dgemm_expect(what, c->m, c->n, c->k, C, ldc, ref, scale, PAD);
    free(A);
    free(B);
    free(C);
    free(C0);
    free(ref);
    free(scale);
}

static const char trans[2] = {'N', 'T'};

Test(dgemm_values, every_transpose_and_size)
{
    const int64_t sizes[] = {1, 7, 33, 257};
    const char *devices[16];
    int nd = gi_test_devices(devices);
    for (int d = 0; d < nd; d++) {
        gi_context *ctx = open_device(devices[d]);
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
                for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
                    int64_t n = sizes[s];
                    gemm_case c = {trans[a], trans[b], n, n, n, 0, 1.0, 0.0};
                    run_case(ctx, devices[d], &c, 100 + (uint64_t)s);
                }
        gi_context_destroy(ctx);
    }
}

Test(dgemm_values, non_square_shapes_with_padding)
{
    /* m ≠ n ≠ k, each crossing the serial kernel's 8-row, 6-column and 256-deep blocks. */
    const int64_t shapes[][3] = {
        {37, 23, 51}, {130, 7, 300}, {5, 129, 2}, {1, 300, 9}, {300, 1, 1}};
    const char *devices[16];
    int nd = gi_test_devices(devices);
    for (int d = 0; d < nd; d++) {
        gi_context *ctx = open_device(devices[d]);
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
                for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
                    gemm_case c = {trans[a],     trans[b], shapes[s][0], shapes[s][1],
                                   shapes[s][2], 3,        -1.5,         0.75};
                    run_case(ctx, devices[d], &c, 200 + (uint64_t)s);
                }
        gi_context_destroy(ctx);
    }
}

Test(dgemm_values, alpha_and_beta_cases)
{
    const double alphas[] = {1.0, -2.0, 0.5}, betas[] = {0.0, 1.0, -1.0, 2.5};
    const char *devices[16];
    int nd = gi_test_devices(devices);
    for (int d = 0; d < nd; d++) {
        gi_context *ctx = open_device(devices[d]);
        for (size_t x = 0; x < 3; x++)
            for (size_t y = 0; y < 4; y++) {
                gemm_case c = {'T', 'N', 19, 11, 40, 2, alphas[x], betas[y]};
                run_case(ctx, devices[d], &c, 300 + x * 4 + y);
            }
        gi_context_destroy(ctx);
    }
}

Test(dgemm_values, beta_zero_never_reads_c)
{
    const double fills[] = {NAN, INFINITY, -INFINITY};
    const char *devices[16];
    int nd = gi_test_devices(devices);
    for (int d = 0; d < nd; d++) {
        gi_context *ctx = open_device(devices[d]);
        for (size_t f = 0; f < 3; f++) {
            int64_t m = 33, n = 17, k = 29, ldc = m + 1;
            double *A = gi_test_matrix(m, k, m, 1, NAN), *B = gi_test_matrix(k, n, k, 2, NAN);
            double *C = gi_test_matrix_fill(m, n, ldc, fills[f]);
            long double ref[33 * 17], scale[33 * 17];
            gi_test_dgemm_oracle('N', 'N', m, n, k, 1.0, A, m, B, k, 0.0, NULL, ldc, ref, scale);
            for (int64_t j = 0; j < n; j++)
                C[m + j * ldc] = PAD;
            cr_assert_eq(gi_dgemm(ctx, 'N', 'N', m, n, k, 1.0, A, m, B, k, 0.0, C, ldc),
                         GI_STATUS_OK, "%s", gi_last_error(ctx));
            char what[64];
            snprintf(what, sizeof what, "%s, C full of %g, beta = 0", devices[d], fills[f]);
            gi_test_dgemm_expect(what, m, n, k, C, ldc, ref, scale, PAD);

            /* alpha = 0 and beta = 0: zeros, reading neither C nor A nor B (NULL here). */
            double *Z = gi_test_matrix_fill(m, n, ldc, fills[f]);
            cr_assert_eq(gi_dgemm(ctx, 'N', 'N', m, n, k, 0.0, NULL, m, NULL, k, 0.0, Z, ldc),
                         GI_STATUS_OK, "%s", gi_last_error(ctx));
            for (int64_t j = 0; j < n; j++)
                for (int64_t i = 0; i < m; i++)
                    cr_assert(Z[i + j * ldc] == 0.0 && !signbit(Z[i + j * ldc]),
                              "%s: alpha = beta = 0 must give +0, got %g", devices[d],
                              Z[i + j * ldc]);
            cr_assert(memcmp(&Z[m], &fills[f], sizeof(double)) == 0, "padding changed");
            free(A);
            free(B);
            free(C);
            free(Z);
        }
        gi_context_destroy(ctx);
    }
}

Test(dgemm_values, alpha_zero_or_k_zero_never_reads_a_or_b)
{
    const char *devices[16];
    int nd = gi_test_devices(devices);
    for (int d = 0; d < nd; d++) {
        gi_context *ctx = open_device(devices[d]);
        int64_t m = 9, n = 4, ldc = 12;
        double *nan_a = gi_test_matrix_fill(m, 5, m, NAN),
               *nan_b = gi_test_matrix_fill(5, n, 5, NAN);
        const struct {
            double alpha;
            int64_t k;
            const double *A, *B;
        } cases[] = {{0.0, 5, NULL, NULL},
                     {0.0, 5, nan_a, nan_b},
                     {2.0, 0, NULL, NULL},
                     {2.0, 0, nan_a, nan_b}};
        for (size_t c = 0; c < 4; c++) {
            double *C = gi_test_matrix(m, n, ldc, 7, PAD), *C0 = gi_test_matrix(m, n, ldc, 7, PAD);
            cr_assert_eq(gi_dgemm(ctx, 'N', 'T', m, n, cases[c].k, cases[c].alpha, cases[c].A, m,
                                  cases[c].B, n, -3.0, C, ldc),
                         GI_STATUS_OK, "%s: %s", devices[d], gi_last_error(ctx));
            for (int64_t j = 0; j < n; j++) {
                for (int64_t i = 0; i < m; i++)
                    cr_assert_eq(C[i + j * ldc], -3.0 * C0[i + j * ldc],
                                 "%s case %zu: C(%lld,%lld) = %g, want beta*C0 = %g", devices[d], c,
                                 (long long)i, (long long)j, C[i + j * ldc],
                                 -3.0 * C0[i + j * ldc]);
                for (int64_t i = m; i < ldc; i++)
                    cr_assert_eq(C[i + j * ldc], PAD);
            }
            free(C);
            free(C0);
        }
        free(nan_a);
        free(nan_b);
        gi_context_destroy(ctx);
    }
}

Test(dgemm_values, quick_returns_touch_nothing)
{
    const char *devices[16];
    int nd = gi_test_devices(devices);
    for (int d = 0; d < nd; d++) {
        gi_context *ctx = open_device(devices[d]);
        double *C = gi_test_matrix_fill(4, 3, 4, NAN);
        /* beta = 1 with alpha = 0 or k = 0: C stays as it is, NaN included; nothing is read. */
        cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 4, 3, 5, 0.0, NULL, 4, NULL, 5, 1.0, C, 4),
                     GI_STATUS_OK);
        cr_assert_eq(gi_dgemm(ctx, 'T', 'T', 4, 3, 0, 1.0, NULL, 1, NULL, 3, 1.0, C, 4),
                     GI_STATUS_OK);
        for (int i = 0; i < 12; i++)
            cr_assert(isnan(C[i]), "C(%d) was written", i);
        /* m = 0 or n = 0: no matrix is touched, NULL everywhere is fine. */
        cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 0, 3, 5, 1.0, NULL, 1, NULL, 5, 0.0, NULL, 1),
                     GI_STATUS_OK, "%s", gi_last_error(ctx));
        cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 4, 0, 5, 1.0, NULL, 4, NULL, 5, 0.0, NULL, 4),
                     GI_STATUS_OK, "%s", gi_last_error(ctx));
        free(C);
        gi_context_destroy(ctx);
    }
}

Test(dgemm_values, lower_case_and_c_mean_the_same)
{
    const char *devices[16];
    int nd = gi_test_devices(devices);
    for (int d = 0; d < nd; d++) {
        gi_context *ctx = open_device(devices[d]);
        int64_t n = 21;
        double *A = gi_test_matrix(n, n, n, 11, 0), *B = gi_test_matrix(n, n, n, 12, 0);
        double *want = gi_test_matrix_fill(n, n, n, 0), *got = gi_test_matrix_fill(n, n, n, 0);
        cr_assert_eq(gi_dgemm(ctx, 'T', 'N', n, n, n, 1.0, A, n, B, n, 0.0, want, n), GI_STATUS_OK);
        const char letters[][2] = {{'t', 'n'}, {'C', 'N'}, {'c', 'n'}};
        for (int l = 0; l < 3; l++) {
            cr_assert_eq(
                gi_dgemm(ctx, letters[l][0], letters[l][1], n, n, n, 1.0, A, n, B, n, 0.0, got, n),
                GI_STATUS_OK, "%s", gi_last_error(ctx));
            cr_assert(gi_test_same_bits(n, n, want, n, got, n),
                      "%s: '%c','%c' differs from 'T','N'", devices[d], letters[l][0],
                      letters[l][1]);
        }
        free(A);
        free(B);
        free(want);
        free(got);
        gi_context_destroy(ctx);
    }
}
