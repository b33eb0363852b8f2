/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/sine_rows_impl.h — the per-path functions behind sine_rows.h (one set
 * per file sine_rows_<path>.c); only sine_rows.c calls them.
 */
#ifndef GI_COMMON_SINE_ROWS_IMPL_H
#define GI_COMMON_SINE_ROWS_IMPL_H

#include "sine_rows.h"

#define GI_SINE_ROWS_DECLARE(path)                                                                 \
    void gi_sine_##path##_row(double x, const double *restrict y, size_t n,                        \
                              gi_fix128 *restrict acc);                                            \
    void gi_sine_##path##_row_sorted(double x, const double *restrict y, size_t n,                 \
                                     gi_fix128 *restrict acc);                                     \
    void gi_sine_##path##_values(const double *restrict a, double *restrict out, size_t n);        \
    double gi_sine_##path##_row_plain(double x, const double *restrict y, size_t n);               \
    double gi_sine_##path##_row_compensated(double x, const double *restrict y, size_t n);

GI_SINE_ROWS_DECLARE(portable)
#if defined(GI_SINE_X86)
GI_SINE_ROWS_DECLARE(avx2)
GI_SINE_ROWS_DECLARE(avx512)
#endif

#endif /* GI_COMMON_SINE_ROWS_IMPL_H */
