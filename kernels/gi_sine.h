/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * kernels/gi_sine.h — gpuinteg's own double sine and the fixed-point split of each term, written
 * once for C (every CPU path), OpenCL C and CUDA, so that all of them compute the same bits.
 *
 * Every floating-point step is spelled as one of GI_SN_FMA, GI_SN_MUL, GI_SN_ADD, GI_SN_SUB, each
 * rounded once to nearest even, with no contraction left to a compiler: C includers compile with
 * -ffp-contract=off (fma() is correctly rounded in glibc and in hardware), OpenCL with
 * FP_CONTRACT OFF and no -cl-mad-enable, CUDA with the __*_rn intrinsics, which nvcc never fuses.
 * The bit operations (quadrant, sign) are integer operations on the representation.
 *
 * The sine (gi_sine), for |a| ≤ GI_SINE_LIMIT:
 *  1. q = the nearest integer to a·2/π: t = fma(a, 2/π, 1.5·2⁵²) leaves q in t's low bits.
 *  2. Cody–Waite reduction by π/2 = C1 + C2 + C3 (to ~160 bits), one FMA per step:
 *     r1 = a − q·C1 is exact (both are multiples of 2⁻⁵³ and |r1| < 1); then r = rh + rl, the
 *     double-double a − q·(C1 + C2 + C3) (q·C2 split exactly by an FMA, r1 − q·C2 by TwoSum),
 *     so the reduction loses nothing a double can show, even next to multiples of π/2.
 *  3. sin(rh + rl) = rh + (rh·s·S(s) + rl·(1 − s/2)) or
 *     cos(rh + rl) = w + (((1 − w) − s/2) + s²·C(s) − (rh·rl + es/2)), with s = rh², es its
 *     exact rounding error, w = 1 − s/2 rounded and (1 − w) − s/2 its exact error; S and C are
 *     the Taylor series of (sin r − r)/r³ and (cos r − 1 + r²/2)/r⁴ to r¹⁷ and r¹⁶ (truncation
 *     below 2⁻⁶⁰ of the result for |r| ≤ π/4). Every error but the last rounding is below
 *     0.25 ulp: at most 1 ulp in all (tests/test_sine_cpu.c measures 0.74 ulp at worst against
 *     long double on 10⁷ arguments per CPU code path, the OpenCL test the same on PoCL).
 *  4. q's parity picks sin or cos (both are evaluated: a select, no branch, so it vectorises),
 *     q's second bit flips the sign.
 * sin(−0) gives +0: the sign of a zero sine is not kept, which no sum can tell. Outside
 * |a| ≤ GI_SINE_LIMIT the result is meaningless (q no longer fits the shifter's low bits as
 * used here): callers range-check first (gi_integrate refuses such bounds with the gi sine).
 *
 * The fixed-point split (gi_fix_split): v ∈ [−1, 1] is rounded once to a multiple of 2⁻⁵⁷ and
 * written hi·2⁻²⁸ + lo·2⁻⁵⁷ with hi and lo integer-valued doubles of magnitude ≤ 2²⁸. Sums of
 * such doubles are exact while they stay below 2⁵³ (2²⁵ terms), so in any order, on any device,
 * they give the same bits; larger sums go into a 128-bit integer (gi_fix128).
 */
#ifndef GI_KERNELS_SINE_H
#define GI_KERNELS_SINE_H

/* Per language: the four rounded operations, the bit casts, and the types of the sine's values:
 * gi_sn_d (a double, or in OpenCL C a vector of GI_SN_N doubles when the includer defines
 * GI_SN_N), gi_sn_l (its representation as signed integers). GI_SN_FLIP(b, q) flips the sign
 * bit of b where q has its bit 1 set. */
#if defined(__OPENCL_VERSION__)
#pragma OPENCL FP_CONTRACT OFF
#define GI_SN_FN inline
#if !defined(GI_SN_N) || GI_SN_N == 1
typedef double gi_sn_d;
typedef long gi_sn_l;
#define GI_SN_AS_D(b) as_double(b)
#define GI_SN_AS_L(x) as_long(x)
#define GI_SN_AS_U(x) as_ulong(x)
#else
#define GI_SN_CAT_(a, b) a##b
#define GI_SN_CAT(a, b)  GI_SN_CAT_(a, b)
typedef GI_SN_CAT(double, GI_SN_N) gi_sn_d;
typedef GI_SN_CAT(long, GI_SN_N) gi_sn_l;
#define GI_SN_AS_D(b) GI_SN_CAT(as_double, GI_SN_N)(b)
#define GI_SN_AS_L(x) GI_SN_CAT(as_long, GI_SN_N)(x)
#define GI_SN_AS_U(x) GI_SN_CAT(as_ulong, GI_SN_N)(x)
#endif
/* OpenCL's fma takes one type: scalars (the constants) are widened by the casts. */
#define GI_SN_FMA(a, b, c) fma((gi_sn_d)(a), (gi_sn_d)(b), (gi_sn_d)(c))
#define GI_SN_MUL(a, b)    ((a) * (b))
#define GI_SN_ADD(a, b)    ((a) + (b))
#define GI_SN_SUB(a, b)    ((a) - (b))
#define GI_SN_BITS(x)      GI_SN_AS_L(x)
#define GI_SN_DOUBLE(b)    GI_SN_AS_D(b)
#define GI_SN_FLIP(b, q)   GI_SN_AS_L(GI_SN_AS_U(b) ^ (GI_SN_AS_U((q) & 2) << 62))
typedef long gi_i64;
typedef ulong gi_u64;
#elif defined(__CUDACC__)
#define GI_SN_FN static __host__ __device__ __forceinline__
typedef long long gi_i64;
typedef unsigned long long gi_u64;
#ifdef __CUDA_ARCH__
#define GI_SN_FMA(a, b, c) __fma_rn((a), (b), (c))
#define GI_SN_MUL(a, b)    __dmul_rn((a), (b))
#define GI_SN_ADD(a, b)    __dadd_rn((a), (b))
#define GI_SN_SUB(a, b)    __dsub_rn((a), (b))
#define GI_SN_BITS(x)      __double_as_longlong(x)
#define GI_SN_DOUBLE(b)    __longlong_as_double(b)
#endif
#else
#include <math.h>
#include <stdint.h>
#include <string.h>
#define GI_SN_FN static inline
typedef int64_t gi_i64;
typedef uint64_t gi_u64;
#endif

#if !defined(__OPENCL_VERSION__)
typedef double gi_sn_d;
typedef gi_i64 gi_sn_l;
#define GI_SN_FLIP(b, q) ((gi_i64)((gi_u64)(b) ^ ((gi_u64)((q) & 2) << 62)))
#endif

#if !defined(__OPENCL_VERSION__) && !defined(__CUDA_ARCH__)
/* Host C (and the host pass of nvcc): compiled with -ffp-contract=off by every includer. */
#define GI_SN_FMA(a, b, c) fma((a), (b), (c))
#define GI_SN_MUL(a, b)    ((a) * (b))
#define GI_SN_ADD(a, b)    ((a) + (b))
#define GI_SN_SUB(a, b)    ((a) - (b))
#define GI_SN_BITS(x)      gi_sine_bits(x)
#define GI_SN_DOUBLE(b)    gi_sine_double(b)
GI_SN_FN gi_i64 gi_sine_bits(double x)
{
    gi_i64 b;
    memcpy(&b, &x, sizeof b);
    return b;
}
GI_SN_FN double gi_sine_double(gi_i64 b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}
#endif

/* Largest |a| gi_sine takes: q < 2²⁰, far inside the shifter's 2⁵¹ and the exactness of r1. */
#define GI_SINE_LIMIT 1048576.0

#define GI_SINE_SHIFTER 0x1.8p52                /* 1.5·2⁵²: adding it rounds to an integer */
#define GI_SINE_2_PI    0x1.45f306dc9c883p-1    /* 2/π */
#define GI_SINE_C1      0x1.921fb54442d18p+0    /* π/2 rounded */
#define GI_SINE_C2      0x1.1a62633145c07p-54   /* π/2 − C1 rounded */
#define GI_SINE_C3      -0x1.f1976b7ed8fbcp-110 /* π/2 − C1 − C2 rounded */

/* sin(a) for |a| ≤ GI_SINE_LIMIT, within 1 ulp; the same bits on every device (see above). */
GI_SN_FN gi_sn_d gi_sine(gi_sn_d a)
{
    const gi_sn_d t = GI_SN_FMA(a, GI_SINE_2_PI, GI_SINE_SHIFTER);
    const gi_sn_d q = GI_SN_SUB(t, GI_SINE_SHIFTER);
    const gi_sn_l quadrant = GI_SN_BITS(t);
    const gi_sn_d r1 = GI_SN_FMA(-q, GI_SINE_C1, a);
    /* r1 − q·C2 as rh + e exactly: q·C2 = ph + pl (FMA), then Knuth's TwoSum, which needs no
     * order of magnitudes (near a multiple of π/2, |r1| < |ph| happens). */
    const gi_sn_d ph = GI_SN_MUL(q, GI_SINE_C2);
    const gi_sn_d pl = GI_SN_FMA(q, GI_SINE_C2, -ph);
    const gi_sn_d rh = GI_SN_SUB(r1, ph);
    const gi_sn_d bb = GI_SN_SUB(rh, r1);
    const gi_sn_d e = GI_SN_ADD(GI_SN_SUB(r1, GI_SN_SUB(rh, bb)), GI_SN_SUB(-ph, bb));
    const gi_sn_d rl = GI_SN_FMA(-q, GI_SINE_C3, GI_SN_SUB(e, pl));
    const gi_sn_d s = GI_SN_MUL(rh, rh);
    const gi_sn_d hs = GI_SN_MUL(0.5, s);

    /* sin: (sin r − r)/r³ = −1/3! + s/5! − … + s⁷/17! */
    gi_sn_d ps = (gi_sn_d)(0x1.952c77030ad4ap-49);
    ps = GI_SN_FMA(ps, s, -0x1.ae7f3e733b81fp-41);
    ps = GI_SN_FMA(ps, s, 0x1.6124613a86d09p-33);
    ps = GI_SN_FMA(ps, s, -0x1.ae64567f544e4p-26);
    ps = GI_SN_FMA(ps, s, 0x1.71de3a556c734p-19);
    ps = GI_SN_FMA(ps, s, -0x1.a01a01a01a01ap-13);
    ps = GI_SN_FMA(ps, s, 0x1.1111111111111p-7);
    ps = GI_SN_FMA(ps, s, -0x1.5555555555555p-3);
    const gi_sn_d sn = GI_SN_ADD(rh, GI_SN_FMA(GI_SN_MUL(rh, s), ps, GI_SN_FMA(-hs, rl, rl)));

    /* cos: (cos r − 1 + r²/2)/r⁴ = 1/4! − s/6! + … + s⁶/16! */
    gi_sn_d pc = (gi_sn_d)(0x1.ae7f3e733b81fp-45);
    pc = GI_SN_FMA(pc, s, -0x1.93974a8c07c9dp-37);
    pc = GI_SN_FMA(pc, s, 0x1.1eed8eff8d898p-29);
    pc = GI_SN_FMA(pc, s, -0x1.27e4fb7789f5cp-22);
    pc = GI_SN_FMA(pc, s, 0x1.a01a01a01a01ap-16);
    pc = GI_SN_FMA(pc, s, -0x1.6c16c16c16c17p-10);
    pc = GI_SN_FMA(pc, s, 0x1.5555555555555p-5);
    const gi_sn_d es = GI_SN_FMA(rh, rh, -s);
    const gi_sn_d m = GI_SN_FMA(rh, rl, GI_SN_MUL(0.5, es));
    const gi_sn_d w = GI_SN_SUB(1.0, hs);
    const gi_sn_d tail = GI_SN_FMA(GI_SN_MUL(s, s), pc, -m);
    const gi_sn_d cs = GI_SN_ADD(w, GI_SN_ADD(GI_SN_SUB(GI_SN_SUB(1.0, w), hs), tail));

    /* Integer masks, not a conditional: the same code vectorises on every compiler. */
    const gi_sn_l odd = -(quadrant & 1);
    const gi_sn_l bits = (GI_SN_BITS(cs) & odd) | (GI_SN_BITS(sn) & ~odd);
    return GI_SN_DOUBLE(GI_SN_FLIP(bits, quadrant));
}

/* The split's scales: hi counts 2⁻²⁸, lo counts 2⁻⁵⁷ (the fixed binary point). */
#define GI_FIX_HI_SCALE 0x1p28
#define GI_FIX_LO_SCALE 0x1p29
#define GI_FIX_BITS     57

/* v (|v| ≤ 1) rounded to a multiple of 2⁻⁵⁷ = *hi·2⁻²⁸ + *lo·2⁻⁵⁷, |*hi|, |*lo| ≤ 2²⁸. */
GI_SN_FN void gi_fix_split(gi_sn_d v, gi_sn_d *hi, gi_sn_d *lo)
{
    const gi_sn_d h = GI_SN_SUB(GI_SN_FMA(v, GI_FIX_HI_SCALE, GI_SINE_SHIFTER), GI_SINE_SHIFTER);
    const gi_sn_d r = GI_SN_FMA(v, GI_FIX_HI_SCALE, -h); /* exact: |r| ≤ ½ */
    *hi = h;
    *lo = GI_SN_SUB(GI_SN_FMA(r, GI_FIX_LO_SCALE, GI_SINE_SHIFTER), GI_SINE_SHIFTER);
}

/* A 128-bit two's-complement integer in units of 2⁻⁵⁷, as two 64-bit halves, so that OpenCL C
 * and CUDA (which have no 128-bit type) add exactly what the host adds. Integer adds: any
 * order gives the same value. */
typedef struct gi_fix128 {
    gi_u64 lo;
    gi_i64 hi;
} gi_fix128;

/* *a += b. */
GI_SN_FN void gi_fix128_add(gi_fix128 *a, gi_fix128 b)
{
    const gi_u64 lo = a->lo + b.lo;
    a->hi = (gi_i64)((gi_u64)a->hi + (gi_u64)b.hi + (gi_u64)(lo < a->lo));
    a->lo = lo;
}

/* *a += hi·2²⁹ + lo: the integer-valued sums of gi_fix_split's parts (|hi|, |lo| < 2⁶³). */
GI_SN_FN void gi_fix128_add_parts(gi_fix128 *a, double hi, double lo)
{
    const gi_i64 h = (gi_i64)hi, l = (gi_i64)lo;
    gi_fix128 b;
    b.lo = (gi_u64)h << 29;
    b.hi = h >> 35; /* arithmetic shift (GCC, Clang, OpenCL C and CUDA): the sign fills */
    gi_fix128_add(a, b);
    b.lo = (gi_u64)l;
    b.hi = l < 0 ? -1 : 0;
    gi_fix128_add(a, b);
}

#endif /* GI_KERNELS_SINE_H */
