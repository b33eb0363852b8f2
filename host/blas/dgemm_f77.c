/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Fortran entry points: DGEMM with 32-bit integers (dgemm_, as reference BLAS and
 * Debian's libblas.so.3) and with 64-bit integers (dgemm_64_, as OpenBLAS 0.3.x built with
 * INTERFACE64=1 SYMBOLSUFFIX=64_ names it). gfortran appends the lengths of the two
 * CHARACTER arguments as hidden size_t arguments; only their first letter counts (LSAME).
 */
#include <dlfcn.h>
#include <stdint.h>

#include "blas_export.h"
#include "blas_real.h"
#include "blas_route.h"

static void illegal(const gi_blas_gemm *g, int position, const char *message)
{
    (void)g;
    (void)message; /* XERBLA's own words are the program's (or the system BLAS's) */
    xerbla_("DGEMM ", &position, 6);
}

/* An ILP64 program's XERBLA takes a 64-bit INFO: xerbla_64_ when one is loaded. */
static void illegal64(const gi_blas_gemm *g, int position, const char *message)
{
    void (*x64)(const char *, const int64_t *, size_t);
    *(void **)&x64 = dlsym(RTLD_DEFAULT, "xerbla_64_");
    if (!x64) {
        illegal(g, position, message);
        return;
    }
    int64_t info = position;
    x64("DGEMM ", &info, 6);
}

/* The call as DGEMM lists its arguments (the sizes of either width). */
#define CALL(transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc)                         \
    {                                                                                              \
        .transa = *(transa), .transb = *(transb), .m = *(m), .n = *(n), .k = *(k),                 \
        .alpha = *(alpha), .A = (A), .lda = *(lda), .B = (B), .ldb = *(ldb), .beta = *(beta),      \
        .C = (C), .ldc = *(ldc)                                                                    \
    }

static void run(const gi_blas_gemm *g, const char *transa, const char *transb, const int *m,
                const int *n, const int *k, const int *lda, const int *ldb, const int *ldc)
{
    const char *why;
    if (gi_blas_ran_on_device(g, &why))
        return;
    double start = gi_blas_now();
    gi_blas_real_get()->dgemm(transa, transb, m, n, k, &g->call.alpha, g->call.A, lda, g->call.B,
                              ldb, &g->call.beta, g->call.C, ldc, 1, 1);
    gi_blas_record_cpu(g, gi_blas_now() - start, why);
}

GI_BLAS_EXPORT void dgemm_(const char *transa, const char *transb, const int *m, const int *n,
                           const int *k, const double *alpha, const double *A, const int *lda,
                           const double *B, const int *ldb, const double *beta, double *C,
                           const int *ldc, size_t transa_len, size_t transb_len)
{
    (void)transa_len;
    (void)transb_len;
    if (gi_blas_inside()) { /* gpuinteg's own OpenBLAS call: not ours to route */
        gi_blas_real_get()->dgemm(transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, 1,
                                  1);
        return;
    }
    const gi_blas_gemm g = {.api = "dgemm_",
                            .call =
                                CALL(transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc),
                            .illegal = illegal};
    run(&g, transa, transb, m, n, k, lda, ldb, ldc);
}

GI_BLAS_EXPORT void dgemm_64_(const char *transa, const char *transb, const int64_t *m,
                              const int64_t *n, const int64_t *k, const double *alpha,
                              const double *A, const int64_t *lda, const double *B,
                              const int64_t *ldb, const double *beta, double *C, const int64_t *ldc,
                              size_t transa_len, size_t transb_len)
{
    (void)transa_len;
    (void)transb_len;
    const gi_blas_gemm g = {.api = "dgemm_64_",
                            .call =
                                CALL(transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc),
                            .illegal = illegal64};
    /* Values beyond the 32-bit system BLAS go to gpuinteg, which takes 64-bit sizes. */
    if (!gi_blas_fits_int(&g)) {
        gi_blas_run_wide(&g);
        return;
    }
    const int m32 = (int)*m, n32 = (int)*n, k32 = (int)*k, lda32 = (int)*lda, ldb32 = (int)*ldb,
              ldc32 = (int)*ldc;
    run(&g, transa, transb, &m32, &n32, &k32, &lda32, &ldb32, &ldc32);
}
