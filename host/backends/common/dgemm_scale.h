/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/dgemm_scale.h — C := beta·C for the dgemm calls with no product
 * (alpha = 0 or k = 0), done the reference-BLAS way on every backend.
 */
#ifndef GI_COMMON_DGEMM_SCALE_H
#define GI_COMMON_DGEMM_SCALE_H

#include <stdint.h>

/* C := beta·C on the m×n block of C (leading dimension ldc). beta = 0 stores zeros without
 * reading C, so NaN or Inf in C do not survive; padding rows are not touched. */
void gi_dgemm_scale_c(int64_t m, int64_t n, double beta, double *C, int64_t ldc);

#endif /* GI_COMMON_DGEMM_SCALE_H */
