/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/simd.h — building hot CPU loops for every x86-64 vector width at once.
 */
#ifndef GI_COMMON_SIMD_H
#define GI_COMMON_SIMD_H

/* One clone of the function per vector width (AVX-512, AVX2, SSE2); the dynamic loader picks
 * the widest the CPU supports, so one binary runs on any x86-64 node and still uses AVX-512
 * where there is one. Clones differ in width only: the order of every floating-point
 * operation is the one the source fixes (no -ffast-math, no contraction under -std=c11). */
/* clang 14 (the fuzz preset's compiler) takes no "arch=" clones: one generic function there. */
#if defined(__x86_64__) && defined(__GLIBC__) && !defined(__clang_analyzer__) && !defined(__clang__)
#define GI_VECTOR_CLONES                                                                           \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define GI_VECTOR_CLONES
#endif

#endif /* GI_COMMON_SIMD_H */
