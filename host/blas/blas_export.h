/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/blas/blas_export.h — the one thing every entry file shares: the symbols libgpuinteg_blas
 * exports (everything else is hidden), and the system's error handlers it reports through.
 */
#ifndef GI_BLAS_EXPORT_H
#define GI_BLAS_EXPORT_H

#include <stddef.h>

#define GI_BLAS_EXPORT __attribute__((visibility("default")))

/* Reference BLAS's error handler (the program's own when it defines one, as the netlib test
 * programs do; else the system BLAS's). gfortran passes the name's length as size_t. */
extern void xerbla_(const char *srname, const int *info, size_t srname_len);

/* CBLAS's error handler (reference CBLAS and OpenBLAS): position, routine, printf format. */
extern void cblas_xerbla(int position, const char *routine, const char *form, ...);

#endif /* GI_BLAS_EXPORT_H */
