/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/dgemm_args.h — one DGEMM call in column-major form, as BLAS lists its arguments:
 * the core hands it to a backend's dgemm (core/backend.h says what the core has checked by
 * then), and the BLAS library (host/blas) describes each call it intercepts with it.
 */
#ifndef GI_UTIL_DGEMM_ARGS_H
#define GI_UTIL_DGEMM_ARGS_H

#include <stdint.h>

typedef struct gi_dgemm_args {
    char transa, transb;
    int64_t m, n, k;
    double alpha;
    const double *A;
    int64_t lda;
    const double *B;
    int64_t ldb;
    double beta;
    double *C;
    int64_t ldc;
} gi_dgemm_args;

#endif /* GI_UTIL_DGEMM_ARGS_H */
