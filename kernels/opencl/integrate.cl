/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * kernels/opencl/integrate.cl — the integrate workload's tile sums on an OpenCL device.
 *
 * Embedded into gpuinteg-opencl.so at build time (cmake/GiEmbedText.cmake) and built at run time
 * by host/backends/opencl/opencl_integrate.c, which defines:
 *   GI_LANES  the fixed number of compensated sums per tile (a power of two);
 *   GI_VEC    lanes per work-item (1, 2, 4, 8 or 16): the device's natural double vector width.
 *
 * One work-group sums one tile of host/util/tiles.h (same layout, same grid points
 * x0 + (i+0.5)·hx). The tile's cells are dealt to GI_LANES lanes by column: lane l takes columns
 * j0 + l, j0 + l + GI_LANES, … of every row, rows in order, with Neumaier's compensated sum. The
 * lanes are then folded by a fixed tree (stride GI_LANES/2, …, 1) of compensated merges. Which
 * work-item computes which lane, and how many work-items there are, changes nothing: the
 * arithmetic of every lane and of the tree is fixed by GI_LANES alone. The (s, c) pair of each tile
 * goes to the host, which combines the tiles in tile order (gi_tiles_finish).
 */
#pragma OPENCL FP_CONTRACT OFF /* x0 + (i+0.5)·hx must round like the host's, no fused mul-add */
#if defined(cl_khr_fp64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#define GI_CAT_(a, b) a##b
#define GI_CAT(a, b)  GI_CAT_(a, b)

#if GI_VEC == 1
typedef double gi_vd;
typedef long gi_vl;
#define GI_IOTA            ((gi_vl)0)
#define GI_TO_DOUBLE(v)    ((double)(v))
#define GI_VSTORE(v, k, p) ((p)[k] = (v))
#else
typedef GI_CAT(double, GI_VEC) gi_vd;
typedef GI_CAT(long, GI_VEC) gi_vl;
__constant long gi_iota[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
#define GI_IOTA            GI_CAT(vload, GI_VEC)(0, gi_iota)
#define GI_TO_DOUBLE(v)    GI_CAT(convert_double, GI_VEC)(v)
#define GI_VSTORE(v, k, p) GI_CAT(vstore, GI_VEC)(v, k, p)
#endif

/* Neumaier's step on every lane of (s, c): the branch of gi_sum_add as a select. */
inline void gi_add(gi_vd *s, gi_vd *c, gi_vd x)
{
    gi_vd t = *s + x;
    gi_vd s_big = (*s - t) + x, x_big = (x - t) + *s;
    *c += select(x_big, s_big, (gi_vl)isgreaterequal(fabs(*s), fabs(x)));
    *s = t;
}

/* gi_sum_merge: adds the compensated pair (s[b], c[b]) to (s[a], c[a]). */
inline void gi_merge(__local double *s, __local double *c, int a, int b)
{
    double t = s[a] + s[b];
    double comp = fabs(s[a]) >= fabs(s[b]) ? (s[a] - t) + s[b] : (s[b] - t) + s[a];
    c[a] = (c[a] + comp) + c[b];
    s[a] = t;
}

/* Work-group g sums tile tile_base + g into out[tile_base + g - first]: out holds the tiles
 * first, first+1, … of the range the host asked for. */
__kernel void gi_integrate_tiles(long nx, long ny, long tile_nx, long tile_ny, long cols, double x0,
                                 double y0, double hx, double hy, long first, long tile_base,
                                 __global double2 *out)
{
    __local double lane_s[GI_LANES], lane_c[GI_LANES];

    const long t = tile_base + (long)get_group_id(0);
    const int lid = (int)get_local_id(0), wg = (int)get_local_size(0);
    const long i0 = (t / cols) * tile_nx, i1 = min(i0 + tile_nx, nx);
    const long j0 = (t % cols) * tile_ny, j1 = min(j0 + tile_ny, ny);

    for (int g = lid; g < GI_LANES / GI_VEC; g += wg) {
        gi_vd s = 0.0, c = 0.0;
        for (long i = i0; i < i1; i++) {
            const double x = x0 + ((double)i + 0.5) * hx;
            long jb = j0 + (long)g * GI_VEC;
            for (; jb + GI_VEC <= j1; jb += GI_LANES) {
                const gi_vd y = y0 + (GI_TO_DOUBLE(jb + GI_IOTA) + 0.5) * hy;
                gi_add(&s, &c, sin(x + y));
            }
            if (jb < j1) {
                /* The row's last block reaches past the tile's edge: the lanes outside keep
                 * their sums, so each lane's sum is exactly that of its own columns. */
                const gi_vl j = jb + GI_IOTA;
                const gi_vd y = y0 + (GI_TO_DOUBLE(j) + 0.5) * hy;
                gi_vd s1 = s, c1 = c;
                gi_add(&s1, &c1, sin(x + y));
                const gi_vl inside = (gi_vl)(j < j1);
                s = select(s, s1, inside);
                c = select(c, c1, inside);
            }
        }
        GI_VSTORE(s, g, lane_s);
        GI_VSTORE(c, g, lane_c);
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
