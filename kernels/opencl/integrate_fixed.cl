/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * kernels/opencl/integrate_fixed.cl — the integrate workload's tile sums with gpuinteg's sine and
 * the exact fixed-point sum (kernels/gi_sine.h, which the host puts before this file).
 *
 * Built at run time by host/backends/opencl/opencl_integrate.c, which defines:
 *   GI_LANES  the columns a work-group's items cover side by side (a power of two);
 *   GI_SN_N   lanes per work-item (1, 2, 4, 8 or 16): the device's natural double vector width;
 *   GI_REGS   registers of GI_SN_N lanes side by side in a work-item's block (1, 2, 4, 8 or 16;
 *             GI_SN_N·GI_REGS ≤ GI_LANES): independent chains for a CPU core to overlap;
 *   GI_PARTS_ONLY (optional) never the direct conversion below (tests compare both ways).
 *
 * One work-group sums one tile of host/util/tiles.h (same layout, same grid points
 * x0 + (i+0.5)·hx, same arguments x + y). Its work-items take blocks of GI_SN_N·GI_REGS
 * columns, every row of the tile in each. Each sine is split into integer-valued doubles
 * (gi_fix_split) whose per-lane sums stay exact; they go into a 128-bit integer before they could
 * reach 2⁵³, and the work-items' integers are added in local memory. Where the device's compiler
 * rounds and converts vectors in one instruction each (GI_DIRECT), a block whose arguments share
 * one quadrant adds round(sine·2⁵⁷) to 128-bit lane integers instead: the same integers.
 * Integer sums do not depend on order, so neither the work-group size nor the shape nor the
 * device changes a bit: the tile's sum is the one every backend computes. It goes to the host
 * as (lo, hi) words.
 */
#if GI_SN_N == 1
#define GI_IOTA         ((gi_sn_l)0)
#define GI_TO_D(v)      convert_double(v)
#define GI_STORE(v, p)  ((p)[0] = (v))
#define GI_SELECT_ZERO(v, keep) ((keep) ? (v) : 0.0)
#else
__constant long gi_iota[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
#define GI_IOTA         GI_SN_CAT(vload, GI_SN_N)(0, gi_iota)
#define GI_TO_D(v)      GI_SN_CAT(convert_double, GI_SN_N)(v)
#define GI_STORE(v, p)  GI_SN_CAT(vstore, GI_SN_N)(v, 0, p)
#define GI_SELECT_ZERO(v, keep) select((gi_sn_d)0.0, (v), (keep))
#endif

/* gi_sine with one polynomial where the work-item's lanes share q's parity, as consecutive
 * columns nearly always do: the same bits as gi_sine. */
#if GI_SN_N > 1
/* v's lanes or-ed or and-ed (op) by halving the vector: a few whole-vector operations, where
 * any() and all() cost an extraction per lane on some compilers (PoCL's LLVM among them). */
#define GI_FOLD2(v, op)  ((v).x op (v).y)
#define GI_FOLD4(v, op)  GI_FOLD2((v).lo op (v).hi, op)
#define GI_FOLD8(v, op)  GI_FOLD4((v).lo op (v).hi, op)
#define GI_FOLD16(v, op) GI_FOLD8((v).lo op (v).hi, op)
#define GI_FOLD(v, op)   GI_SN_CAT(GI_FOLD, GI_SN_N)(v, op)
#endif

inline gi_sn_d gi_sine_lanes(gi_sn_d a)
{
#if GI_SN_N == 1
    return gi_sine_one(a);
#else
    gi_sn_d rl;
    gi_sn_l quadrant;
    const gi_sn_d rh = gi_sine_reduce(a, &rl, &quadrant);
    const gi_sn_l odd = quadrant & 1;
    if (!GI_FOLD(odd, |))
        return gi_sine_signed(gi_sine_even(rh, rl), quadrant);
    if (GI_FOLD(odd, &))
        return gi_sine_signed(gi_sine_odd(rh, rl), quadrant);
    return gi_sine_pick(gi_sine_even(rh, rl), gi_sine_odd(rh, rl), quadrant);
#endif
}

/* The quadrant bits of x + y (t's bits), as gi_sine_reduce computes them in a lane. */
inline long gi_quadrant_of(double x, double y)
{
    return as_long(fma(x + y, GI_SINE_2_PI, GI_SINE_SHIFTER));
}

/* Whether every argument of rows [i0, i1) and columns [ja, jz] has the quadrant of the first,
 * whose bits go to *q. The arguments are monotone in x and in y, so their quadrants are: the
 * four corners decide. */
inline int gi_corners_agree(long i0, long i1, long ja, long jz, double x0, double y0, double hx,
                            double hy, long *q)
{
    const double xa = x0 + ((double)i0 + 0.5) * hx, xz = x0 + ((double)(i1 - 1) + 0.5) * hx;
    const double ya = y0 + ((double)ja + 0.5) * hy, yz = y0 + ((double)jz + 0.5) * hy;
    *q = gi_quadrant_of(xa, ya);
    return gi_quadrant_of(xa, yz) == *q && gi_quadrant_of(xz, ya) == *q &&
           gi_quadrant_of(xz, yz) == *q;
}

/* Rows [i0, i1) of n column registers (y values yv, with r the register) whose every argument
 * has quadrant q: one polynomial and one sign for them all, the reduction's q once
 * (gi_sine_reduce_by), no tests. Registers side by side in a row are independent chains. */
#define GI_UNIFORM_ROWS(kernel, op, n, yv)                                                         \
    for (long i = i0; i < i1; i++) {                                                               \
        const double x = x0 + ((double)i + 0.5) * hx;                                              \
        for (int r = 0; r < (n); r++) {                                                            \
            gi_sn_d rl, hi, lo;                                                                    \
            const gi_sn_d rh = gi_sine_reduce_by(x + (yv), (gi_sn_d)qd, &rl);                      \
            gi_fix_split(kernel(rh, rl), &hi, &lo);                                                \
            shi op hi;                                                                             \
            slo op lo;                                                                             \
        }                                                                                          \
    }

/* GI_DIRECT: the device's compiler rounds a vector of doubles to integers and converts them in
 * one instruction each (clang on an AVX-512DQ CPU: PoCL), so a uniform block's terms are
 * round(gi_sine·2⁵⁷) directly, from the header's scaled forms, instead of gi_fix_split's two
 * parts (the same integers: see kernels/gi_sine.h). Elsewhere the parts, which need neither. */
#if GI_REGS > 1 && GI_SN_N > 1 && !defined(GI_PARTS_ONLY) && defined(__AVX512DQ__) &&      \
    defined(__has_builtin)
#if __has_builtin(__builtin_elementwise_roundeven)
#define GI_DIRECT 1
#endif
#endif

#ifdef GI_DIRECT
typedef GI_SN_CAT(ulong, GI_SN_N) gi_sn_u;
/* v (integer-valued or not, |v| < 2⁶²) rounded to the nearest integer, ties to even; exact. */
#define GI_NEAREST(v) GI_SN_CAT(convert_long, GI_SN_N)(__builtin_elementwise_roundeven(v))

/* Each lane's 128-bit integer (lo, hi) += t. */
inline void gi_lanes_add(gi_sn_u *lo, gi_sn_l *hi, gi_sn_l t)
{
    const gi_sn_u s = *lo + GI_SN_AS_U(t);
    *hi = *hi + (t >> 63) - GI_SN_AS_L(s < *lo); /* a true comparison is −1 in every lane */
    *lo = s;
}

/* The lanes' 128-bit integers added into *acc. */
inline void gi_flush_lanes(gi_fix128 *acc, gi_sn_u lo, gi_sn_l hi)
{
    ulong l[GI_SN_N];
    long h[GI_SN_N];
    GI_STORE(lo, l);
    GI_STORE(hi, h);
    for (int k = 0; k < GI_SN_N; k++) {
        const gi_fix128 b = {l[k], h[k]};
        gi_fix128_add(acc, b);
    }
}

/* The block's terms row by row: each row's GI_REGS terms per lane (|sum| ≤ 16·2⁵⁷) into the lanes'
 * 128-bit integers, negated where q's second bit says so. */
#define GI_UNIFORM_BLOCK_DIRECT(term, negate)                                                      \
    for (long i = i0; i < i1; i++) {                                                               \
        const double x = x0 + ((double)i + 0.5) * hx;                                              \
        gi_sn_l t = 0;                                                                             \
        _Pragma("unroll") for (int r = 0; r < GI_REGS; r++)                                        \
            t += GI_NEAREST(term);                                                                 \
        gi_lanes_add(&alo, &ahi, (negate) ? -t : t);                                               \
    }
#define GI_EVEN_TERM (gi_sine_even_2p57(yb[r], (gi_sn_d)(x * 0x1p57), (gi_sn_d)qd))
#define GI_ODD_TERM  (gi_sine_odd_x2(yb[r], (gi_sn_d)x, (gi_sn_d)qd, (gi_sn_d)m2qc2) * 0x1p56)
#endif

/* The lanes' exact integer-valued sums, added into *acc. */
inline void gi_flush(gi_fix128 *acc, gi_sn_d shi, gi_sn_d slo)
{
    double h[GI_SN_N], l[GI_SN_N];
    GI_STORE(shi, h);
    GI_STORE(slo, l);
    for (int k = 0; k < GI_SN_N; k++)
        gi_fix128_add_parts(acc, h[k], l[k]);
}

/* Rows [i0, i1) of the register of columns jb + 0 … GI_SN_N − 1 (those below j1), added into
 * *shi and *slo. */
inline void gi_register_rows(long i0, long i1, long jb, long j1, double x0, double y0, double hx,
                             double hy, gi_sn_d *shi_p, gi_sn_d *slo_p)
{
    const gi_sn_l j = jb + GI_IOTA;
    const gi_sn_d y = y0 + (GI_TO_D(j) + 0.5) * hy;
    const int edge = jb + GI_SN_N > j1; /* lanes past the tile's edge add nothing */
    gi_sn_d shi = *shi_p, slo = *slo_p;
    long q;
    const int uniform = !edge && gi_corners_agree(i0, i1, jb, jb + GI_SN_N - 1, x0, y0, hx, hy, &q);
    const double qd = as_double(q) - GI_SINE_SHIFTER; /* exact: gi_sine_reduce's q */
    if (uniform && (q & 3) == 0) {
        GI_UNIFORM_ROWS(gi_sine_even, +=, 1, y)
    } else if (uniform && (q & 3) == 1) {
        GI_UNIFORM_ROWS(gi_sine_odd, +=, 1, y)
    } else if (uniform && (q & 3) == 2) {
        /* −v's parts are the exact negatives of v's: gi_fix_split rounds symmetrically */
        GI_UNIFORM_ROWS(gi_sine_even, -=, 1, y)
    } else if (uniform) {
        GI_UNIFORM_ROWS(gi_sine_odd, -=, 1, y)
    } else {
        for (long i = i0; i < i1; i++) {
            const double x = x0 + ((double)i + 0.5) * hx;
            gi_sn_d hi, lo;
            gi_fix_split(gi_sine_lanes(x + y), &hi, &lo);
            if (edge) {
                hi = GI_SELECT_ZERO(hi, j < j1);
                lo = GI_SELECT_ZERO(lo, j < j1);
            }
            shi += hi;
            slo += lo;
        }
    }
    *shi_p = shi;
    *slo_p = slo;
}

#define GI_BLOCK (GI_SN_N * GI_REGS)  /* columns of a work-item's block */
#define GI_SLOTS (GI_LANES / GI_BLOCK) /* blocks side by side: a work-group's sums */

/* Work-group g sums tile tile_base + g into out[tile_base + g - first] as (lo, hi). */
__kernel void gi_integrate_tiles_fixed(long nx, long ny, long tile_nx, long tile_ny, long cols,
                                       double x0, double y0, double hx, double hy, long first,
                                       long tile_base, __global long2 *out)
{
    __local ulong part_lo[GI_SLOTS];
    __local long part_hi[GI_SLOTS];

    const long t = tile_base + (long)get_group_id(0);
    const int lid = (int)get_local_id(0), wg = (int)get_local_size(0);
    const long i0 = (t / cols) * tile_nx, i1 = min(i0 + tile_nx, nx);
    const long j0 = (t % cols) * tile_ny, j1 = min(j0 + tile_ny, ny);
    /* Terms per lane between flushes: each is ≤ 2²⁸ and the lane's sums must stay below 2⁵³. */
    const long max_terms = (long)1 << 24;

    /* Columns outside, rows inside: a work-item's y values are computed once per tile. */
    for (int g = lid; g < GI_SLOTS; g += wg) {
        gi_fix128 acc = {0, 0};
        gi_sn_d shi = 0.0, slo = 0.0;
        long terms = 0;
#ifdef GI_DIRECT
        gi_sn_u alo = 0;
        gi_sn_l ahi = 0;
#endif
        for (long jb = j0 + (long)g * GI_BLOCK; jb < j1; jb += GI_LANES) {
            if (terms + (i1 - i0) * GI_REGS > max_terms) {
                gi_flush(&acc, shi, slo);
                shi = 0.0;
                slo = 0.0;
                terms = 0;
            }
#if GI_REGS > 1
            /* A whole block in one quadrant: its registers side by side, one polynomial and one
             * sign. Elsewhere register by register. */
            long q;
            if (jb + GI_BLOCK <= j1 &&
                gi_corners_agree(i0, i1, jb, jb + GI_BLOCK - 1, x0, y0, hx, hy, &q)) {
                const double qd = as_double(q) - GI_SINE_SHIFTER;
                gi_sn_d yb[GI_REGS];
                for (int r = 0; r < GI_REGS; r++)
                    yb[r] = y0 + (GI_TO_D(jb + r * GI_SN_N + GI_IOTA) + 0.5) * hy;
#ifdef GI_DIRECT
                const double m2qc2 = -2.0 * (qd * GI_SINE_C2); /* exact */
                if ((q & 3) == 0) {
                    GI_UNIFORM_BLOCK_DIRECT(GI_EVEN_TERM, 0)
                } else if ((q & 3) == 1) {
                    GI_UNIFORM_BLOCK_DIRECT(GI_ODD_TERM, 0)
                } else if ((q & 3) == 2) {
                    GI_UNIFORM_BLOCK_DIRECT(GI_EVEN_TERM, 1)
                } else {
                    GI_UNIFORM_BLOCK_DIRECT(GI_ODD_TERM, 1)
                }
#else
                if ((q & 3) == 0) {
                    GI_UNIFORM_ROWS(gi_sine_even, +=, GI_REGS, yb[r])
                } else if ((q & 3) == 1) {
                    GI_UNIFORM_ROWS(gi_sine_odd, +=, GI_REGS, yb[r])
                } else if ((q & 3) == 2) {
                    GI_UNIFORM_ROWS(gi_sine_even, -=, GI_REGS, yb[r])
                } else {
                    GI_UNIFORM_ROWS(gi_sine_odd, -=, GI_REGS, yb[r])
                }
#endif
            } else
#endif
                for (int r = 0; r < GI_REGS && jb + r * GI_SN_N < j1; r++)
                    gi_register_rows(i0, i1, jb + r * GI_SN_N, j1, x0, y0, hx, hy, &shi, &slo);
            terms += (i1 - i0) * GI_REGS;
        }
        gi_flush(&acc, shi, slo);
#ifdef GI_DIRECT
        gi_flush_lanes(&acc, alo, ahi);
#endif
        part_lo[g] = acc.lo;
        part_hi[g] = acc.hi;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = GI_SLOTS / 2; stride > 0; stride /= 2) {
        for (int l = lid; l < stride; l += wg) {
            gi_fix128 a = {part_lo[l], part_hi[l]}, b = {part_lo[l + stride], part_hi[l + stride]};
            gi_fix128_add(&a, b);
            part_lo[l] = a.lo;
            part_hi[l] = a.hi;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0)
        out[t - first] = (long2)(as_long(part_lo[0]), part_hi[0]);
}
