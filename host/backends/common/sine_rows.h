/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/sine_rows.h — the CPU form of kernels/gi_sine.h: rows of sines summed
 * exactly in fixed point, one path per vector unit (AVX-512 and AVX2+FMA on whole registers,
 * sine_vec_body.h; portable, sine_rows_body.h), all from the header's one sine, chosen per CPU
 * at run time. Every path gives the same bits.
 */
#ifndef GI_COMMON_SINE_ROWS_H
#define GI_COMMON_SINE_ROWS_H

#include <stddef.h>

#include "gi_sine.h"

/* The code paths, narrowest first. */
typedef enum gi_sine_path {
    GI_SINE_PATH_PORTABLE, /* any CPU: fma() is glibc's, in software without an FMA unit */
    GI_SINE_PATH_AVX2,     /* AVX2 + FMA: 4 lanes */
    GI_SINE_PATH_AVX512,   /* AVX-512 F/DQ/VL/BW: 8 lanes */
    GI_SINE_PATH_COUNT
} gi_sine_path;

/* The longest row gi_sine_row_fix takes: its integer-valued partial sums of at most 2²⁸ per
 * term stay exact below 2⁵³. */
#define GI_SINE_ROW_MAX ((size_t)1 << 24)

/* Adds the fixed-point sum of gi_sine(x + y[k]), 0 ≤ k < n ≤ GI_SINE_ROW_MAX, to *acc (units of
 * 2⁻⁵⁷, each term rounded once by gi_fix_split). The result does not depend on the path, the
 * vector width or the order. Thread-safe: touches nothing but *acc. */
typedef void (*gi_sine_row_fn)(double x, const double *restrict y, size_t n,
                               gi_fix128 *restrict acc);

/* The same row's sines summed as plain doubles (ordinary order-dependent rounding) or with the
 * libm path's compensated per-lane sums (biased Fast2Sum, as sin_row.c), for a monotone y as
 * the sorted rows take: for bench/sine_ceiling.c, which weighs the exact sum against them with
 * the same sine. */
typedef double (*gi_sine_row_double_fn)(double x, const double *restrict y, size_t n);

/* out[k] = gi_sine(a[k]) for 0 ≤ k < n (for tests and benchmarks). */
typedef void (*gi_sine_values_fn)(const double *restrict a, double *restrict out, size_t n);

/* The widest path this CPU runs; computed once, thread-safe. */
gi_sine_path gi_sine_path_best(void);

/* 1 if this CPU (and this build) can run path p, else 0. Thread-safe. */
int gi_sine_path_supported(gi_sine_path p);

/* "portable", "avx2", "avx512"; "?" for anything else. Static text. */
const char *gi_sine_path_name(gi_sine_path p);

/* The row sum and the plain sines of path p, or NULL when !gi_sine_path_supported(p): tests use
 * them to run every path on the same inputs. */
gi_sine_row_fn gi_sine_row_for(gi_sine_path p);
/* The same sum for a y that is monotone (increasing or decreasing), as a grid's row is: the
 * x86 paths then test blocks of 32 registers instead of each register. Any other y gives a
 * sum that is not gi_sine's. */
gi_sine_row_fn gi_sine_row_sorted_for(gi_sine_path p);
gi_sine_values_fn gi_sine_values_for(gi_sine_path p);
gi_sine_row_double_fn gi_sine_row_plain_for(gi_sine_path p);
gi_sine_row_double_fn gi_sine_row_compensated_for(gi_sine_path p);

/* gi_sine_row_for(gi_sine_path_best()) and gi_sine_row_sorted_for(gi_sine_path_best()). */
void gi_sine_row_fix(double x, const double *restrict y, size_t n, gi_fix128 *restrict acc);
void gi_sine_row_sorted_fix(double x, const double *restrict y, size_t n, gi_fix128 *restrict acc);

#endif /* GI_COMMON_SINE_ROWS_H */
