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
    int32_t sine;             /* GI_TILE_SINE_*: which sine the tiles evaluate */
    int32_t sum;              /* GI_TILE_SUM_*: how a tile's sum is kept (and so its pair read) */
} gi_tile_layout;

/* gi_tile_layout.sine: the platform's sine (libmvec, OpenCL's sin, the CUDA kernel's own), or
 * gpuinteg's (kernels/gi_sine.h), the same bits on every device. Zero is the former, so a
 * layout built field by field keeps the older meaning. */
#define GI_TILE_SINE_LIBM 0
#define GI_TILE_SINE_GI   1

/* gi_tile_layout.sum: a compensated (Neumaier) pair (s, c) per tile, combined in tile order;
 * or an exact fixed-point sum (units of 2⁻⁵⁷, kernels/gi_sine.h) per tile, written as a pair
 * (s, c) of doubles whose exact sum it is (s a multiple of 2⁻⁴, 0 ≤ c < 2⁻⁴, c a multiple of
 * 2⁻⁵⁷), combined with integer adds in any order. */
#define GI_TILE_SUM_COMPENSATED 0
#define GI_TILE_SUM_FIXED       1

/* A compensated partial sum: the value is s + c. */
typedef struct gi_sum {
    double s, c;
} gi_sum;

#endif /* GI_KERNELS_TILE_TYPES_H */
