/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/sine_vec.h — kernels/gi_sine.h instantiated on x86 vector registers:
 * gi_sn_d is a register of GI_SINE_VEC_LANES doubles (8: AVX-512, 4: AVX2), and each of the
 * header's rounded operations is the one instruction that rounds it once (vfmadd…pd, vmulpd,
 * vaddpd, vsubpd), lane by lane, so every lane computes what the scalar C path computes.
 * Written as intrinsics rather than left to the vectoriser so that sine_vec_body.h can test
 * whole registers (one polynomial where every lane's quadrant has the same parity).
 *
 * Included by sine_rows_avx512.c and sine_rows_avx2.c before anything else, with
 * GI_SINE_VEC_LANES defined; the includer's flags enable the instruction set.
 */
#ifndef GI_COMMON_SINE_VEC_H
#define GI_COMMON_SINE_VEC_H

#include <immintrin.h>
#include <stdint.h>

#define GI_SN_VECTOR_C 1
#define GI_SN_FN       static inline __attribute__((always_inline))

#if GI_SINE_VEC_LANES == 8
typedef __m512d gi_sn_d;
typedef __m512i gi_sn_l;
#define GI_VEC_OP(op) _mm512_##op
#elif GI_SINE_VEC_LANES == 4
typedef __m256d gi_sn_d;
typedef __m256i gi_sn_l;
#define GI_VEC_OP(op) _mm256_##op
#else
#error "GI_SINE_VEC_LANES must be 8 or 4"
#endif

GI_SN_FN gi_sn_d gi_vec_splat(double c)
{
    return GI_VEC_OP(set1_pd)(c);
}

GI_SN_FN gi_sn_d gi_vec_same(gi_sn_d v)
{
    return v;
}

/* The header passes constants where an operand is the same in every lane. */
#define GI_VEC(x) _Generic((x), gi_sn_d : gi_vec_same, default : gi_vec_splat)(x)

#define GI_SN_SPLAT(c)      gi_vec_splat(c)
#define GI_SN_FMA(a, b, c)  GI_VEC_OP(fmadd_pd)(GI_VEC(a), GI_VEC(b), GI_VEC(c))
#define GI_SN_FNMA(a, b, c) GI_VEC_OP(fnmadd_pd)(GI_VEC(a), GI_VEC(b), GI_VEC(c))
#define GI_SN_MUL(a, b)     GI_VEC_OP(mul_pd)(GI_VEC(a), GI_VEC(b))
#define GI_SN_ADD(a, b)     GI_VEC_OP(add_pd)(GI_VEC(a), GI_VEC(b))
#define GI_SN_SUB(a, b)     GI_VEC_OP(sub_pd)(GI_VEC(a), GI_VEC(b))
/* Same-size vector casts reinterpret the bits (a GCC and Clang extension); the integer
 * operators work lane by lane on the 64-bit lanes. */
#define GI_SN_BITS(x)   ((gi_sn_l)(x))
#define GI_SN_DOUBLE(b) ((gi_sn_d)(b))
/* (q & 2) << 62, written so that it is one shift and one ternary logic op with the xor. */
#define GI_SN_FLIP(b, q) ((b) ^ (((q) << 62) & INT64_MIN))

#endif /* GI_COMMON_SINE_VEC_H */
