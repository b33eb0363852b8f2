/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The integrate kernels: one block of GI_CUDA_LANES threads per tile, the summation order fixed in
 * integrate_kernel.h. No floating-point atomics: every tile's sum comes from one fixed tree (the
 * libm sine's kernel) or from integer adds (the gi sine's, integrate_tiles_fixed below).
 *
 * The notes below are the libm kernel's (sine.h's sine and Neumaier sums).
 *
 * What bounds it: the FP64 pipe. With the sine of sine.h (grids within its range), one
 * evaluation is about 35 instructions (cuobjdump -sass, sm_90), 20 or 21 of them on the FP64
 * pipe:
 *   1  the argument x_i + y_j (y_j is computed once per column and serves the group's 16 rows;
 *      x_i is computed once per group into shared memory and read there by each evaluation, a
 *      broadcast load on the load pipe, so that the kernel holds 40–42 registers and no stack
 *      frame: 5 blocks per SM, where keeping the 16 x values in registers took 64–72 and spilled);
 *   7  the reduction: the FMA that rounds a·2/π, the subtraction giving q, three FMAs of Cody and
 *      Waite, the square;
 *  8–9 the polynomial (sin or cos by quadrant: a branch, uniform in a warp but at quadrant
 *      boundaries) and its last FMA;
 *   5  Neumaier's step: add, magnitude compare, two adds, the add into the compensation;
 * and 13 others (branch bookkeeping, the constant load, the sign flip and Neumaier's selects)
 * on the integer and load pipes. An H100 SXM retires 64 FP64 instructions per clock per SM:
 * 132 SMs × 1.98 GHz × 64 ≈ 16.7·10¹² per second, so 10⁸ evaluations at 20.5 need ≥ 0.12 ms,
 * and instruction issue (4 warp instructions per clock per SM) ≥ 0.10 ms. With CUDA's sin() the
 * same loop is 61 instructions per evaluation, 23 on the FP64 pipe (issue-bound, ≥ 0.18 ms).
 * Memory traffic is nil: one (s, c) per tile. Replacing the sines by the addition theorem would
 * be faster still, but every sine is evaluated on purpose: this is a benchmark of that.
 *
 * Arithmetic is IEEE as written (nvcc does not reassociate without --use_fast_math); the grid
 * formulas use explicitly rounded operations so that no multiply-add is fused, giving the same
 * points as gi_grid_x / gi_grid_y on the CPU.
 */
#include <cuda_runtime.h>

#include "gi_sine.h"
#include "integrate_kernel.h"
#include "sine.h"

static_assert((GI_CUDA_LANES & (GI_CUDA_LANES - 1)) == 0 && GI_CUDA_LANES >= 64 &&
                  GI_CUDA_LANES <= 1024,
              "the tree takes a power of two lanes, at least two warps, one block");
static_assert(GI_CUDA_ROW_GROUP <= GI_CUDA_LANES, "a group's x values are loaded by its lanes");

/* gi_grid_x / gi_grid_y of tiles.h: x0 + ((double)i + 0.5)·hx, each operation rounded. */
static __device__ __forceinline__ double grid_point(double origin, double step, int i)
{
    return __dadd_rn(origin, __dmul_rn(__dadd_rn((double)i, 0.5), step));
}

/* gi_sum_add of tiles.h without a branch: the larger of s and x in magnitude goes first. */
static __device__ __forceinline__ void sum_add(double &s, double &c, double x)
{
    double t = s + x;
    bool s_wins = fabs(s) >= fabs(x);
    double big = s_wins ? s : x, small = s_wins ? x : s;
    c += (big - t) + small;
    s = t;
}

/* gi_sum_merge of tiles.h. */
static __device__ __forceinline__ void sum_merge(double &s, double &c, double s2, double c2)
{
    sum_add(s, c, s2);
    c += c2;
}

/* The sine of sine.h for grids within its range, CUDA's sin() beyond; chosen once per grid. */
struct sine_fast {
    __device__ double operator()(double v) const
    {
        return gi_cuda_sine(v);
    }
};
struct sine_cuda {
    __device__ double operator()(double v) const
    {
        return sin(v);
    }
};

/* The rows and columns of tile t that this launch covers (gi_tile_bounds cut to the launch's
 * row and column range); every index fits an int (GI_INTEGRATE_MAX_CELLS < 2³¹). */
typedef struct launch_span {
    int row_first, row_end, col_first, col_end;
} launch_span;

static __device__ __forceinline__ launch_span launch_span_of(const gi_cuda_integrate_launch &a,
                                                             int64_t t)
{
    const gi_tile_layout &L = a.L;
    const int tr = (int)(t / L.cols), tq = (int)(t % L.cols);
    const int i0 = tr * (int)L.tile_nx, i1 = min(i0 + (int)L.tile_nx, (int)L.nx);
    const int j0 = tq * (int)L.tile_ny, j1 = min(j0 + (int)L.tile_ny, (int)L.ny);
    return launch_span{i0 + a.row_begin, min(i1, i0 + a.row_end), j0 + a.col_begin,
                       min(j1, j0 + a.col_end)};
}

/* Adds rows [row_first, row_end) of the columns [j0, j1) to lane's (s, c), in row groups
 * (integrate_kernel.h); j0 is the tile's first column or a multiple of GI_CUDA_LANES after it,
 * so lane l takes j0 + l, j0 + l + GI_CUDA_LANES, … as it does for the whole tile. xs is the
 * block's shared room for a group's x values. */
template <class Sine>
static __device__ __forceinline__ void add_rows(const gi_tile_layout &L, int lane, int row_first,
                                                int row_end, int j0, int j1, double *xs, double &s,
                                                double &c, Sine sine)
{
    for (int g = row_first; g < row_end; g += GI_CUDA_ROW_GROUP) {
        const int rows = min(GI_CUDA_ROW_GROUP, row_end - g);
        __syncthreads(); /* the previous group's xs are no longer read */
        if (lane < rows)
            xs[lane] = grid_point(L.x0, L.hx, g + lane);
        __syncthreads();
        if (rows == GI_CUDA_ROW_GROUP) {
            /* Each x is read from shared memory where it is used (a broadcast load, off the
             * FP64 pipe): held in registers across the column loop, the group's 16 x values
             * would take 32 of them, and the kernel would fit fewer blocks per SM or spill. */
            const volatile double *xv = xs;
            for (int j = j0 + lane; j < j1; j += GI_CUDA_LANES) {
                const double y = grid_point(L.y0, L.hy, j);
#pragma unroll
                for (int k = 0; k < GI_CUDA_ROW_GROUP; k++)
                    sum_add(s, c, sine(xv[k] + y));
            }
        } else {
            for (int j = j0 + lane; j < j1; j += GI_CUDA_LANES) {
                const double y = grid_point(L.y0, L.hy, j);
                for (int k = 0; k < rows; k++)
                    sum_add(s, c, sine(xs[k] + y));
            }
        }
    }
}

/* One instantiation per sine: the fast path then carries none of the registers and stack frame
 * of CUDA's sin() (whose slow reduction path needs local memory), so more blocks fit an SM. */
template <bool First, bool Last, class Sine>
__global__ void __launch_bounds__(GI_CUDA_LANES) integrate_tiles(gi_cuda_integrate_launch a)
{
    __shared__ double xs[GI_CUDA_ROW_GROUP];
    __shared__ double tree_s[GI_CUDA_LANES / 2], tree_c[GI_CUDA_LANES / 2];

    const gi_tile_layout &L = a.L;
    const int lane = (int)threadIdx.x;
    const int64_t t = a.first_tile + blockIdx.x;
    const int64_t slot = (int64_t)blockIdx.x * GI_CUDA_LANES + lane;
    const launch_span span = launch_span_of(a, t);

    double s = 0.0, c = 0.0;
    if constexpr (!First) {
        s = a.lane_state[slot].s;
        c = a.lane_state[slot].c;
    }

    add_rows(L, lane, span.row_first, span.row_end, span.col_first, span.col_end, xs, s, c, Sine());

    if constexpr (!Last) {
        a.lane_state[slot].s = s;
        a.lane_state[slot].c = c;
    } else {
        /* The fixed tree: lane l takes lane l + w for w = LANES/2, …, 1; through shared memory
         * while w spans warps, then by shuffles within warp 0. */
        for (int w = GI_CUDA_LANES / 2; w >= 32; w /= 2) {
            if (lane >= w && lane < 2 * w) {
                tree_s[lane - w] = s;
                tree_c[lane - w] = c;
            }
            __syncthreads();
            if (lane < w)
                sum_merge(s, c, tree_s[lane], tree_c[lane]);
            __syncthreads();
        }
        if (lane < 32) {
            for (int w = 16; w >= 1; w /= 2) {
                const double s2 = __shfl_down_sync(0xffffffffu, s, w);
                const double c2 = __shfl_down_sync(0xffffffffu, c, w);
                sum_merge(s, c, s2, c2); /* lanes ≥ 32 - w merge stale values nobody reads */
            }
            if (lane == 0) {
                a.tile_sums[t].s = s;
                a.tile_sums[t].c = c;
            }
        }
    }
}

/* The gi sine (kernels/gi_sine.h) with the exact fixed-point sum: the same lanes, row groups and
 * launches as above, but each lane keeps a 128-bit integer (carried between launches in
 * lane_state, whose 16 bytes per lane it reuses) and adds each row group's exact
 * integer-valued double sums into it; the lanes' integers are added in shared memory, in an
 * order that changes nothing. Tile t's integer goes to tile_sums[t] as (lo, hi) words, which the
 * host turns into the pair gi_tiles_finish reads. Every operation of the sine and the grid is an
 * explicitly rounded intrinsic: the bits are the CPU's and the OpenCL device's. */
template <bool First, bool Last>
__global__ void __launch_bounds__(GI_CUDA_LANES) integrate_tiles_fixed(gi_cuda_integrate_launch a)
{
    __shared__ double xs[GI_CUDA_ROW_GROUP];
    __shared__ unsigned long long tree_lo[GI_CUDA_LANES / 2];
    __shared__ long long tree_hi[GI_CUDA_LANES / 2];

    const gi_tile_layout &L = a.L;
    const int lane = (int)threadIdx.x;
    const int64_t t = a.first_tile + blockIdx.x;
    const int64_t slot = (int64_t)blockIdx.x * GI_CUDA_LANES + lane;
    const launch_span span = launch_span_of(a, t);
    gi_fix128 *state = reinterpret_cast<gi_fix128 *>(a.lane_state);

    gi_fix128 acc = {0, 0};
    if constexpr (!First)
        acc = state[slot];
    for (int g = span.row_first; g < span.row_end; g += GI_CUDA_ROW_GROUP) {
        const int rows = min(GI_CUDA_ROW_GROUP, span.row_end - g);
        __syncthreads();
        if (lane < rows)
            xs[lane] = grid_point(L.x0, L.hx, g + lane);
        __syncthreads();
        /* At most 16 rows × tile_ny/256 columns per lane between flushes, each part ≤ 2²⁸:
         * the sums stay exact integers below 2⁵³ for any tile (tile_ny < 2²⁵). */
        double shi = 0.0, slo = 0.0;
        for (int j = span.col_first + lane; j < span.col_end; j += GI_CUDA_LANES) {
            const double y = grid_point(L.y0, L.hy, j);
            for (int k = 0; k < rows; k++) {
                double hi, lo;
                gi_fix_split(gi_sine_one(__dadd_rn(xs[k], y)), &hi, &lo);
                shi = __dadd_rn(shi, hi);
                slo = __dadd_rn(slo, lo);
            }
        }
        gi_fix128_add_parts(&acc, shi, slo);
    }

    if constexpr (!Last) {
        state[slot] = acc;
    } else {
        for (int w = GI_CUDA_LANES / 2; w >= 1; w /= 2) {
            if (lane >= w && lane < 2 * w) {
                tree_lo[lane - w] = acc.lo;
                tree_hi[lane - w] = acc.hi;
            }
            __syncthreads();
            if (lane < w) {
                gi_fix128 other = {tree_lo[lane], tree_hi[lane]};
                gi_fix128_add(&acc, other);
            }
            __syncthreads();
        }
        if (lane == 0)
            reinterpret_cast<gi_fix128 *>(a.tile_sums)[t] = acc;
    }
}

static void enqueue_fixed(const gi_cuda_integrate_launch *launch, cudaStream_t stream)
{
    const dim3 grid((unsigned)launch->tiles), block(GI_CUDA_LANES);
    if (launch->first && launch->last)
        integrate_tiles_fixed<true, true><<<grid, block, 0, stream>>>(*launch);
    else if (launch->first)
        integrate_tiles_fixed<true, false><<<grid, block, 0, stream>>>(*launch);
    else if (launch->last)
        integrate_tiles_fixed<false, true><<<grid, block, 0, stream>>>(*launch);
    else
        integrate_tiles_fixed<false, false><<<grid, block, 0, stream>>>(*launch);
}

template <class Sine>
static void enqueue(const gi_cuda_integrate_launch *launch, cudaStream_t stream)
{
    const dim3 grid((unsigned)launch->tiles), block(GI_CUDA_LANES);
    if (launch->first && launch->last)
        integrate_tiles<true, true, Sine><<<grid, block, 0, stream>>>(*launch);
    else if (launch->first)
        integrate_tiles<true, false, Sine><<<grid, block, 0, stream>>>(*launch);
    else if (launch->last)
        integrate_tiles<false, true, Sine><<<grid, block, 0, stream>>>(*launch);
    else
        integrate_tiles<false, false, Sine><<<grid, block, 0, stream>>>(*launch);
}

extern "C" cudaError_t gi_cuda_integrate_enqueue(const gi_cuda_integrate_launch *launch,
                                                 cudaStream_t stream)
{
    if (launch->L.sine == GI_TILE_SINE_GI)
        enqueue_fixed(launch, stream);
    else if (launch->fast_sine)
        enqueue<sine_fast>(launch, stream);
    else
        enqueue<sine_cuda>(launch, stream);
    return cudaGetLastError();
}

/* Referencing each kernel makes the runtime load it (cudaFuncGetAttributes), as its first
 * launch would. */
static cudaError_t load(const void *const *kernels, int n)
{
    for (int i = 0; i < n; i++) {
        cudaFuncAttributes attr;
        const cudaError_t e = cudaFuncGetAttributes(&attr, kernels[i]);
        if (e != cudaSuccess)
            return e;
    }
    return cudaSuccess;
}

template <class Sine> static cudaError_t load_libm()
{
    const void *const kernels[] = {
        (const void *)integrate_tiles<true, true, Sine>,
        (const void *)integrate_tiles<true, false, Sine>,
        (const void *)integrate_tiles<false, true, Sine>,
        (const void *)integrate_tiles<false, false, Sine>,
    };
    return load(kernels, 4);
}

extern "C" cudaError_t gi_cuda_integrate_load(void)
{
    const void *const fixed[] = {
        (const void *)integrate_tiles_fixed<true, true>,
        (const void *)integrate_tiles_fixed<true, false>,
        (const void *)integrate_tiles_fixed<false, true>,
        (const void *)integrate_tiles_fixed<false, false>,
    };
    cudaError_t e = load(fixed, 4);
    if (e == cudaSuccess)
        e = load_libm<sine_fast>();
    return e != cudaSuccess ? e : load_libm<sine_cuda>();
}
