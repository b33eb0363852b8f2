/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CBLAS entry points: cblas_dgemm with 32-bit integers, and cblas_dgemm64_ with 64-bit
 * ones (OpenBLAS 0.3.x's ILP64 name, SYMBOLSUFFIX=64_), also as cblas_dgemm_64 (the name
 * reference LAPACK 3.11's CBLAS and MKL give it; the Fortran dgemm_64_ is the same in both). A
 * row-major product is the column-major product of the transposes, Cᵀ = op(B)ᵀ·op(A)ᵀ, as reference
 * CBLAS computes it.
 *
 * Errors as reference CBLAS reports them through cblas_xerbla: 1 Order, 2 TransA, 3 TransB
 * ("Illegal … setting, %d"); the sizes by their position in the caller's cblas_dgemm call
 * (4 M, 5 N, 6 K, 9 lda, 11 ldb, 14 ldc), whichever order it used.
 */
#include <stdint.h>

#include "blas_export.h"
#include "blas_real.h"
#include "blas_route.h"

enum { ROW_MAJOR = 101, COL_MAJOR = 102, NO_TRANS = 111, TRANS = 112, CONJ_TRANS = 113 };

static char letter(int trans)
{
    return trans == NO_TRANS ? 'N' : trans == TRANS ? 'T' : trans == CONJ_TRANS ? 'C' : 0;
}

/* DGEMM's position in the column-major call → the position in the caller's cblas_dgemm. */
static int cblas_position(int f77, int row_major)
{
    static const int col[14] = {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
    static const int row[14] = {0, 3, 2, 5, 4, 6, 7, 10, 11, 8, 9, 12, 13, 14};
    if (f77 < 1 || f77 > 13)
        return f77;
    return row_major ? row[f77] : col[f77];
}

static void illegal(const gi_blas_gemm *g, int position, const char *message)
{
    cblas_xerbla(cblas_position(position, g->row_major), "cblas_dgemm", "%s\n", message);
}

/* Checks what only CBLAS has (the enums) and describes the call in column-major form. Returns
 * 0 after reporting an illegal enum. */
static int describe(gi_blas_gemm *g, int order, int transa, int transb, int64_t m, int64_t n,
                    int64_t k, double alpha, const double *A, int64_t lda, const double *B,
                    int64_t ldb, double beta, double *C, int64_t ldc)
{
    if (order != ROW_MAJOR && order != COL_MAJOR) {
        cblas_xerbla(1, "cblas_dgemm", "Illegal Order setting, %d\n", order);
        return 0;
    }
    char ta = letter(transa), tb = letter(transb);
    if (!ta) {
        cblas_xerbla(2, "cblas_dgemm", "Illegal TransA setting, %d\n", transa);
        return 0;
    }
    if (!tb) {
        cblas_xerbla(3, "cblas_dgemm", "Illegal TransB setting, %d\n", transb);
        return 0;
    }
    /* Row-major: the column-major product of the transposes, Cᵀ = op(B)ᵀ·op(A)ᵀ. */
    int row = order == ROW_MAJOR;
    g->call = (gi_dgemm_args){.transa = row ? tb : ta,
                              .transb = row ? ta : tb,
                              .m = row ? n : m,
                              .n = row ? m : n,
                              .k = k,
                              .alpha = alpha,
                              .A = row ? B : A,
                              .lda = row ? ldb : lda,
                              .B = row ? A : B,
                              .ldb = row ? lda : ldb,
                              .beta = beta,
                              .C = C,
                              .ldc = ldc};
    g->illegal = illegal;
    g->row_major = row;
    return 1;
}

GI_BLAS_EXPORT void cblas_dgemm(int order, int transa, int transb, int m, int n, int k,
                                double alpha, const double *A, int lda, const double *B, int ldb,
                                double beta, double *C, int ldc)
{
    const gi_blas_real *real = gi_blas_real_get();
    if (gi_blas_inside()) { /* gpuinteg's own OpenBLAS call: not ours to route */
        real->cblas_dgemm(order, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    gi_blas_gemm g = {.api = "cblas_dgemm"};
    if (!describe(&g, order, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc))
        return;
    const char *why;
    if (gi_blas_ran_on_device(&g, &why))
        return;
    double start = gi_blas_now();
    real->cblas_dgemm(order, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
    gi_blas_record_cpu(&g, gi_blas_now() - start, why);
}

GI_BLAS_EXPORT void cblas_dgemm64_(int order, int transa, int transb, int64_t m, int64_t n,
                                   int64_t k, double alpha, const double *A, int64_t lda,
                                   const double *B, int64_t ldb, double beta, double *C,
                                   int64_t ldc)
{
    gi_blas_gemm g = {.api = "cblas_dgemm64_"};
    if (!describe(&g, order, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc))
        return;
    if (!gi_blas_fits_int(&g)) {
        gi_blas_run_wide(&g);
        return;
    }
    const char *why;
    if (gi_blas_ran_on_device(&g, &why))
        return;
    double start = gi_blas_now();
    gi_blas_real_get()->cblas_dgemm(order, transa, transb, (int)m, (int)n, (int)k, alpha, A,
                                    (int)lda, B, (int)ldb, beta, C, (int)ldc);
    gi_blas_record_cpu(&g, gi_blas_now() - start, why);
}

GI_BLAS_EXPORT void cblas_dgemm_64(int order, int transa, int transb, int64_t m, int64_t n,
                                   int64_t k, double alpha, const double *A, int64_t lda,
                                   const double *B, int64_t ldb, double beta, double *C,
                                   int64_t ldc)
{
    cblas_dgemm64_(order, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}
