/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/tiles.h — the fixed tile layout of the integrate workload and the
 * compensated sum every backend uses, so that results do not depend on thread or block counts.
 *
 * The nx×ny grid is cut into tiles of tile_nx rows (x) × tile_ny columns (y); the last tile of
 * a row or column may be shorter. The sizes depend on nx and ny only. Tiles are numbered row
 * by row (tile t covers tile row t / cols, tile column t % cols). A backend sums each tile with
 * Neumaier's compensated summation, in any internal order it fixes once (vector lanes, threads
 * of a block), and the (sum, compensation) pairs of all tiles are combined in tile order by
 * gi_tiles_finish(). The tile count is at most GI_TILE_MAX_ROWS × GI_TILE_MAX_COLS, so the
 * array of tile sums stays small (1 MiB) for any grid.
 *
 * Plain C99, header only: also read by the CUDA and OpenCL host code.
 */
#ifndef GI_COMMON_TILES_H
#define GI_COMMON_TILES_H

#include <math.h>
#include <stdint.h>

#define GI_TILE_MIN_NX   16   /* rows per tile at least: enough work per tile */
#define GI_TILE_MIN_NY   2048 /* columns per tile at least: long vector loops */
#define GI_TILE_MAX_ROWS 1024 /* tile rows at most */
#define GI_TILE_MAX_COLS 64   /* tile columns at most */

typedef struct gi_tile_layout {
    int64_t nx, ny;           /* the grid */
    int64_t tile_nx, tile_ny; /* cells per tile along x and y */
    int64_t rows, cols;       /* tiles along x and y */
    int64_t count;            /* rows·cols */
    double x0, y0, hx, hy;    /* the grid's origin and steps */
} gi_tile_layout;

/* A compensated partial sum: the value is s + c. */
typedef struct gi_sum {
    double s, c;
} gi_sum;

static inline int64_t gi_ceil_div(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

static inline int64_t gi_max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* The grid and its tiles for nx×ny cells on [x0,x1]×[y0,y1] (validated by the caller).
 * hx = (x1-x0)/nx and hy = (y1-y0)/ny, each rounded once: every backend uses these steps. */
static inline gi_tile_layout gi_tile_layout_make(double x0, double x1, double y0, double y1,
                                                 int64_t nx, int64_t ny)
{
    gi_tile_layout L;
    L.nx = nx;
    L.ny = ny;
    L.tile_nx = gi_max64(GI_TILE_MIN_NX, gi_ceil_div(nx, GI_TILE_MAX_ROWS));
    L.tile_ny = gi_max64(GI_TILE_MIN_NY, gi_ceil_div(ny, GI_TILE_MAX_COLS));
    L.rows = gi_ceil_div(nx, L.tile_nx);
    L.cols = gi_ceil_div(ny, L.tile_ny);
    L.count = L.rows * L.cols;
    L.x0 = x0;
    L.y0 = y0;
    L.hx = (x1 - x0) / (double)nx;
    L.hy = (y1 - y0) / (double)ny;
    return L;
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

#endif /* GI_COMMON_TILES_H */
