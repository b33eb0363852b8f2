/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/sin_row.h — the inner loop of the CPU backends: the sines of one piece
 * of a grid row, summed as they are computed.
 */
#ifndef GI_COMMON_SIN_ROW_H
#define GI_COMMON_SIN_ROW_H

#include <stddef.h>

/* Independent compensated sums, one per vector lane (AVX-512 holds 8 doubles; narrower units
 * run the same 8 lanes in 2 or 4 registers, so the arithmetic is the same on every CPU). */
#define GI_SIN_LANES 8

/* The longest row piece gi_sin_row_sum takes: at most 128 terms per lane. */
#define GI_SIN_ROW_MAX 1024

/* Per-lane compensated sums: lane l holds s[l] + c[l]. Zero-initialise before the first use. */
typedef struct gi_lane_sums {
    double s[GI_SIN_LANES], c[GI_SIN_LANES];
} gi_lane_sums;

/*
 * Adds sin(x + y[k]) for 0 ≤ k < n ≤ GI_SIN_ROW_MAX to acc, term k to lane k % GI_SIN_LANES.
 *
 * The piece is summed per lane into a fresh sum that starts at a bias B = 256 ≥ 2·128: then
 * the partial sums stay in [B/2, 3B/2], above every |sine|, so Dekker's Fast2Sum
 * (t = s + v, e = v − (t − s)) gives the exact rounding error e of each addition without
 * Neumaier's compare and select, and s − B is exact at the end (Sterbenz). The e are added
 * plainly: |e| ≤ ulp(3B/2)/2 = 2⁻⁴⁵, so the piece's sum is off by at most 127·128·2⁻⁴⁵·u
 * ≈ 5e-26 (u = 2⁻⁵³), 1e-12 of the 4-ulp error of one of its sines. The piece's (s − B, c)
 * then goes into acc with Knuth's TwoSum: acc is a Neumaier sum of the pieces.
 *
 * y must be readable, with finite values, up to n rounded up to a multiple of GI_SIN_LANES:
 * the padding is evaluated and discarded. Uses glibc's vector sine (libmvec, at most 4 ulp)
 * at the widest vector unit the CPU has (AVX-512, AVX2 or SSE2), chosen at load time.
 * Thread-safe: touches nothing but *acc.
 */
void gi_sin_row_sum(double x, const double *restrict y, size_t n, gi_lane_sums *restrict acc);

#endif /* GI_COMMON_SIN_ROW_H */
