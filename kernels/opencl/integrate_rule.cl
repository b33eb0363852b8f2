/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * kernels/opencl/integrate_rule.cl — the tile sums of a quadrature rule over the user's
 * integrand on an OpenCL device.
 *
 * Embedded into gpuinteg-opencl.so and built at run time by host/backends/opencl/opencl_rule.c,
 * after the definition of `double gi_user_f(double x, double y)` that host/expr emitted from the
 * expression's checked tree, with GI_LANES (the fixed number of compensated sums per tile, a
 * power of two) defined.
 *
 * The points and weights are those of host/util/rule.h: along an axis, point p lies
 * at lo + ((double)(p / k) + t[p % k])·h and weighs w[p % k], or w_end at both ends of a rule
 * with ends. One work-group sums one tile of the tile layout over the points: lane l takes the
 * columns j0 + l, j0 + l + GI_LANES, … of every row, rows in order, with Neumaier's sum of
 * (wx·wy)·f; the lanes are folded by a fixed tree of compensated merges; the (s, c) pair goes to
 * the host, which combines the tiles in tile order. The arithmetic is fixed by GI_LANES alone,
 * whatever the work-group size.
 */
#pragma OPENCL FP_CONTRACT OFF /* the points must round as the host's, no fused multiply-add */
#if defined(cl_khr_fp64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

/* One axis of the rule (rule.h's gi_rule_axis), nodes and weights in the `table` buffer. */
typedef struct gi_axis {
    double lo, h, w_end;
    long k, points;
    int ends;
} gi_axis;

inline double gi_point(const gi_axis *a, __global const double *t, long p)
{
    return a->lo + ((double)(p / a->k) + t[p % a->k]) * a->h;
}

inline double gi_weight(const gi_axis *a, __global const double *w, long p)
{
    if (a->ends && (p == 0 || p == a->points - 1))
        return a->w_end;
    return w[p % a->k];
}

inline void gi_add(double *s, double *c, double x)
{
    double t = *s + x;
    *c += fabs(*s) >= fabs(x) ? (*s - t) + x : (x - t) + *s;
    *s = t;
}

inline void gi_merge(__local double *s, __local double *c, int a, int b)
{
    double t = s[a] + s[b];
    double comp = fabs(s[a]) >= fabs(s[b]) ? (s[a] - t) + s[b] : (s[b] - t) + s[a];
    c[a] = (c[a] + comp) + c[b];
    s[a] = t;
}

/* table: tx[20], wx[20], ty[20], wy[20] (GI_RULE_MAX_NODES each). Work-group g sums tile
 * tile_base + g into out[tile_base + g - first]. */
__kernel void gi_integrate_rule_tiles(long tile_nx, long tile_ny, long cols, double x_lo,
                                      double x_h, double x_wend, long x_k, long x_points,
                                      int x_ends, double y_lo, double y_h, double y_wend, long y_k,
                                      long y_points, int y_ends, __global const double *table,
                                      long first, long tile_base, __global double2 *out)
{
    __local double lane_s[GI_LANES], lane_c[GI_LANES];
    const gi_axis ax = {x_lo, x_h, x_wend, x_k, x_points, x_ends};
    const gi_axis ay = {y_lo, y_h, y_wend, y_k, y_points, y_ends};
    __global const double *tx = table, *wx = table + 20, *ty = table + 40, *wy = table + 60;

    const long t = tile_base + (long)get_group_id(0);
    const int lid = (int)get_local_id(0), wg = (int)get_local_size(0);
    const long i0 = (t / cols) * tile_nx, i1 = min(i0 + tile_nx, x_points);
    const long j0 = (t % cols) * tile_ny, j1 = min(j0 + tile_ny, y_points);

    for (int l = lid; l < GI_LANES; l += wg) {
        double s = 0.0, c = 0.0;
        for (long i = i0; i < i1; i++) {
            const double x = gi_point(&ax, tx, i), wxi = gi_weight(&ax, wx, i);
            for (long j = j0 + l; j < j1; j += GI_LANES) {
                const double y = gi_point(&ay, ty, j);
                gi_add(&s, &c, (wxi * gi_weight(&ay, wy, j)) * gi_user_f(x, y));
            }
        }
        lane_s[l] = s;
        lane_c[l] = c;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = GI_LANES / 2; stride > 0; stride /= 2) {
        for (int l = lid; l < stride; l += wg)
            gi_merge(lane_s, lane_c, l, l + stride);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0)
        out[t - first] = (double2)(lane_s[0], lane_c[0]);
}
