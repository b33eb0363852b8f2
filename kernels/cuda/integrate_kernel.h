/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * kernels/cuda/integrate_kernel.h — the integrate kernel's launch wrapper, shared by the device
 * code (integrate.cu, C++) and the host code (host/backends/cuda, C).
 *
 * What a tile's sum is, fixed here once and independent of launch details:
 *  - tile t of the layout (tile_types.h, made by the core) is summed by GI_CUDA_LANES lanes;
 *    lane l owns the tile's columns j0 + l, j0 + l + GI_CUDA_LANES, …;
 *  - the tile's rows are taken in groups of GI_CUDA_ROW_GROUP (counted from the tile's first
 *    row); for each group, a lane walks its columns in order and, for each column, the group's
 *    rows in order, adding sin(x_i + y_j) to its Neumaier sum (s, c); the sine is sine.h's
 *    when the whole grid is within its range, else CUDA's sin() (a choice made per grid);
 *  - the lanes' sums are merged by a fixed binary tree (lane l with lane l + w for
 *    w = GI_CUDA_LANES/2, …, 1), each merge being gi_sum_merge of tiles.h;
 *  - the tiles' (s, c) are combined on the host in tile order (gi_tiles_finish).
 * A launch may cover any range of tiles and, of each, either any range of whole row groups
 * with all the tile's columns, or one row group with a range of its columns (starting at a
 * multiple of GI_CUDA_LANES), as long as the launches of a tile take its (row group, column)
 * pairs in that order: a lane's (s, c) is carried between launches in lane_state, so splitting
 * a grid into more launches (to check for a stop request, or to bound a launch's time on a
 * slow GPU) never changes a bit of the result.
 */
#ifndef GI_CUDA_INTEGRATE_KERNEL_H
#define GI_CUDA_INTEGRATE_KERNEL_H

#include <stdint.h>

#include <cuda_runtime_api.h>

#include "tile_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GI_CUDA_LANES     256 /* lanes per tile = threads per block; part of the result */
#define GI_CUDA_ROW_GROUP 16  /* rows per group; part of the result */

/* One launch: tiles [first_tile, first_tile + tiles) of layout L, tile-relative rows
 * [row_begin, row_end) and columns [col_begin, col_end) of each (row_begin a multiple of
 * GI_CUDA_ROW_GROUP, col_begin a multiple of GI_CUDA_LANES; rows and columns past a tile's end
 * are skipped). first: the lanes start from zero, else from lane_state. last: the lanes are
 * merged and tile t's sum is written to tile_sums[t], else the lanes' sums are stored in
 * lane_state. lane_state holds tiles × GI_CUDA_LANES (s, c) pairs, indexed by the tile's place
 * in the launch; tile_sums holds L.count pairs. Both are device memory, as gi_sum (two
 * doubles). */
typedef struct gi_cuda_integrate_launch {
    gi_tile_layout L;
    int64_t first_tile;
    int tiles;
    int row_begin, row_end;
    int col_begin, col_end;
    int first, last;
    int fast_sine; /* every |x + y| of the grid ≤ GI_CUDA_SINE_FAST_LIMIT: sine.h, else CUDA's sin() */
    gi_sum *lane_state;
    gi_sum *tile_sums;
} gi_cuda_integrate_launch;

/* Enqueues the launch on stream. Returns the launch's error (cudaSuccess when it was queued);
 * errors while the kernel runs show at the next synchronisation. */
cudaError_t gi_cuda_integrate_enqueue(const gi_cuda_integrate_launch *launch, cudaStream_t stream);

/* Loads every kernel gi_cuda_integrate_enqueue may launch on the current device, launching
 * nothing: under lazy loading (CUDA_MODULE_LOADING=LAZY, the default since CUDA 12.2) the
 * runtime loads a kernel when it is first referenced, which would otherwise be the first launch,
 * inside a timed call. Returns the first error. */
cudaError_t gi_cuda_integrate_load(void);

#ifdef __cplusplus
}
#endif

#endif /* GI_CUDA_INTEGRATE_KERNEL_H */
