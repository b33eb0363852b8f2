/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/freivalds.h — the matrix-vector products of Freivalds' check of a product, shared
 * by gi_dgemm_verify (host/core) and its distributed form over MPI ranks (host/mpi), so that
 * both compute the residual and its rounding bound the same way.
 */
#ifndef GI_UTIL_FREIVALDS_H
#define GI_UTIL_FREIVALDS_H

#include <stdint.h>

#include <gpuinteg/dgemm.h>

/* For each of the GI_DGEMM_VERIFY_VECTORS vectors v: y[v] += op(M)·x[v] and
 * ya[v] += |op(M)|·|x[v]| (the latter bounds the rounding error of the former), where op(M)
 * is rows×cols, M column-major with leading dimension ld, transposed when trans == 'T'.
 * Outputs are stored one after another with stride `rows`; inputs x and xa (= |x|) with stride
 * x_stride. The order of the operations is fixed: the same inputs give the same bits. */
void gi_freivalds_matvec(char trans, int64_t rows, int64_t cols, const double *M, int64_t ld,
                         const double *x, const double *xa, int64_t x_stride, double *y,
                         double *ya);

#endif /* GI_UTIL_FREIVALDS_H */
