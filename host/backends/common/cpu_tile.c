/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "cpu_tile.h"

#include "simd.h"
#include "sin_row.h"
#include "sine_rows.h"

/* Columns per piece: their y values are computed once per tile and stay in L1 (8 KiB) while
 * every row of the tile runs over them. The piece length is fixed, so the summation order
 * (and so the bits) never changes. */
#define GI_CPU_CHUNK GI_SIN_ROW_MAX
_Static_assert(GI_CPU_CHUNK % GI_SIN_LANES == 0, "pieces must hold whole vectors");

/* y[k] = gi_grid_y(L, j + k) for 0 ≤ k < n ≤ GI_CPU_CHUNK, the same bits: (double)(j + k) equals
 * (double)j + (double)k exactly below 2⁵³, and the int32 conversion vectorises on every clone
 * (int64 → double needs AVX-512DQ). */
GI_VECTOR_CLONES
static void grid_y(const gi_tile_layout *L, int64_t j, int n, double *restrict y)
{
    const double jd = (double)j, y0 = L->y0, hy = L->hy;
    for (int k = 0; k < n; k++)
        y[k] = y0 + ((jd + (double)k) + 0.5) * hy;
}

/* Columns per piece of the gi sine's tiles: integer sums fix no order, so the pieces may be
 * longer than the libm path's (fewer calls per row); 16 KiB of y still stays in L1. */
#define GI_FIXED_CHUNK 2048

/* The gi sine's tile: each row's fixed-point sum added exactly. */
static int tile_sum_fixed(const gi_tile_layout *L, int64_t t, const atomic_int *stop, gi_sum *out)
{
    int64_t i0, i1, j0, j1;
    gi_tile_bounds(L, t, &i0, &i1, &j0, &j1);

    double y[GI_FIXED_CHUNK];
    gi_fix128 acc = {0, 0};
    /* grid_y's values are monotone (in hy's direction): the sorted rows apply. */
    gi_sine_row_fn row = gi_sine_row_sorted_for(gi_sine_path_best());
    int stopped = 0;
    for (int64_t j = j0; j < j1 && !stopped; j += GI_FIXED_CHUNK) {
        size_t n = (size_t)(j1 - j < GI_FIXED_CHUNK ? j1 - j : GI_FIXED_CHUNK);
        grid_y(L, j, (int)n, y);
        for (int64_t i = i0; i < i1; i++) {
            if (atomic_load_explicit(stop, memory_order_relaxed)) {
                stopped = 1;
                break;
            }
            row(gi_grid_x(L, i), y, n, &acc);
        }
    }
    *out = gi_fix128_pair(acc);
    return stopped;
}

int gi_cpu_tile_sum(const gi_tile_layout *L, int64_t t, const atomic_int *stop, gi_sum *out)
{
    if (L->sine == GI_TILE_SINE_GI)
        return tile_sum_fixed(L, t, stop, out);
    int64_t i0, i1, j0, j1;
    gi_tile_bounds(L, t, &i0, &i1, &j0, &j1);

    double y[GI_CPU_CHUNK];
    gi_lane_sums acc = {{0}, {0}};
    int stopped = 0;

    for (int64_t j = j0; j < j1 && !stopped; j += GI_CPU_CHUNK) {
        size_t n = (size_t)(j1 - j < GI_CPU_CHUNK ? j1 - j : GI_CPU_CHUNK);
        /* The grid's own y, so every backend sums the sines of the same points. */
        grid_y(L, j, (int)n, y);
        /* gi_sin_row_sum reads whole vectors: pad with a real grid point, whose sine it drops. */
        for (size_t k = n; k % GI_SIN_LANES != 0; k++)
            y[k] = y[n - 1];
        for (int64_t i = i0; i < i1; i++) {
            if (atomic_load_explicit(stop, memory_order_relaxed)) {
                stopped = 1;
                break;
            }
            gi_sin_row_sum(gi_grid_x(L, i), y, n, &acc);
        }
    }

    /* Lanes folded in lane order: a fixed order, whoever sums the tile. */
    double S = 0.0, C = 0.0;
    for (int l = 0; l < GI_SIN_LANES; l++)
        gi_sum_merge(&S, &C, (gi_sum){acc.s[l], acc.c[l]});
    out->s = S;
    out->c = C;
    return stopped;
}
