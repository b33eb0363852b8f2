/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * tests/support/dgemm_check.h — test matrices, an exact-enough reference product, and the
 * tolerance a correct dgemm must meet, derived from the numerics.
 *
 * Tolerance. With u = 2⁻⁵³ and γ_j = j·u/(1 − j·u), a product that forms each element as a
 * sum of k products in any order (blocked, threaded, with or without FMA; what every backend
 * does) satisfies elementwise (Higham, Accuracy and Stability of Numerical Algorithms, §3.5)
 *     |C − (alpha·op(A)·op(B) + beta·C0)| ≤ γ_{k+2}·S,  S = |alpha|·|op(A)||op(B)| + |beta|·|C0|
 * (k−1 additions and k multiplications in the sums, one for alpha, one for beta·C0 and one to
 * add it). The reference is summed in long double (u' = 2⁻⁶⁴), so it is itself within
 * γ'_{k+2}·S of the exact value, and S is computed to γ'_k. A result passes when
 *     |C − ref| ≤ (γ_{k+2} + 2·γ'_{k+2})·S
 * which a correct backend always meets and which fails for any error above ~k·u of the scale.
 */
#ifndef GI_TEST_DGEMM_CHECK_H
#define GI_TEST_DGEMM_CHECK_H

#include <stdint.h>

/* γ_j for unit roundoff u. */
double gi_test_gamma(double j, double u);

/* A rows×cols column-major matrix with leading dimension ld ≥ rows, malloc'd: entries uniform
 * in [-1, 1) from stream seed, padding rows (ld > rows) set to pad. Free with free(). */
double *gi_test_matrix(int64_t rows, int64_t cols, int64_t ld, uint64_t seed, double pad);

/* The same matrix with every element (padding too) set to v. */
double *gi_test_matrix_fill(int64_t rows, int64_t cols, int64_t ld, double v);

/* Copies op(X) of an rows×cols op(X) into a new rows×cols matrix with leading dimension
 * ld_out (padding pad): what the 'N' case of a transposed call sees. */
double *gi_test_transposed_copy(char trans, int64_t rows, int64_t cols, const double *X,
                                int64_t ldx, int64_t ld_out, double pad);

/* ref (m×n, leading dimension m) = alpha·op(A)·op(B) + beta·C0 and scale = S, in long double.
 * C0 is not read when beta = 0, A and B not when alpha = 0. */
void gi_test_dgemm_oracle(char transa, char transb, int64_t m, int64_t n, int64_t k, double alpha,
                          const double *A, int64_t lda, const double *B, int64_t ldb, double beta,
                          const double *C0, int64_t ldc, long double *ref, long double *scale);

/* Asserts that C (leading dimension ldc) is within the tolerance above of ref everywhere,
 * and that its padding rows still hold pad, bit for bit. `what` names the case. */
void gi_test_dgemm_expect(const char *what, int64_t m, int64_t n, int64_t k, const double *C,
                          int64_t ldc, const long double *ref, const long double *scale,
                          double pad);

/* 1 when the m×n blocks of X and Y (leading dimensions ldx, ldy) have the same bits. */
int gi_test_same_bits(int64_t m, int64_t n, const double *X, int64_t ldx, const double *Y,
                      int64_t ldy);

#endif /* GI_TEST_DGEMM_CHECK_H */
