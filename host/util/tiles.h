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

/* Combines the tile sums in tile order and scales by the cell area: the integral's value.
 * A backend that merges its tiles one by one with gi_sum_merge in tile order, then calls
 * gi_tiles_value, gets the same bits. */
static inline double gi_tiles_finish(const gi_tile_layout *L, const gi_sum *tiles)
{
    double s = 0.0, c = 0.0;
    for (int64_t t = 0; t < L->count; t++)
        gi_sum_merge(&s, &c, tiles[t]);
    return gi_tiles_value(L, s, c);
}

#endif /* GI_UTIL_TILES_H */
