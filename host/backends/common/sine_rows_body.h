/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/sine_rows_body.h — the loops of sine_rows.h for the portable path
 * (sine_rows_portable.c, compiled with -ffp-contract=off, CMakeLists.txt), left to the
 * vectoriser; the x86 paths have their own on whole registers (sine_vec_body.h).
 *
 * The reductions are `omp simd` reductions of integer-valued doubles: every partial sum is an
 * exact integer below 2⁵³, so the vectoriser may split and reorder them as it likes without
 * changing a bit. gi_sine itself is a fixed sequence of rounded operations (kernels/gi_sine.h).
 */
#include "sine_rows.h"

void GI_SINE_ROWS(row)(double x, const double *restrict y, size_t n, gi_fix128 *restrict acc)
{
    double shi = 0.0, slo = 0.0;
#pragma omp simd reduction(+ : shi, slo)
    for (size_t k = 0; k < n; k++) {
        double hi, lo;
        gi_fix_split(gi_sine(x + y[k]), &hi, &lo);
        shi += hi;
        slo += lo;
    }
    gi_fix128_add_parts(acc, shi, slo);
}

/* The portable loop tests nothing per register: a sorted row is any row. */
void GI_SINE_ROWS(row_sorted)(double x, const double *restrict y, size_t n, gi_fix128 *restrict acc)
{
    GI_SINE_ROWS(row)(x, y, n, acc);
}

void GI_SINE_ROWS(values)(const double *restrict a, double *restrict out, size_t n)
{
#pragma omp simd
    for (size_t k = 0; k < n; k++)
        out[k] = gi_sine(a[k]);
}

double GI_SINE_ROWS(row_plain)(double x, const double *restrict y, size_t n)
{
    double sum = 0.0;
#pragma omp simd reduction(+ : sum)
    for (size_t k = 0; k < n; k++)
        sum += gi_sine(x + y[k]);
    return sum;
}

/* sin_row.c's lanes: biased by 256 so that Fast2Sum is exact, 8 of them, folded in order. */
double GI_SINE_ROWS(row_compensated)(double x, const double *restrict y, size_t n)
{
    double s[8], c[8];
    for (int l = 0; l < 8; l++) {
        s[l] = 256.0;
        c[l] = 0.0;
    }
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
#pragma omp simd simdlen(8)
        for (int l = 0; l < 8; l++) {
            const double v = gi_sine(x + y[k + (size_t)l]), t = s[l] + v;
            c[l] += v - (t - s[l]);
            s[l] = t;
        }
    }
    double total = 0.0;
    for (; k < n; k++)
        total += gi_sine(x + y[k]);
    for (int l = 0; l < 8; l++)
        total += (s[l] - 256.0) + c[l];
    return total;
}
