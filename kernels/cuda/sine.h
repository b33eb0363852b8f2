/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * kernels/cuda/sine.h — the double sine the integrate kernel evaluates for arguments up to
 * GI_CUDA_SINE_FAST_LIMIT in magnitude (beyond it the kernel calls CUDA's sin()).
 *
 * Why not CUDA's sin() everywhere: the kernel is bound by instruction issue, and sin() spends
 * about 40 instructions per call beyond its arithmetic (a coefficient table in global memory,
 * its address arithmetic, checks for infinities and for the slow reduction path, constants
 * reloaded into registers; `cuobjdump -sass` of the kernel shows ~61 instructions per
 * evaluation). This one does the same mathematics in ~22: every sine is still evaluated.
 *
 *  1. q = the nearest integer to a·2/π, found by adding 1.5·2⁵² inside an FMA (its low bits are
 *     then q), and r = a − q·π/2 by Cody and Waite's reduction with π/2 split in three doubles
 *     (C1 + C2 + C3 = π/2 to 160 bits), each step one FMA: |r| ≤ π/4 plus a hair, with an error
 *     of about one ulp of r for |q| < 2²⁰.
 *  2. sin(r) or cos(r), chosen by q's parity, from their Taylor polynomials to r¹⁷ and r¹⁶
 *     (coefficients ±1/n! rounded to double; truncation below 3·10⁻¹⁸ for |r| ≤ π/4), in
 *     Horner's form in s = r², one FMA per term.
 *  3. The sign from q's second bit.
 * Error: at most 1.5 ulp measured over 10⁷ arguments (tests/test_cuda_sine.c asserts 2 ulp, CUDA's
 * documented bound for its sin()). sin(−0) gives +0: the sign of a zero result is not kept,
 * which no sum can tell.
 *
 * Plain C99 and CUDA alike: tests/test_cuda_sine.c runs this same code on the CPU. Every
 * operation is rounded once (fma, and products written GI_CUDA_SINE_MUL so that nvcc cannot fuse
 * them into a later add), so the CPU and the GPU compute the same bits.
 */
#ifndef GI_CUDA_SINE_H
#define GI_CUDA_SINE_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#ifdef __CUDACC__
#define GI_CUDA_SINE_FN static __host__ __device__ __forceinline__
#else
#define GI_CUDA_SINE_FN static inline
#endif

#ifdef __CUDA_ARCH__
#define GI_CUDA_SINE_MUL(a, b) __dmul_rn((a), (b))
#else
#define GI_CUDA_SINE_MUL(a, b) ((a) * (b))
#endif

/* Arguments up to 2²⁰ in magnitude: q < 2¹⁹·1.3, well inside the reduction's accurate range. */
#define GI_CUDA_SINE_FAST_LIMIT 1048576.0

/* The low 32 bits of a double's representation. */
GI_CUDA_SINE_FN int gi_cuda_sine_low_bits(double x)
{
#ifdef __CUDA_ARCH__
    return __double2loint(x);
#else
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return (int)(uint32_t)u;
#endif
}

/* v with its sign flipped when flip ≠ 0: an integer operation on the sign bit, which leaves the
 * FP64 pipe (the kernel's bottleneck) free. Same bits as -v. */
GI_CUDA_SINE_FN double gi_cuda_sine_flip(double v, int flip)
{
#ifdef __CUDA_ARCH__
    return __hiloint2double(__double2hiint(v) ^ (flip ? (int)0x80000000u : 0), __double2loint(v));
#else
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    u ^= flip ? (uint64_t)1 << 63 : 0;
    memcpy(&v, &u, sizeof v);
    return v;
#endif
}

/* The constants, in one table: on the GPU in constant memory, so that each FMA reads its
 * coefficient straight from the constant bank (as literals they would be rebuilt in registers,
 * two instructions each, at every evaluation). */
#define GI_CUDA_SINE_TABLE                                                                              \
    {                                                                                              \
        0x1.8p52, /* 0: 1.5·2⁵², adding it rounds to an integer in the low bits */             \
            0x1.45f306dc9c883p-1,    /* 1: 2/π */                                                 \
            0x1.921fb54442d18p+0,    /* 2: C1 */                                                   \
            0x1.1a62633145c07p-54,   /* 3: C2 */                                                   \
            -0x1.f1976b7ed8fbcp-110, /* 4: C3 */                                                   \
            0x1.ae7f3e733b81fp-45,   /* 5…12: cos, 1/16! … 1/2!, signs alternating */          \
            -0x1.93974a8c07c9dp-37, 0x1.1eed8eff8d898p-29, -0x1.27e4fb7789f5cp-22,                 \
            0x1.a01a01a01a01ap-16, -0x1.6c16c16c16c17p-10, 0x1.5555555555555p-5, -0.5,             \
            0x1.952c77030ad4ap-49, /* 13…20: sin, 1/17! … 1/3!, signs alternating */           \
            -0x1.ae7f3e733b81fp-41, 0x1.6124613a86d09p-33, -0x1.ae64567f544e4p-26,                 \
            0x1.71de3a556c734p-19, -0x1.a01a01a01a01ap-13, 0x1.1111111111111p-7,                   \
            -0x1.5555555555555p-3,                                                                 \
    }

#ifdef __CUDACC__
static __constant__ double gi_cuda_sine_table_device[21] = GI_CUDA_SINE_TABLE;
#endif
static const double gi_cuda_sine_table_host[21] = GI_CUDA_SINE_TABLE;

#ifdef __CUDA_ARCH__
#define GI_CUDA_SINE_K(i) gi_cuda_sine_table_device[i]
#else
#define GI_CUDA_SINE_K(i) gi_cuda_sine_table_host[i]
#endif

/* sin(a) for |a| ≤ GI_CUDA_SINE_FAST_LIMIT. */
GI_CUDA_SINE_FN double gi_cuda_sine(double a)
{
    const double t = fma(a, GI_CUDA_SINE_K(1), GI_CUDA_SINE_K(0));
    const double q = t - GI_CUDA_SINE_K(0);
    const int quadrant = gi_cuda_sine_low_bits(t) & 3;

    double r = fma(-q, GI_CUDA_SINE_K(2), a);
    r = fma(-q, GI_CUDA_SINE_K(3), r);
    r = fma(-q, GI_CUDA_SINE_K(4), r);
    const double s = GI_CUDA_SINE_MUL(r, r);

    double v;
    if (quadrant & 1) { /* cos r = 1 − s/2! + s²/4! − … + s⁸/16! */
        double p = GI_CUDA_SINE_K(5);
        for (int k = 6; k <= 12; k++)
            p = fma(p, s, GI_CUDA_SINE_K(k));
        v = fma(p, s, 1.0);
    } else { /* sin r = r − r·s/3! + r·s²/5! − … + r·s⁸/17! */
        double p = GI_CUDA_SINE_K(13);
        for (int k = 14; k <= 20; k++)
            p = fma(p, s, GI_CUDA_SINE_K(k));
        v = fma(GI_CUDA_SINE_MUL(r, s), p, r);
    }
    return gi_cuda_sine_flip(v, quadrant & 2);
}

#endif /* GI_CUDA_SINE_H */
