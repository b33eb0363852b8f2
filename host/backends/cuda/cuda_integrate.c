/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * integrate on a CUDA device: a range of tiles (all of them, or an MPI rank's share) is summed by
 * a kernel of kernels/cuda/integrate.cu in one or more launches (the gi sine's with exact
 * fixed-point sums, or the libm one's with compensated pairs), and the tiles' pairs are combined
 * on the host with gi_tiles_finish (by the core), as for every backend. How the grid is cut into
 * launches never changes the result (see integrate_kernel.h); it only bounds how long one launch
 * runs, so that a stop request is honoured between launches and no launch runs into a display
 * watchdog.
 */
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include <gpuinteg/integrate.h>

#include "util/clock.h"
#include "util/error.h"
#include "cuda_errors.h"
#include "cuda_state.h"
#include "integrate_kernel.h"
#include "sine.h"

_Static_assert(GI_INTEGRATE_MAX_CELLS < 2147483647LL - GI_CUDA_LANES,
               "the kernel indexes cells with int");
_Static_assert(sizeof(gi_sum) == 2 * sizeof(double), "tile sums are copied as pairs of doubles");
_Static_assert(sizeof(gi_fix128) == sizeof(gi_sum), "the gi kernel's sums use the pairs' room");

/* Launches with fewer tiles than this would leave SMs idle: tall tiles are then split by rows
 * instead (an H100 holds 4 blocks per SM × 132 SMs ≈ 530 tiles at a time). */
#define GI_CUDA_MIN_TILES_PER_LAUNCH 1024
/* Tiles per launch when tiles are split by rows: bounds the lanes' carried sums to 16 MiB. */
#define GI_CUDA_SPLIT_TILES_PER_LAUNCH 4096

/* How the grid is cut into launches: `tiles` tiles per launch and, of each, `rows` tile-relative
 * rows (all of them when rows ≥ the tile's rows, else a multiple of GI_CUDA_ROW_GROUP) and
 * `cols` columns (all when cols ≥ the tile's columns, else a multiple of GI_CUDA_LANES, and then
 * rows is one row group), as integrate_kernel.h allows. */
typedef struct launch_plan {
    int64_t tiles, rows, cols;
} launch_plan;

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* The plan for `count` tiles of layout L, each launch evaluating at most `budget` sines (at
 * least one row group of GI_CUDA_LANES columns of one tile, 4096, when the budget is smaller),
 * and at least half the budget unless the grid's remainder is smaller: enough work per launch
 * that the GPU stays busy, never so much that a launch outlasts a stop request's patience.
 * Tiles are cut first by whole tiles, then by rows, then by columns. */
static launch_plan plan_launches(const gi_tile_layout *L, int64_t count, int64_t budget)
{
    /* The cells a tile really has: a grid smaller than one tile has smaller tiles. */
    const int64_t tile_nx = min64(L->tile_nx, L->nx), tile_ny = min64(L->tile_ny, L->ny);
    launch_plan p = {count, tile_nx, tile_ny};
    /* 1. Whole tiles, as many as the budget holds, if that is the whole range or enough to
     *    fill the GPU. */
    int64_t whole = budget / (tile_nx * tile_ny);
    if (whole >= count || whole >= GI_CUDA_MIN_TILES_PER_LAUNCH) {
        p.tiles = min64(whole, count);
        return p;
    }
    /* 2. Many tiles, some of their row groups each launch. */
    p.tiles = min64(count, GI_CUDA_SPLIT_TILES_PER_LAUNCH);
    int64_t rows = budget / (p.tiles * tile_ny);
    rows -= rows % GI_CUDA_ROW_GROUP;
    if (rows >= GI_CUDA_ROW_GROUP) {
        p.rows = min64(rows, tile_nx);
        return p;
    }
    /* 3. Tiles so wide that one row group of them is over budget: one row group a launch, its
     *    columns in slices; fewer tiles when even a slice of GI_CUDA_LANES columns is. */
    const int64_t group = min64(GI_CUDA_ROW_GROUP, tile_nx);
    p.rows = GI_CUDA_ROW_GROUP;
    p.tiles = min64(count, GI_CUDA_MIN_TILES_PER_LAUNCH);
    int64_t cols = budget / (p.tiles * group);
    cols -= cols % GI_CUDA_LANES;
    if (cols < GI_CUDA_LANES) {
        cols = GI_CUDA_LANES;
        p.tiles = min64(count, budget / (group * GI_CUDA_LANES));
        if (p.tiles < 1)
            p.tiles = 1;
    }
    p.cols = min64(cols, tile_ny);
    return p;
}

/* Waits for launch slot k%2 to finish and adds its kernel time. */
static gi_status finish_launch(gi_cuda_workspace *ws, int64_t k, double *kernel_s, gi_error *err)
{
    int s = (int)(k % 2);
    gi_status st = gi_cuda_check(err, cudaEventSynchronize(ws->launch_end[s]),
                                 "integrate kernel (launch %lld)", (long long)k);
    if (st != GI_STATUS_OK)
        return st;
    float ms = 0.0f;
    st = gi_cuda_check(err, cudaEventElapsedTime(&ms, ws->launch_start[s], ws->launch_end[s]),
                       "cudaEventElapsedTime");
    *kernel_s += 1e-3 * (double)ms;
    return st;
}

/* Runs every launch over tiles [first, end), keeping one queued behind the one running so that
 * the GPU never waits for the host; checks the stop request as each launch completes. */
static gi_status run_launches(gi_cuda_workspace *ws, const gi_tile_layout *L, int64_t first,
                              int64_t end, launch_plan plan, int fast_sine, const atomic_int *stop,
                              double *kernel_s, gi_error *err)
{
    gi_cuda_integrate_launch a = {.L = *L,
                                  .fast_sine = fast_sine,
                                  .lane_state = ws->lane_state.ptr,
                                  .tile_sums = ws->tile_sums.ptr};
    const int64_t tile_nx = min64(L->tile_nx, L->nx), tile_ny = min64(L->tile_ny, L->ny);
    int64_t k = 0;
    gi_status st = GI_STATUS_OK;
    /* Tile chunks, then row ranges, then column slices: the order integrate_kernel.h needs. */
    for (int64_t t0 = first; t0 < end && st == GI_STATUS_OK; t0 += plan.tiles)
        for (int64_t r0 = 0; r0 < tile_nx && st == GI_STATUS_OK; r0 += plan.rows)
            for (int64_t c0 = 0; c0 < tile_ny && st == GI_STATUS_OK; c0 += plan.cols, k++) {
                a.first_tile = t0;
                a.tiles = (int)min64(end - t0, plan.tiles);
                a.row_begin = (int)r0;
                a.row_end = (int)min64(r0 + plan.rows, tile_nx);
                a.col_begin = (int)c0;
                a.col_end = (int)min64(c0 + plan.cols, tile_ny);
                a.first = r0 == 0 && c0 == 0;
                a.last = a.row_end == tile_nx && a.col_end == tile_ny;
                int s = (int)(k % 2);
                st = gi_cuda_check(err, cudaEventRecord(ws->launch_start[s], ws->compute),
                                   "cudaEventRecord");
                if (st == GI_STATUS_OK)
                    st =
                        gi_cuda_check(err, gi_cuda_integrate_enqueue(&a, ws->compute),
                                      "integrate kernel launch (%d tiles of 256 threads)", a.tiles);
                if (st == GI_STATUS_OK)
                    st = gi_cuda_check(err, cudaEventRecord(ws->launch_end[s], ws->compute),
                                       "cudaEventRecord");
                if (st == GI_STATUS_OK && k > 0)
                    st = finish_launch(ws, k - 1, kernel_s, err);
                if (st == GI_STATUS_OK && atomic_load_explicit(stop, memory_order_relaxed))
                    st = gi_error_set(err, GI_STATUS_INTERRUPTED,
                                      "cuda: integrate stopped on request");
            }
    if (st == GI_STATUS_OK)
        st = finish_launch(ws, k - 1, kernel_s, err);
    return st;
}

gi_status gi_cuda_integrate_tiles(void *state, int device, const gi_run_config *cfg,
                                  const gi_tile_layout *layout, int64_t first, int64_t count,
                                  gi_sum *out, gi_workload_timing *t, gi_error *err)
{
    cuda_state *cs = state;
    gi_cuda_workspace *ws;
    gi_status st = gi_cuda_workspace_get(cs, device, &ws, err);
    if (st != GI_STATUS_OK)
        return st;

    const gi_tile_layout L = *layout;
    launch_plan plan = plan_launches(&L, count, cs->launch_evals);
    /* Room for every tile of the layout (1 MiB at most): the kernel writes tile t at t. */
    st = gi_cuda_buffer_reserve(&ws->tile_sums, (size_t)L.count * sizeof(gi_sum), "tile sums", err);
    if (st == GI_STATUS_OK &&
        (plan.rows < min64(L.tile_nx, L.nx) || plan.cols < min64(L.tile_ny, L.ny)))
        st = gi_cuda_buffer_reserve(
            &ws->lane_state, (size_t)plan.tiles * GI_CUDA_LANES * sizeof(gi_sum), "lane sums", err);
    if (st != GI_STATUS_OK)
        return gi_cuda_failed(device, ws, st, err);

    double kernel_s = 0.0;
    /* Every grid point lies inside the rectangle, so this bounds every |x + y|. */
    double reach = fmax(fabs(L.x0), fabs(L.x1)) + fmax(fabs(L.y0), fabs(L.y1));
    int fast_sine = reach <= GI_CUDA_SINE_FAST_LIMIT && !cs->cuda_sine_only;
    st = run_launches(ws, &L, first, first + count, plan, fast_sine, cfg->stop, &kernel_s, err);
    double copy_start = gi_now();
    size_t bytes = (size_t)count * sizeof(gi_sum);
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(err,
                           cudaMemcpyAsync(out, (gi_sum *)ws->tile_sums.ptr + first, bytes,
                                           cudaMemcpyDeviceToHost, ws->compute),
                           "cudaMemcpyAsync(tile sums to host, %zu bytes)", bytes);
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(err, gi_cuda_stream_wait(ws, 1),
                           "cudaEventSynchronize(tile sums to host)");
    if (st != GI_STATUS_OK)
        return gi_cuda_failed(device, ws, st, err);
    if (L.sine == GI_TILE_SINE_GI) {
        /* The gi kernel wrote each tile's 128-bit sum as (lo, hi) words: the pair the host
         * combines. */
        for (int64_t i = 0; i < count; i++) {
            gi_fix128 T;
            memcpy(&T, &out[i], sizeof T);
            out[i] = gi_fix128_pair(T);
        }
    }
    t->kernel_time_s = kernel_s;
    t->transfer_time_s = gi_now() - copy_start;
    t->threads_used = 1;
    return GI_STATUS_OK;
}
