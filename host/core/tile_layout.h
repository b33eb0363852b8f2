/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/core/tile_layout.h — the rule that cuts a grid into tiles. The core owns it: it makes
 * the layout of each call and hands it to the backend (gi_backend_ops.integrate_tiles), and
 * the MPI combine uses the same one. Backends and plugins never include this file (no plugin
 * can carry another copy of the constants and change the layout); tests may.
 */
#ifndef GI_CORE_TILE_LAYOUT_H
#define GI_CORE_TILE_LAYOUT_H

#include "util/tiles.h"

#define GI_TILE_MIN_NX   16   /* rows per tile at least: enough work per tile */
#define GI_TILE_MIN_NY   2048 /* columns per tile at least: long vector loops */
#define GI_TILE_MAX_ROWS 1024 /* tile rows at most */
#define GI_TILE_MAX_COLS 64   /* tile columns at most */

/* The grid and its tiles for nx×ny cells on [x0,x1]×[y0,y1] (validated by the caller).
 * hx = (x1-x0)/nx and hy = (y1-y0)/ny, each rounded once: every backend uses these steps.
 * The tile count is at most GI_TILE_MAX_ROWS × GI_TILE_MAX_COLS (1 MiB of tile sums). */
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
    L.x1 = x1;
    L.y1 = y1;
    L.sine = GI_TILE_SINE_LIBM;
    L.sum = GI_TILE_SUM_COMPENSATED;
    return L;
}

#endif /* GI_CORE_TILE_LAYOUT_H */
