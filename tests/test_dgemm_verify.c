/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_dgemm_verify: passes correct products of every shape and transpose (with beta·C0), and
 * fails a result with one element off by a small relative amount, a NaN, a skipped beta·C0,
 * or a transposed operand — with the tolerance of include/gpuinteg/dgemm.h.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "dgemm_check.h"

static gi_context *ctx;

static void setup(void)
{
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, "serial"), GI_STATUS_OK);
}

static void teardown(void)
{
    gi_context_destroy(ctx);
}

TestSuite(dgemm_verify, .init = setup, .fini = teardown);

typedef struct product {
    int64_t m, n, k, lda, ldb, ldc;
    char ta, tb;
    double alpha, beta;
    double *A, *B, *C0, *C;
} product;

/* A correct product C = alpha·op(A)·op(B) + beta·C0 from the serial backend. */
static product make(char ta, char tb, int64_t m, int64_t n, int64_t k, double alpha, double beta)
{
    product p = {m, n, k, 0, 0, m + 2, ta, tb, alpha, beta, NULL, NULL, NULL, NULL};
    int64_t a_rows = ta == 'N' ? m : k, b_rows = tb == 'N' ? k : n;
    p.lda = a_rows + 1;
    p.ldb = b_rows;
    p.A = gi_test_matrix(a_rows, ta == 'N' ? k : m, p.lda, 1, NAN);
    p.B = gi_test_matrix(b_rows, tb == 'N' ? n : k, p.ldb, 2, NAN);
    p.C0 = gi_test_matrix(m, n, p.ldc, 3, 0);
    p.C = gi_test_matrix(m, n, p.ldc, 3, 0);
    cr_assert_eq(gi_dgemm(ctx, ta, tb, m, n, k, alpha, p.A, p.lda, p.B, p.ldb, beta, p.C, p.ldc),
                 GI_STATUS_OK, "%s", gi_last_error(ctx));
    return p;
}

static gi_status check(const product *p, gi_dgemm_check *out)
{
    return gi_dgemm_verify(ctx, p->ta, p->tb, p->m, p->n, p->k, p->alpha, p->A, p->lda, p->B,
                           p->ldb, p->beta, p->C0, p->ldc, p->C, p->ldc, out);
}

static void release(product *p)
{
    free(p->A);
    free(p->B);
    free(p->C0);
    free(p->C);
}

static double tolerance(int64_t n, int64_t k)
{
    double j = (double)(2 * k + n + 5), u = DBL_EPSILON / 2;
    return 2.0 * j * u / (1.0 - j * u);
}

Test(dgemm_verify, correct_products_pass)
{
    const int64_t shapes[][3] = {{1, 1, 1}, {64, 64, 64}, {37, 23, 300}, {200, 3, 5}};
    const double ab[][2] = {{1.0, 0.0}, {-2.0, 0.5}, {0.0, 3.0}};
    for (int s = 0; s < 4; s++)
        for (int t = 0; t < 4; t++)
            for (int c = 0; c < 3; c++) {
                product p = make(t & 1 ? 'T' : 'N', t & 2 ? 'T' : 'N', shapes[s][0], shapes[s][1],
                                 shapes[s][2], ab[c][0], ab[c][1]);
                gi_dgemm_check r;
                cr_assert_eq(check(&p, &r), GI_STATUS_OK, "shape %d trans %d case %d: %s", s, t, c,
                             gi_last_error(ctx));
                cr_assert_eq(r.vectors, GI_DGEMM_VERIFY_VECTORS);
                cr_assert_eq(r.tolerance, tolerance(p.n, p.k));
                /* A correct product's residual is rounding, well inside the worst case. */
                cr_assert_lt(r.max_rel_residual, r.tolerance / 2, "%g vs %g", r.max_rel_residual,
                             r.tolerance);
                cr_assert_str_empty(gi_last_error(ctx));
                release(&p);
            }
}

Test(dgemm_verify, one_wrong_element_fails)
{
    product p = make('N', 'T', 300, 200, 250, 1.0, 0.0);
    gi_dgemm_check r;
    cr_assert_eq(check(&p, &r), GI_STATUS_OK);
    /* An error δ at (i, j) adds δ·x_j, |x_j| ≥ ½, to row i, whose scale s_i is about
     * Σ_j |C_ij|·¾ over n = 200 columns; the tolerance 2γ(2k+n+5) ≈ 1.6e-13 times that is
     * exceeded once δ is above ~1e-10 of the row's size. 1e-8 relative is caught surely. */
    int64_t i = 123, j = 77;
    p.C[i + j * p.ldc] *= 1.0 + 1e-8;
    cr_assert_eq(check(&p, &r), GI_STATUS_VERIFICATION_FAILED);
    cr_assert_eq(r.worst_row, i);
    cr_assert_gt(r.max_rel_residual, r.tolerance);
    cr_assert(strstr(gi_last_error(ctx), "gi_dgemm_verify: row 123 of C is wrong: |residual| "),
              "%s", gi_last_error(ctx));
    cr_assert(strstr(gi_last_error(ctx), "= 2*gamma(2k+n+5); Freivalds vector 1 of 3)"), "%s",
              gi_last_error(ctx));
    release(&p);
}

Test(dgemm_verify, nan_skipped_beta_and_transposed_operand_fail)
{
    product p = make('T', 'N', 40, 30, 20, 1.5, -1.0);
    p.C[5 + 7 * p.ldc] = NAN;
    cr_assert_eq(check(&p, NULL), GI_STATUS_VERIFICATION_FAILED);
    cr_assert(strstr(gi_last_error(ctx), "row 5 of C: the residual is nan"), "%s",
              gi_last_error(ctx));
    release(&p);

    /* A backend that ignored beta·C0. */
    p = make('N', 'N', 40, 30, 20, 1.0, 0.0);
    p.beta = 1.0;
    cr_assert_eq(check(&p, NULL), GI_STATUS_VERIFICATION_FAILED);
    release(&p);

    /* A backend that ignored transa on a square matrix. */
    p = make('N', 'N', 32, 32, 32, 1.0, 0.0);
    p.ta = 'T';
    cr_assert_eq(check(&p, NULL), GI_STATUS_VERIFICATION_FAILED);
    release(&p);
}

Test(dgemm_verify, empty_and_zero_products)
{
    gi_dgemm_check r;
    cr_assert_eq(
        gi_dgemm_verify(ctx, 'N', 'N', 0, 5, 5, 1.0, NULL, 1, NULL, 5, 0.0, NULL, 1, NULL, 1, &r),
        GI_STATUS_OK, "%s", gi_last_error(ctx));
    cr_assert_eq(r.max_rel_residual, 0.0);
    double C[6] = {0, 0, 0, 0, 0, 0};
    cr_assert_eq(
        gi_dgemm_verify(ctx, 'N', 'N', 2, 3, 4, 0.0, NULL, 2, NULL, 4, 0.0, NULL, 1, C, 2, &r),
        GI_STATUS_OK);
    C[4] = 1e-300;
    cr_assert_eq(
        gi_dgemm_verify(ctx, 'N', 'N', 2, 3, 4, 0.0, NULL, 2, NULL, 4, 0.0, NULL, 1, C, 2, &r),
        GI_STATUS_VERIFICATION_FAILED, "C should be exactly zero");
    cr_assert_eq(r.worst_row, 0);
}
