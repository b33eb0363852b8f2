/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "dgemm_check.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

double gi_test_gamma(double j, double u)
{
    return j * u / (1.0 - j * u);
}

double *gi_test_matrix_fill(int64_t rows, int64_t cols, int64_t ld, double v)
{
    cr_assert_geq(ld, rows);
    size_t len = (size_t)(ld * (cols > 0 ? cols : 1));
    double *X = malloc(len * sizeof *X);
    cr_assert(X);
    for (size_t i = 0; i < len; i++)
        X[i] = v;
    return X;
}

double *gi_test_matrix(int64_t rows, int64_t cols, int64_t ld, uint64_t seed, double pad)
{
    double *X = gi_test_matrix_fill(rows, cols, ld, pad);
    for (int64_t j = 0; j < cols; j++) {
        double *col = X + j * ld;
        cr_assert_eq(gi_random_uniform(seed, (uint64_t)(j * rows), col, (size_t)rows),
                     GI_STATUS_OK);
        for (int64_t i = 0; i < rows; i++)
            col[i] = 2.0 * col[i] - 1.0;
    }
    return X;
}

static double op(char trans, const double *X, int64_t ld, int64_t i, int64_t j)
{
    return trans == 'N' || trans == 'n' ? X[i + j * ld] : X[j + i * ld];
}

double *gi_test_transposed_copy(char trans, int64_t rows, int64_t cols, const double *X,
                                int64_t ldx, int64_t ld_out, double pad)
{
    double *Y = gi_test_matrix_fill(rows, cols, ld_out, pad);
    for (int64_t j = 0; j < cols; j++)
        for (int64_t i = 0; i < rows; i++)
            Y[i + j * ld_out] = op(trans, X, ldx, i, j);
    return Y;
}

void gi_test_dgemm_oracle(char transa, char transb, int64_t m, int64_t n, int64_t k, double alpha,
                          const double *A, int64_t lda, const double *B, int64_t ldb, double beta,
                          const double *C0, int64_t ldc, long double *ref, long double *scale)
{
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < m; i++) {
            long double s = 0.0L, sa = 0.0L;
            if (alpha != 0.0)
                for (int64_t p = 0; p < k; p++) {
                    long double x = (long double)op(transa, A, lda, i, p) *
                                    (long double)op(transb, B, ldb, p, j);
                    s += x;
                    sa += fabsl(x);
                }
            long double c = beta != 0.0 ? (long double)C0[i + j * ldc] : 0.0L;
            ref[i + j * m] = (long double)alpha * s + (long double)beta * c;
            scale[i + j * m] = fabsl((long double)alpha) * sa + fabsl((long double)beta * c);
        }
}

void gi_test_dgemm_expect(const char *what, int64_t m, int64_t n, int64_t k, const double *C,
                          int64_t ldc, const long double *ref, const long double *scale, double pad)
{
    const double u = DBL_EPSILON / 2, u_long = LDBL_EPSILON / 2;
    const double factor =
        gi_test_gamma((double)k + 2, u) + 2 * gi_test_gamma((double)k + 2, u_long);
    for (int64_t j = 0; j < n; j++) {
        for (int64_t i = 0; i < m; i++) {
            double c = C[i + j * ldc];
            long double want = ref[i + j * m], tol = factor * scale[i + j * m];
            cr_assert(isfinite(c), "%s: C(%lld,%lld) = %g is not finite (want %.17Lg)", what,
                      (long long)i, (long long)j, c, want);
            cr_assert_leq(fabsl((long double)c - want), tol,
                          "%s: C(%lld,%lld) = %.17g, reference %.17Lg, difference %.3Lg > "
                          "tolerance %.3Lg",
                          what, (long long)i, (long long)j, c, want, fabsl((long double)c - want),
                          tol);
        }
        for (int64_t i = m; i < ldc; i++)
            cr_assert(memcmp(&C[i + j * ldc], &pad, sizeof pad) == 0,
                      "%s: padding C(%lld,%lld) changed from %g to %g", what, (long long)i,
                      (long long)j, pad, C[i + j * ldc]);
    }
}

int gi_test_same_bits(int64_t m, int64_t n, const double *X, int64_t ldx, const double *Y,
                      int64_t ldy)
{
    for (int64_t j = 0; j < n; j++)
        if (memcmp(X + j * ldx, Y + j * ldy, (size_t)m * sizeof *X) != 0)
            return 0;
    return 1;
}
