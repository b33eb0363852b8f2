/*
 * kernels/cuda/integrate_rule.cuh — the tile sums of a quadrature rule over the user's integrand
 * on a CUDA device, compiled at run time by NVRTC (host/backends/cuda/cuda_nvrtc.c) after the
 * definition of `double gi_user_f(double x, double y)` that host/expr emitted from the
 * expression's checked tree. Not compiled by nvcc: embedded into gpuinteg-cuda.so as text.
 *
 * The points, weights and tiles are those of host/backends/common/rule.h, and the arithmetic of
 * a tile is that of kernels/opencl/integrate_rule.cl: GI_LANES fixed lanes, lane l taking the
 * columns j0 + l, j0 + l + GI_LANES, … of every row with Neumaier's sum of (wx·wy)·f, the lanes
 * folded by a fixed tree of compensated merges, one (s, c) pair per tile combined by the host in
 * tile order. Whatever the block size, the result's bits depend on GI_LANES alone. Compiled with
 * --fmad=false, as the host's points are computed without fused multiply-add.
 */
#define GI_LANES 256
#define GI_NODES 20 /* GI_RULE_MAX_NODES */

struct gi_axis {
    double lo, h, w_end;
    long long k, points;
    int ends;
    double t[GI_NODES], w[GI_NODES];
};

struct gi_rule_args {
    long long tile_nx, tile_ny, cols, first, tile_base;
    gi_axis x, y;
};

__device__ static double gi_point(const gi_axis &a, long long p)
{
    return a.lo + ((double)(p / a.k) + a.t[p % a.k]) * a.h;
}

__device__ static double gi_weight(const gi_axis &a, long long p)
{
    if (a.ends && (p == 0 || p == a.points - 1))
        return a.w_end;
    return a.w[p % a.k];
}

__device__ static void gi_add(double &s, double &c, double x)
{
    double t = s + x;
    c += fabs(s) >= fabs(x) ? (s - t) + x : (x - t) + s;
    s = t;
}

/* Block b sums tile args.tile_base + b into out[2·(tile_base + b − first) …]. */
extern "C" __global__ void gi_integrate_rule_tiles(const gi_rule_args args, double *out)
{
    __shared__ double lane_s[GI_LANES], lane_c[GI_LANES];
    const long long t = args.tile_base + blockIdx.x;
    const long long i0 = (t / args.cols) * args.tile_nx;
    const long long i1 = min(i0 + args.tile_nx, args.x.points);
    const long long j0 = (t % args.cols) * args.tile_ny;
    const long long j1 = min(j0 + args.tile_ny, args.y.points);
    for (int l = threadIdx.x; l < GI_LANES; l += blockDim.x) {
        double s = 0.0, c = 0.0;
        for (long long i = i0; i < i1; i++) {
            const double x = gi_point(args.x, i), wx = gi_weight(args.x, i);
            for (long long j = j0 + l; j < j1; j += GI_LANES)
                gi_add(s, c, (wx * gi_weight(args.y, j)) * gi_user_f(x, gi_point(args.y, j)));
        }
        lane_s[l] = s;
        lane_c[l] = c;
    }
    __syncthreads();
    for (int stride = GI_LANES / 2; stride > 0; stride /= 2) {
        for (int l = threadIdx.x; l < stride; l += blockDim.x) {
            double a = lane_s[l], b = lane_s[l + stride], sum = a + b;
            double comp = fabs(a) >= fabs(b) ? (a - sum) + b : (b - sum) + a;
            lane_c[l] = (lane_c[l] + comp) + lane_c[l + stride];
            lane_s[l] = sum;
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        out[2 * (t - args.first)] = lane_s[0];
        out[2 * (t - args.first) + 1] = lane_c[0];
    }
}
