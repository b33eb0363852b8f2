/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * kernels/tile_types.h — the data of the integrate workload's tile layout and of a compensated
 * sum, as the host and the device code both read them: plain C types, no code, no host header.
 *
 * The layout itself (how many tiles of which size for a grid) is decided by the core
 * (host/core/tile_layout.h) and handed to the backends; the helpers that walk it are in
 * host/util/tiles.h; the kernels keep their own copies of the arithmetic, to the same rules.
 */
#ifndef GI_KERNELS_TILE_TYPES_H
#define GI_KERNELS_TILE_TYPES_H

#include <stdint.h>

/* The nx×ny grid cut into rows × cols tiles of tile_nx × tile_ny cells (the last tile of a row
 * or column may be shorter), numbered row by row: tile t covers tile row t / cols, tile
 * column t % cols. */
typedef struct gi_tile_layout {
    int64_t nx, ny;           /* the grid */
    int64_t tile_nx, tile_ny; /* cells per tile along x and y */
    int64_t rows, cols;       /* tiles along x and y */
    int64_t count;            /* rows·cols */
    double x0, y0, hx, hy;    /* the grid's origin and steps */
    double x1, y1;            /* the rectangle's far corner, as given (bounds of every point) */
} gi_tile_layout;

/* A compensated partial sum: the value is s + c. */
typedef struct gi_sum {
    double s, c;
} gi_sum;

#endif /* GI_KERNELS_TILE_TYPES_H */
