/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * kernels/gi_sine.h — gpuinteg's own double sine and the fixed-point split of each term, written
 * once for C (every CPU path), OpenCL C and CUDA, so that all of them compute the same bits.
 *
 * Every floating-point step is spelled as one of GI_SN_FMA, GI_SN_FNMA (c − a·b), GI_SN_MUL,
 * GI_SN_ADD, GI_SN_SUB, each rounded once to nearest even, with no contraction left to a
 * compiler: C includers compile with -ffp-contract=off (fma() is correctly rounded in glibc and in
 * hardware), OpenCL with FP_CONTRACT OFF and no -cl-mad-enable, CUDA with the __*_rn intrinsics,
 * which nvcc never fuses. The bit operations (quadrant, sign) are integer operations on the
 * representation.
 *
 * The sine (gi_sine), for |a| ≤ GI_SINE_LIMIT:
 *  1. q = the nearest integer to a·2/π: t = fma(a, 2/π, 1.5·2⁵²) leaves q in t's low bits.
 *  2. Cody–Waite reduction by π/2 = C1 + C2 + C3 (to 2⁻¹⁴¹), kept as a double-double rh + rl:
 *     r1 = a − q·C1 is exact (both are multiples of 2⁻⁵³ and |r1| < 1); q·C2 is exact (C2 has
 *     32 bits, |q| < 2²⁰); rh = r1 − q·C2 with its error by Fast2Sum where |r1| ≥ |q·C2|, and
 *     exact where not (both are then multiples of 2⁻⁸⁵, their difference below 2⁻³²);
 *     rl = e − q·C3. So the reduction loses nothing a double can show, even next to multiples
 *     of π/2.
 *  3. sin(rh + rl) = rh + (s·(rh·S(s) − rl/2) + rl), s = rh², or
 *     cos(rh + rl) = w + (ew − rh·rl + s²·K(s)), w = 1 − rh²/2 rounded by one FMA and ew its
 *     error (exact to 2⁻¹⁰⁷ by a second FMA); S and K are minimax polynomials of degree 5 in s
 *     (below). Every error but the last rounding is below 0.25 ulp: at most 1 ulp in all
 *     (tests/test_sine_cpu.c measures 0.73 ulp at worst against long double on 10⁷ arguments
 *     per CPU code path, the OpenCL test the same on PoCL).
 *  4. q's parity picks sin or cos, q's second bit flips the sign. gi_sine evaluates both and
 *     selects with integer masks (no branch, so it vectorises); callers that know every lane's
 *     parity may evaluate one (gi_sine_even, gi_sine_odd, gi_sine_signed): the same bits.
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
#define GI_SN_AS_D(b)    GI_SN_CAT(as_double, GI_SN_N)(b)
#define GI_SN_AS_L(x)    GI_SN_CAT(as_long, GI_SN_N)(x)
#define GI_SN_AS_U(x)    GI_SN_CAT(as_ulong, GI_SN_N)(x)
#endif
/* OpenCL's fma takes one type: scalars (the constants) are widened by the casts. */
#define GI_SN_FMA(a, b, c)  fma((gi_sn_d)(a), (gi_sn_d)(b), (gi_sn_d)(c))
#define GI_SN_FNMA(a, b, c) fma(-(gi_sn_d)(a), (gi_sn_d)(b), (gi_sn_d)(c))
#define GI_SN_MUL(a, b)     ((a) * (b))
#define GI_SN_ADD(a, b)     ((a) + (b))
#define GI_SN_SUB(a, b)     ((a) - (b))
#define GI_SN_BITS(x)       GI_SN_AS_L(x)
#define GI_SN_DOUBLE(b)     GI_SN_AS_D(b)
#define GI_SN_FLIP(b, q)    GI_SN_AS_L(GI_SN_AS_U(b) ^ (GI_SN_AS_U((q)&2) << 62))
typedef long gi_i64;
typedef ulong gi_u64;
#elif defined(__CUDACC__)
#define GI_SN_FN static __host__ __device__ __forceinline__
typedef long long gi_i64;
typedef unsigned long long gi_u64;
#ifdef __CUDA_ARCH__
#define GI_SN_FMA(a, b, c)  __fma_rn((a), (b), (c))
#define GI_SN_FNMA(a, b, c) __fma_rn(-(a), (b), (c))
#define GI_SN_MUL(a, b)     __dmul_rn((a), (b))
#define GI_SN_ADD(a, b)     __dadd_rn((a), (b))
#define GI_SN_SUB(a, b)     __dsub_rn((a), (b))
#define GI_SN_BITS(x)       __double_as_longlong(x)
#define GI_SN_DOUBLE(b)     __longlong_as_double(b)
#endif
#else
#include <math.h>
#include <stdint.h>
#include <string.h>
#ifndef GI_SN_FN
#define GI_SN_FN static inline
#endif
typedef int64_t gi_i64;
typedef uint64_t gi_u64;
#endif

/* GI_SN_VECTOR_C: a C includer that brings its own vector types and operations for every macro
 * below (host/backends/common/sine_vec.h), the same rounded operations lane by lane. */
#if !defined(__OPENCL_VERSION__) && !defined(GI_SN_VECTOR_C)
typedef double gi_sn_d;
typedef gi_i64 gi_sn_l;
#define GI_SN_FLIP(b, q) ((gi_i64)((gi_u64)(b) ^ ((gi_u64)((q)&2) << 62)))
#endif

#if !defined(__OPENCL_VERSION__) && !defined(__CUDA_ARCH__) && !defined(GI_SN_VECTOR_C)
/* Host C (and the host pass of nvcc): compiled with -ffp-contract=off by every includer. */
#define GI_SN_FMA(a, b, c)  fma((a), (b), (c))
#define GI_SN_FNMA(a, b, c) fma(-(a), (b), (c))
#define GI_SN_MUL(a, b)     ((a) * (b))
#define GI_SN_ADD(a, b)     ((a) + (b))
#define GI_SN_SUB(a, b)     ((a) - (b))
#define GI_SN_BITS(x)       gi_sine_bits(x)
#define GI_SN_DOUBLE(b)     gi_sine_double(b)
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

/* A constant as a gi_sn_d (every lane, where gi_sn_d is a vector). */
#ifndef GI_SN_SPLAT
#define GI_SN_SPLAT(c) ((gi_sn_d)(c))
#endif

/* Largest |a| gi_sine takes: q < 2²⁰, far inside the shifter's 2⁵¹ and the exactness of r1. */
#define GI_SINE_LIMIT 1048576.0

#define GI_SINE_SHIFTER 0x1.8p52             /* 1.5·2⁵²: adding it rounds to an integer */
#define GI_SINE_2_PI    0x1.45f306dc9c883p-1 /* 2/π */
/* S and K: (sin r − r)/r³ and (cos r − 1 + r²/2)/r⁴ as polynomials in s = r², minimax on
 * |r| ≤ π/4 for the error relative to sin r and cos r, each coefficient rounded to a double
 * before the next ones were fitted (tools/fit_sine_poly.py prints them): 2⁻⁵⁷·⁸ and 2⁻⁶³·⁷. */
#define GI_SINE_S0 -0x1.5555555555548p-3
#define GI_SINE_S1 0x1.111111110f75ep-7
#define GI_SINE_S2 -0x1.a01a019bf261ep-13
#define GI_SINE_S3 0x1.71de355f53a42p-19
#define GI_SINE_S4 -0x1.ae5e54bf6ff96p-26
#define GI_SINE_S5 0x1.5d8e4faa2b54cp-33
#define GI_SINE_K0 0x1.555555555554ap-5
#define GI_SINE_K1 -0x1.6c16c16c14e4bp-10
#define GI_SINE_K2 0x1.a01a019c68c81p-16
#define GI_SINE_K3 -0x1.27e4f7d928562p-22
#define GI_SINE_K4 0x1.1ee9ccea60a24p-29
#define GI_SINE_K5 -0x1.8f9f7f1bf45c1p-37

#define GI_SINE_C1 0x1.921fb54442d18p+0  /* π/2 rounded */
#define GI_SINE_C2 0x1.1a626332p-54      /* π/2 − C1 to 32 bits: q·C2 is exact */
#define GI_SINE_C3 -0x1.747f23e32ed7p-87 /* π/2 − C1 − C2 rounded: π/2 to 2⁻¹⁴¹ */

/* The sine in three parts, so that a caller whose lanes all fall in quadrants of one parity
 * evaluates one polynomial instead of both (host/backends/common/sine_vec_body.h): the parts
 * are the same operations gi_sine performs, so either way gives the same bits. */

/* Step 2 for a known q (a caller whose lanes share their q passes it once): returns rh. */
GI_SN_FN gi_sn_d gi_sine_reduce_by(gi_sn_d a, gi_sn_d q, gi_sn_d *rl)
{
    const gi_sn_d r1 = GI_SN_FNMA(q, GI_SINE_C1, a);
    /* q·C2 is exact, so each FMA below rounds what a subtraction of it would: rh = r1 − q·C2,
     * then Fast2Sum's error term (r1 − rh) − q·C2 where |r1| ≥ |q·C2|; elsewhere r1 − q·C2
     * is exact (see above) and the term is 0. */
    const gi_sn_d rh = GI_SN_FNMA(q, GI_SINE_C2, r1);
    const gi_sn_d e = GI_SN_FNMA(q, GI_SINE_C2, GI_SN_SUB(r1, rh));
    *rl = GI_SN_FNMA(q, GI_SINE_C3, e);
    return rh;
}

/* Steps 1-2: a = q·π/2 + (rh + rl); returns rh, q's low bits in *quadrant. */
GI_SN_FN gi_sn_d gi_sine_reduce(gi_sn_d a, gi_sn_d *rl, gi_sn_l *quadrant)
{
    const gi_sn_d t = GI_SN_FMA(a, GI_SINE_2_PI, GI_SINE_SHIFTER);
    *quadrant = GI_SN_BITS(t);
    return gi_sine_reduce_by(a, GI_SN_SUB(t, GI_SINE_SHIFTER), rl);
}

/* c0 + c1·s + … + c5·s⁵ by Horner's rule, one FMA per coefficient. */
GI_SN_FN gi_sn_d gi_sine_poly5(gi_sn_d s, double c0, double c1, double c2, double c3, double c4,
                               double c5)
{
    gi_sn_d p = GI_SN_SPLAT(c5);
    p = GI_SN_FMA(p, s, c4);
    p = GI_SN_FMA(p, s, c3);
    p = GI_SN_FMA(p, s, c2);
    p = GI_SN_FMA(p, s, c1);
    return GI_SN_FMA(p, s, c0);
}

/* Step 3, even quadrants: sin(rh + rl) ≈ rh + rh·s·S(s) + rl·(1 − s/2), s = rh². */
GI_SN_FN gi_sn_d gi_sine_even(gi_sn_d rh, gi_sn_d rl)
{
    const gi_sn_d s = GI_SN_MUL(rh, rh);
    const gi_sn_d p =
        gi_sine_poly5(s, GI_SINE_S0, GI_SINE_S1, GI_SINE_S2, GI_SINE_S3, GI_SINE_S4, GI_SINE_S5);
    /* rh·s·p + rl·(1 − s/2) as s·(rh·p − rl/2) + rl: one operation fewer. */
    const gi_sn_d inner = GI_SN_FMA(rh, p, GI_SN_MUL(-0.5, rl));
    return GI_SN_ADD(rh, GI_SN_FMA(s, inner, rl));
}

/* Step 3, odd quadrants: cos(rh + rl) = w + (ew − rh·rl + s²·K(s)), w + ew = 1 − rh²/2. */
GI_SN_FN gi_sn_d gi_sine_odd(gi_sn_d rh, gi_sn_d rl)
{
    const gi_sn_d h = GI_SN_MUL(0.5, rh);
    const gi_sn_d w = GI_SN_FNMA(rh, h, 1.0);
    const gi_sn_d ew = GI_SN_FNMA(rh, h, GI_SN_SUB(1.0, w));
    const gi_sn_d s = GI_SN_MUL(rh, rh);
    const gi_sn_d p =
        gi_sine_poly5(s, GI_SINE_K0, GI_SINE_K1, GI_SINE_K2, GI_SINE_K3, GI_SINE_K4, GI_SINE_K5);
    return GI_SN_ADD(w, GI_SN_FMA(GI_SN_MUL(s, s), p, GI_SN_FNMA(rh, rl, ew)));
}

/* Step 4: the quadrant's sign on v, a result of gi_sine_even or gi_sine_odd. */
GI_SN_FN gi_sn_d gi_sine_signed(gi_sn_d v, gi_sn_l quadrant)
{
    return GI_SN_DOUBLE(GI_SN_FLIP(GI_SN_BITS(v), quadrant));
}

/* Step 4 where lanes may differ: q's parity picks even or odd with integer masks, not a
 * conditional, so the same code vectorises on every compiler. */
GI_SN_FN gi_sn_d gi_sine_pick(gi_sn_d even, gi_sn_d odd_v, gi_sn_l quadrant)
{
    const gi_sn_l odd = -(quadrant & 1);
    const gi_sn_l bits = (GI_SN_BITS(odd_v) & odd) | (GI_SN_BITS(even) & ~odd);
    return GI_SN_DOUBLE(GI_SN_FLIP(bits, quadrant));
}

/* sin(a) for |a| ≤ GI_SINE_LIMIT, within 1 ulp; the same bits on every device (see above). */
GI_SN_FN gi_sn_d gi_sine(gi_sn_d a)
{
    gi_sn_d rl;
    gi_sn_l quadrant;
    const gi_sn_d rh = gi_sine_reduce(a, &rl, &quadrant);
    return gi_sine_pick(gi_sine_even(rh, rl), gi_sine_odd(rh, rl), quadrant);
}

#if !defined(GI_SN_VECTOR_C) && (!defined(GI_SN_N) || GI_SN_N == 1)
/* gi_sine for one value where a branch is cheaper than a second polynomial (a GPU thread: a
 * warp's consecutive arguments nearly always share q's parity). The same bits as gi_sine. */
GI_SN_FN gi_sn_d gi_sine_one(gi_sn_d a)
{
    gi_sn_d rl;
    gi_sn_l quadrant;
    const gi_sn_d rh = gi_sine_reduce(a, &rl, &quadrant);
    return gi_sine_signed((quadrant & 1) ? gi_sine_odd(rh, rl) : gi_sine_even(rh, rl), quadrant);
}
#endif

/* Scaled forms for callers that turn a uniform run's values into integers by one rounding
 * conversion (the AVX-512 rows; OpenCL where its compiler has one): the values of x + y in a
 * run whose arguments all have quadrant q, times 2⁵⁷ (even quadrants) or times 2 (odd ones),
 * with the scaling folded into the arithmetic. gi_sine_even's operations run on every value
 * times 2⁵⁷ (the polynomial in s·2¹¹⁴, its coefficients scaled to match, and a = x + y taken as
 * fma(y, 2⁵⁷, x·2⁵⁷)); gi_sine_odd's run times 2 (e and rl come out doubled from the same FMAs,
 * with the run's −2·q·C2). Scaling by a power of two commutes with every rounding while nothing
 * overflows or underflows (nothing comes near), so round(result·2⁵⁷) and round(result·2⁵⁶) are
 * round(gi_sine·2⁵⁷) with the sign of q's second bit left to the caller. */
#define GI_SINE_SCALED_S(i, k) (GI_SINE_S##i * 0x1p-##k)
#define GI_SINE_DOUBLED_K(i)   (GI_SINE_K##i * 2.0)

/* 2⁵⁷·gi_sine_even of the argument x + y, given x57 = x·2⁵⁷ and q (as a double). */
GI_SN_FN gi_sn_d gi_sine_even_2p57(gi_sn_d y, gi_sn_d x57, gi_sn_d q)
{
    const gi_sn_d a = GI_SN_FMA(y, 0x1p57, x57);
    const gi_sn_d r1 = GI_SN_FNMA(q, GI_SINE_C1 * 0x1p57, a);
    const gi_sn_d rh = GI_SN_FNMA(q, GI_SINE_C2 * 0x1p57, r1);
    const gi_sn_d e = GI_SN_FNMA(q, GI_SINE_C2 * 0x1p57, GI_SN_SUB(r1, rh));
    const gi_sn_d rl = GI_SN_FNMA(q, GI_SINE_C3 * 0x1p57, e);
    const gi_sn_d s = GI_SN_MUL(rh, rh);
    const gi_sn_d p = gi_sine_poly5(s, GI_SINE_SCALED_S(0, 114), GI_SINE_SCALED_S(1, 228),
                                    GI_SINE_SCALED_S(2, 342), GI_SINE_SCALED_S(3, 456),
                                    GI_SINE_SCALED_S(4, 570), GI_SINE_SCALED_S(5, 684));
    const gi_sn_d inner = GI_SN_FMA(rh, p, GI_SN_MUL(-0x1p-115, rl));
    return GI_SN_ADD(rh, GI_SN_FMA(s, inner, rl));
}

/* 2·gi_sine_odd of the argument x + y, given q (as a double) and minus_2qc2 = −2·(q·C2). */
GI_SN_FN gi_sn_d gi_sine_odd_x2(gi_sn_d y, gi_sn_d x, gi_sn_d q, gi_sn_d minus_2qc2)
{
    const gi_sn_d r1 = GI_SN_FNMA(q, GI_SINE_C1, GI_SN_ADD(x, y));
    const gi_sn_d rh = GI_SN_FNMA(q, GI_SINE_C2, r1);
    const gi_sn_d e2 = GI_SN_FMA(GI_SN_SUB(r1, rh), 2.0, minus_2qc2);
    const gi_sn_d rl2 = GI_SN_FNMA(q, 2.0 * GI_SINE_C3, e2);
    const gi_sn_d w2 = GI_SN_FNMA(rh, rh, 2.0);
    const gi_sn_d ew2 = GI_SN_FNMA(rh, rh, GI_SN_SUB(2.0, w2));
    const gi_sn_d s = GI_SN_MUL(rh, rh);
    const gi_sn_d p2 =
        gi_sine_poly5(s, GI_SINE_DOUBLED_K(0), GI_SINE_DOUBLED_K(1), GI_SINE_DOUBLED_K(2),
                      GI_SINE_DOUBLED_K(3), GI_SINE_DOUBLED_K(4), GI_SINE_DOUBLED_K(5));
    return GI_SN_ADD(w2, GI_SN_FMA(GI_SN_MUL(s, s), p2, GI_SN_FNMA(rh, rl2, ew2)));
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
