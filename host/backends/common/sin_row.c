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

/* Eight lanes of doubles. GCC lowers them to whatever vector unit the clone targets (one zmm,
 * two ymm or four xmm registers); the lane arithmetic, and so the result, is the same. Vectors
 * travel between the helpers by pointer: by value their ABI would differ between the clones. */
typedef double gi_v8d __attribute__((vector_size(GI_SIN_LANES * sizeof(double))));

#define GI_ALWAYS_INLINE static inline __attribute__((always_inline))

/* The sines of x + y[0..GI_SIN_LANES): once inlined into each clone, one call of libmvec's
 * sine of that width (1×8, 2×4 or 4×2 lanes). */
GI_ALWAYS_INLINE void sin_lanes(double x, const double *restrict y, gi_v8d *v)
{
    double lane[GI_SIN_LANES];
#pragma omp simd simdlen(GI_SIN_LANES)
    for (int l = 0; l < GI_SIN_LANES; l++)
        lane[l] = sin(x + y[l]);
    memcpy(v, lane, sizeof *v);
}

/* Fast2Sum per lane: exact because every |*s| ≥ GI_SIN_BIAS/2 ≥ 1 ≥ |*v| (see sin_row.h). */
GI_ALWAYS_INLINE void fast_add(gi_v8d *s, gi_v8d *c, const gi_v8d *v)
{
    gi_v8d t = *s + *v;
    *c += *v - (t - *s);
    *s = t;
}

GI_VECTOR_CLONES
void gi_sin_row_sum(double x, const double *restrict y, size_t n, gi_lane_sums *restrict acc)
{
    const gi_v8d zero = {0};
    gi_v8d s = zero + (double)GI_SIN_BIAS, c = zero, v;
    size_t k = 0;
    for (; k + GI_SIN_LANES <= n; k += GI_SIN_LANES) {
        sin_lanes(x, y + k, &v);
        fast_add(&s, &c, &v);
    }
    if (k < n) { /* the last, partial vector: the padding past n adds nothing */
        sin_lanes(x, y + k, &v);
        for (size_t l = n - k; l < GI_SIN_LANES; l++)
            v[l] = 0.0;
        fast_add(&s, &c, &v);
    }
    gi_v8d piece = s - (double)GI_SIN_BIAS; /* exact: Sterbenz */

    /* TwoSum of the piece into the running sums (no magnitude order to rely on here). */
    gi_v8d as, ac;
    memcpy(&as, acc->s, sizeof as);
    memcpy(&ac, acc->c, sizeof ac);
    gi_v8d t = as + piece;
    gi_v8d pv = t - as;
    gi_v8d sv = t - pv;
    ac += ((as - sv) + (piece - pv)) + c;
    memcpy(acc->s, &t, sizeof t);
    memcpy(acc->c, &ac, sizeof ac);
}
