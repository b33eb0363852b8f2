/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hot loop: each vector of sines goes straight from libmvec's registers into the per-lane
 * compensated sums, without a trip through memory.
 *
 * Compiled with -fopenmp-simd -fno-math-errno -ffp-contract=off (see CMakeLists.txt). None of
 * these lets the compiler reassociate or contract: -fopenmp-simd only vectorises the loop
 * marked `omp simd` (eight independent sines, no reduction), -fno-math-errno only lets sin be
 * called as a pure function, and -ffp-contract=off keeps every a*b+c rounded twice. The
 * compensated sums below depend on that; -ffast-math would break them.
 */
#include "sin_row.h"

#include <math.h>
#include <string.h>

#include "simd.h"

#if defined(__x86_64__) && defined(__GLIBC__)
/* glibc declares its vector sine only under -ffast-math (bits/math-vector.h). Declaring the
 * same SIMD variants here gets libmvec's _ZGV*N*v_sin without fast-math's reassociation. */
#pragma omp declare simd notinbranch
extern double sin(double);
#endif

/* The bias of a piece's lane sums: a power of two, at least twice the terms per lane. */
#define GI_SIN_BIAS 256
_Static_assert(GI_SIN_BIAS >= 2 * (GI_SIN_ROW_MAX / GI_SIN_LANES), "bias too small");

/* The lanes are plain arrays with one loop per step: GCC keeps them in registers and vectorises
 * each step at the clone's width (one zmm, two ymm or four xmm registers per array); the lane
 * arithmetic, and so the result, is the same for all. (A GCC vector of 8 doubles would do the
 * same on AVX-512 but is lowered badly, through memory, on AVX2 and SSE2.) */
#define GI_ALWAYS_INLINE static inline __attribute__((always_inline))

/* v[l] = sin(x + y[l]): once inlined into each clone, one call of libmvec's sine of that
 * width (1×8, 2×4 or 4×2 lanes). */
GI_ALWAYS_INLINE void sin_lanes(double x, const double *restrict y, double *restrict v)
{
#pragma omp simd simdlen(GI_SIN_LANES)
    for (int l = 0; l < GI_SIN_LANES; l++)
        v[l] = sin(x + y[l]);
}

/* Fast2Sum per lane: exact because every |s[l]| ≥ GI_SIN_BIAS/2 ≥ 1 ≥ |v[l]| (see sin_row.h). */
GI_ALWAYS_INLINE void fast_add(double *restrict s, double *restrict c, const double *restrict v)
{
#pragma omp simd simdlen(GI_SIN_LANES)
    for (int l = 0; l < GI_SIN_LANES; l++) {
        double t = s[l] + v[l];
        c[l] += v[l] - (t - s[l]);
        s[l] = t;
    }
}

/* The clones are static: an extern clone set is an ifunc symbol, which escapes
 * -fvisibility=hidden into the exported symbols of libgpuinteg; gi_sin_row_sum below is a
 * plain hidden function calling it (one call per row piece of ≥ 2048 terms). */
GI_VECTOR_CLONES
static void sin_row_sum_clones(double x, const double *restrict y, size_t n,
                               gi_lane_sums *restrict acc)
{
    double s[GI_SIN_LANES], c[GI_SIN_LANES], v[GI_SIN_LANES];
    for (int l = 0; l < GI_SIN_LANES; l++) {
        s[l] = (double)GI_SIN_BIAS;
        c[l] = 0.0;
    }
    size_t k = 0;
    for (; k + GI_SIN_LANES <= n; k += GI_SIN_LANES) {
        sin_lanes(x, y + k, v);
        fast_add(s, c, v);
    }
    if (k < n) { /* the last, partial vector: the padding past n adds nothing */
        sin_lanes(x, y + k, v);
        for (size_t l = n - k; l < GI_SIN_LANES; l++)
            v[l] = 0.0;
        fast_add(s, c, v);
    }
    /* The piece, unbiased (exactly: Sterbenz), into the running sums with TwoSum: no
     * magnitude order to rely on there. */
#pragma omp simd simdlen(GI_SIN_LANES)
    for (int l = 0; l < GI_SIN_LANES; l++) {
        double piece = s[l] - (double)GI_SIN_BIAS;
        double t = acc->s[l] + piece;
        double pv = t - acc->s[l];
        double sv = t - pv;
        acc->c[l] += ((acc->s[l] - sv) + (piece - pv)) + c[l];
        acc->s[l] = t;
    }
}

void gi_sin_row_sum(double x, const double *restrict y, size_t n, gi_lane_sums *restrict acc)
{
    sin_row_sum_clones(x, y, n, acc);
}
