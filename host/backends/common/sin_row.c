/*
 * Compiled with -fopenmp-simd -fno-math-errno (see CMakeLists.txt) and kept apart from the
 * summation: the compensated sum must never see the flags that let a compiler reassociate.
 */
#include "sin_row.h"

#include <math.h>

#include "simd.h"

#if defined(__x86_64__) && defined(__GLIBC__)
/* glibc declares its vector sine only under -ffast-math (bits/math-vector.h). Declaring the
 * same SIMD variants here gets libmvec's _ZGV*N*v_sin without fast-math's reassociation. */
#pragma omp declare simd notinbranch
extern double sin(double);
#endif

GI_VECTOR_CLONES
void gi_sin_row(double x, double y0, double hy, int64_t j0, size_t n, double *restrict out)
{
#pragma omp simd
    for (size_t k = 0; k < n; k++)
        out[k] = sin(x + (y0 + ((double)(j0 + (int64_t)k) + 0.5) * hy));
}
