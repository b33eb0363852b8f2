/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/tiles.h — walking the tile layout of the integrate workload, and the compensated
 * sum every backend uses, so that results do not depend on thread or block counts.
 *
 * The nx×ny grid is cut into tiles of tile_nx rows (x) × tile_ny columns (y); the last tile of
 * a row or column may be shorter. The sizes depend on nx and ny only and are decided by the
 * core (host/core/tile_layout.h), which hands the layout to the backends: no backend or plugin
 * carries its own copy of the rule, so none can change the layout (or an MPI run's combine). Tiles
 * are numbered row by row (tile t covers tile row t / cols, tile column t % cols). A backend sums
 * each tile with Neumaier's compensated summation, in any internal order it fixes once (vector
 * lanes, threads of a block), and the (sum, compensation) pairs of all tiles are combined in tile
 * order by gi_tiles_finish(). The tile count is at most GI_TILE_MAX_ROWS × GI_TILE_MAX_COLS, so the
 * array of tile sums stays small (1 MiB) for any grid.
 *
 * Plain C99, header only: also read by the CUDA and OpenCL host code.
 */
#ifndef GI_UTIL_TILES_H
#define GI_UTIL_TILES_H

#include <math.h>
#include <stdint.h>

#include "gi_sine.h"
#include "tile_types.h"

static inline int64_t gi_ceil_div(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

static inline int64_t gi_max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* The cell ranges [*i0,*i1) × [*j0,*j1) of tile t. */
static inline void gi_tile_bounds(const gi_tile_layout *L, int64_t t, int64_t *i0, int64_t *i1,
                                  int64_t *j0, int64_t *j1)
{
    int64_t r = t / L->cols, q = t % L->cols;
    *i0 = r * L->tile_nx;
    *i1 = *i0 + L->tile_nx < L->nx ? *i0 + L->tile_nx : L->nx;
    *j0 = q * L->tile_ny;
    *j1 = *j0 + L->tile_ny < L->ny ? *j0 + L->tile_ny : L->ny;
}

/* The grid's points: every backend evaluates sin(gi_grid_x(i) + gi_grid_y(j)). */
static inline double gi_grid_x(const gi_tile_layout *L, int64_t i)
{
    return L->x0 + ((double)i + 0.5) * L->hx;
}

static inline double gi_grid_y(const gi_tile_layout *L, int64_t j)
{
    return L->y0 + ((double)j + 0.5) * L->hy;
}

/* Neumaier's step: adds x to the compensated sum (*s, *c). Must not be compiled with
 * -ffast-math, which may reassociate the compensation away. */
static inline void gi_sum_add(double *s, double *c, double x)
{
    double t = *s + x;
    if (fabs(*s) >= fabs(x))
        *c += (*s - t) + x;
    else
        *c += (x - t) + *s;
    *s = t;
}

/* Adds a partial sum p to the compensated sum (*s, *c). */
static inline void gi_sum_merge(double *s, double *c, gi_sum p)
{
    gi_sum_add(s, c, p.s);
    *c += p.c;
}

/* The integral's value from the compensated sum of all tiles: the sum times the cell area. */
static inline double gi_tiles_value(const gi_tile_layout *L, double s, double c)
{
    return (s + c) * (L->hx * L->hy);
}

/* ---- fixed-point tile sums (L->sum == GI_TILE_SUM_FIXED) -------------------------------- */

/* The pair of a tile's exact sum T (units of 2⁻⁵⁷): s = (T >> 53)·2⁻⁴, c = (T mod 2⁵³)·2⁻⁵⁷,
 * both exact for |T| < 2¹⁰⁶ (a tile of fewer than 2⁴⁸ cells), and s + c = T·2⁻⁵⁷. */
static inline gi_sum gi_fix128_pair(gi_fix128 T)
{
    const uint64_t low = T.lo & (((uint64_t)1 << 53) - 1);
    const int64_t high = (int64_t)(((uint64_t)T.hi << 11) | (T.lo >> 53));
    gi_sum p = {(double)high * 0x1p-4, (double)low * 0x1p-57};
    return p;
}

/* Adds x, which must be a multiple of 2⁻⁵⁷ with |x| < 2⁶⁰ (a half of gi_fix128_pair's pair),
 * to *T exactly. Returns 0 (and leaves *T) for anything else: a pair no fixed-point sum made. */
static inline int gi_fix128_add_double(gi_fix128 *T, double x)
{
    if (!(fabs(x) < 0x1p60))
        return 0;
    /* x·2⁵⁷ = hi·2⁶⁰ + lo with |lo| < 2⁶⁰: both halves exact doubles, and integers if x is a
     * multiple of 2⁻⁵⁷. */
    const double scaled = x * 0x1p57, hi = trunc(scaled * 0x1p-60), lo = scaled - hi * 0x1p60;
    if (lo != trunc(lo))
        return 0;
    const int64_t h = (int64_t)hi, l = (int64_t)lo;
    gi_fix128 b = {(uint64_t)h << 60, h >> 4}; /* arithmetic shift: the sign fills */
    gi_fix128_add(T, b);
    b.lo = (uint64_t)l;
    b.hi = l < 0 ? -1 : 0;
    gi_fix128_add(T, b);
    return 1;
}

/* T·2⁻⁵⁷ rounded once to the nearest double (ties to even). */
static inline double gi_fix128_value(gi_fix128 T)
{
    /* |T| as a sign and a 128-bit magnitude, then hi·2⁶⁴ + lo with the low word's bits that
     * a double cannot hold folded into a sticky bit, so that the one addition rounds once. */
    const int neg = T.hi < 0;
    uint64_t hi = (uint64_t)T.hi, lo = T.lo;
    if (neg) {
        lo = ~lo + 1;
        hi = ~hi + (lo == 0);
    }
    double v;
    if (hi == 0) {
        v = (double)lo; /* one rounding */
    } else {
        /* hi < 2⁶³ has at most 63 bits: hi·2⁶⁴ needs the top 53 bits of hi:lo, and the bits
         * below them only as round and sticky bits. Keep the top 64 bits of the magnitude
         * exactly, with the sticky bit ORed into the lowest. */
        int shift = 64 - __builtin_clzll(hi); /* bits of hi: 1…64 */
        uint64_t top = shift == 64 ? hi : (hi << (64 - shift)) | (lo >> shift);
        top |= (shift == 64 ? lo : lo << (64 - shift)) != 0;
        v = ldexp((double)top, shift); /* (double)top rounds once; ldexp is exact */
    }
    return (neg ? -v : v) * 0x1p-57;
}

/* The exact sum of the tiles' fixed-point pairs (any order gives the same), rounded once, times
 * the cell area. NaN when a pair is not a fixed-point sum (gi_fix128_add_double). */
static inline double gi_tiles_finish_fixed(const gi_tile_layout *L, const gi_sum *tiles)
{
    gi_fix128 T = {0, 0};
    for (int64_t t = 0; t < L->count; t++)
        if (!gi_fix128_add_double(&T, tiles[t].s) || !gi_fix128_add_double(&T, tiles[t].c))
            return NAN;
    return gi_fix128_value(T) * (L->hx * L->hy);
}

/* Combines the tile sums and scales by the cell area: the integral's value. Compensated pairs
 * are merged in tile order (a backend that merges its tiles one by one with gi_sum_merge in
 * tile order, then calls gi_tiles_value, gets the same bits); fixed-point pairs are added
 * exactly (gi_tiles_finish_fixed). */
static inline double gi_tiles_finish(const gi_tile_layout *L, const gi_sum *tiles)
{
    if (L->sum == GI_TILE_SUM_FIXED)
        return gi_tiles_finish_fixed(L, tiles);
    double s = 0.0, c = 0.0;
    for (int64_t t = 0; t < L->count; t++)
        gi_sum_merge(&s, &c, tiles[t]);
    return gi_tiles_value(L, s, c);
}

#endif /* GI_UTIL_TILES_H */
