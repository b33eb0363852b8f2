/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ceiling of gpuinteg's CPU integrate loop: glibc's vector sine (libmvec) alone on the same
 * n×n grid, each result added to a plain per-lane sum — one addition per vector where gpuinteg
 * does a compensated one. It evaluates every sine and so bounds what any libmvec-based loop
 * can do on this machine; bench/run shows gpuinteg's time against it.
 * Usage: sine_ceiling [N] [--repeat R] [--json]; threads: OMP_NUM_THREADS. The value is the
 * plain (reassociated) sum: it shows the work was done, not an accurate integral.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/simd.h"

#if defined(__x86_64__) && defined(__GLIBC__)
#pragma omp declare simd notinbranch
extern double sin(double);
#endif

#define CHUNK 1024

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

GI_VECTOR_CLONES
static double row_sum(double x, const double *restrict y, int n)
{
    double s = 0.0;
#pragma omp simd reduction(+ : s)
    for (int k = 0; k < n; k++)
        s += sin(x + y[k]);
    return s;
}

static double integrate(long n)
{
    const double h = M_PI / (double)n;
    double sum = 0.0;
#pragma omp parallel reduction(+ : sum)
    {
        double y[CHUNK];
        for (long j0 = 0; j0 < n; j0 += CHUNK) {
            int len = (int)(n - j0 < CHUNK ? n - j0 : CHUNK);
            for (int k = 0; k < len; k++)
                y[k] = ((double)(j0 + k) + 0.5) * h;
#pragma omp for schedule(static)
            for (long i = 0; i < n; i++)
                sum += row_sum(((double)i + 0.5) * h, y, len);
        }
    }
    return sum * h * h;
}

int main(int argc, char **argv)
{
    long n = 10000, repeat = 1;
    int json = 0;
    for (int k = 1; k < argc; k++) {
        char *end;
        if (strcmp(argv[k], "--json") == 0)
            json = 1;
        else if (strcmp(argv[k], "--repeat") == 0 && k + 1 < argc &&
                 (repeat = strtol(argv[k + 1], &end, 10)) >= 1 && *end == '\0')
            k++;
        else if ((n = strtol(argv[k], &end, 10)) < 1 || *end != '\0' || n > 10000000) {
            fprintf(stderr,
                    "sine_ceiling: usage: [N in 1..10000000] [--repeat R >= 1] [--json]; "
                    "got \"%s\"\n",
                    argv[k]);
            return 2;
        }
    }
    double *seconds = malloc((size_t)repeat * sizeof *seconds), value = 0.0;
    if (!seconds)
        return 1;
    for (long r = 0; r < repeat; r++) {
        double t0 = omp_get_wtime();
        value = integrate(n);
        seconds[r] = omp_get_wtime() - t0;
    }
    qsort(seconds, (size_t)repeat, sizeof *seconds, cmp_double);
    double best = seconds[0], median = 0.5 * (seconds[(repeat - 1) / 2] + seconds[repeat / 2]);
    if (json)
        printf("{\"value\":%.17g,\"time_s\":%.9g,\"time_median_s\":%.9g,\"n\":%ld,"
               "\"threads\":%d,\"repeat\":%ld}\n",
               value, best, median, n, omp_get_max_threads(), repeat);
    else
        printf("Integral value is %e, Error is %e\nTime spent: %.2f sec\n", value, fabs(value),
               best);
    free(seconds);
    return 0;
}
