/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/blas/blas_real.h — the system BLAS underneath libgpuinteg_blas, and the guard that keeps
 * gpuinteg's own BLAS calls away from the interposed symbols.
 *
 * Under LD_PRELOAD (or as libblas.so.3) our dgemm_ and cblas_dgemm come first in the process's
 * symbol search order, also for libgpuinteg's openmp backend, whose cblas_dgemm would then
 * call back into us. Two things stop that: the real functions are taken from OpenBLAS's own
 * file (found through a symbol only OpenBLAS defines, so never one of ours), and a per-thread
 * flag marks "inside gpuinteg": an interposed call arriving while it is set goes straight to
 * OpenBLAS.
 */
#ifndef GI_BLAS_REAL_H
#define GI_BLAS_REAL_H

#include <stddef.h>

/* Fortran DGEMM with gfortran's hidden string lengths (size_t since GCC 8). */
typedef void (*gi_blas_f77_dgemm)(const char *transa, const char *transb, const int *m,
                                  const int *n, const int *k, const double *alpha, const double *A,
                                  const int *lda, const double *B, const int *ldb,
                                  const double *beta, double *C, const int *ldc, size_t transa_len,
                                  size_t transb_len);
/* CBLAS DGEMM; the enums are ints in the C ABI. */
typedef void (*gi_blas_cblas_dgemm)(int order, int transa, int transb, int m, int n, int k,
                                    double alpha, const double *A, int lda, const double *B,
                                    int ldb, double beta, double *C, int ldc);

typedef struct gi_blas_real {
    gi_blas_f77_dgemm dgemm;
    gi_blas_cblas_dgemm cblas_dgemm;
    const char *path;  /* OpenBLAS's file, for the record */
    const char *error; /* "" when both were found; else why not */
} gi_blas_real;

/* The real functions, resolved on first use; thread-safe. When they cannot be found (OpenBLAS
 * is not loaded: a broken install), both pointers are NULL and error says why. */
const gi_blas_real *gi_blas_real_get(void);

/* OpenBLAS's thread count (openblas_get_num_threads), at least 1. */
int gi_blas_real_threads(void);

/* The per-thread "inside gpuinteg" flag. */
int gi_blas_inside(void);
void gi_blas_set_inside(int inside);

#endif /* GI_BLAS_REAL_H */
