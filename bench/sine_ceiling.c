/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ceilings of gpuinteg's CPU integrate loop, on the same n×n grid and threads:
 *   --loop libmvec        glibc's vector sine (libmvec) alone, each result added to a plain
 *                         per-lane sum: what any libmvec-based loop can reach on this machine;
 *   --loop gi             gpuinteg's sine (kernels/gi_sine.h, the library's row code at the
 *                         CPU's widest path) alone, plainly summed;
 *   --loop gi-exact       the gi sine with the exact fixed-point sum: the library's own row
 *                         loop (gi_sine_row_sorted_fix, at the CPU's widest path);
 *   --loop gi-compensated the same gi sine with the compensated per-lane sum the libm path
 *                         uses (biased Fast2Sum, sin_row.c's arithmetic): the exact sum's cost
 *                         is gi-exact's time over this one's.
 * bench/run shows gpuinteg's time against them.
 * Usage: sine_ceiling [N] [--repeat R] [--loop L] [--json]; threads: OMP_NUM_THREADS. The
 * plain loops' value is the (reassociated) plain sum: it shows the work was done, not an
 * accurate integral.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/simd.h"
#include "common/sine_rows.h"
#include "util/tiles.h"

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

/* The gi sine's rows at the CPU's widest path, summed three ways (sine_rows.h). */
static double row_sum_gi(double x, const double *restrict y, int n)
{
    return gi_sine_row_plain_for(gi_sine_path_best())(x, y, (size_t)n);
}

static double row_sum_gi_compensated(double x, const double *restrict y, int n)
{
    return gi_sine_row_compensated_for(gi_sine_path_best())(x, y, (size_t)n);
}

static double row_sum_gi_exact(double x, const double *restrict y, int n)
{
    gi_fix128 acc = {0, 0};
    gi_sine_row_sorted_fix(x, y, (size_t)n, &acc);
    return gi_fix128_value(acc);
}

typedef double (*row_fn)(double x, const double *restrict y, int n);

static double integrate(long n, row_fn row)
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
                sum += row(((double)i + 0.5) * h, y, len);
        }
    }
    return sum * h * h;
}

int main(int argc, char **argv)
{
    long n = 10000, repeat = 1;
    int json = 0;
    static const struct {
        const char *name;
        row_fn row;
    } loops[] = {{"libmvec", row_sum},
                 {"gi", row_sum_gi},
                 {"gi-exact", row_sum_gi_exact},
                 {"gi-compensated", row_sum_gi_compensated}};
    int loop = 0;
    for (int k = 1; k < argc; k++) {
        char *end;
        if (strcmp(argv[k], "--json") == 0)
            json = 1;
        else if (strcmp(argv[k], "--loop") == 0 && k + 1 < argc) {
            k++;
            for (loop = 0; loop < 4 && strcmp(argv[k], loops[loop].name) != 0; loop++)
                ;
            if (loop == 4) {
                fprintf(stderr,
                        "sine_ceiling: --loop '%s' must be libmvec, gi, gi-exact or "
                        "gi-compensated\n",
                        argv[k]);
                return 2;
            }
        } else if (strcmp(argv[k], "--repeat") == 0 && k + 1 < argc &&
                   (repeat = strtol(argv[k + 1], &end, 10)) >= 1 && *end == '\0')
            k++;
        else if ((n = strtol(argv[k], &end, 10)) < 1 || *end != '\0' || n > 10000000) {
            fprintf(
                stderr,
                "sine_ceiling: usage: [N in 1..10000000] [--repeat R >= 1] [--loop L] [--json]; "
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
        value = integrate(n, loops[loop].row);
        seconds[r] = omp_get_wtime() - t0;
    }
    qsort(seconds, (size_t)repeat, sizeof *seconds, cmp_double);
    double best = seconds[0], median = 0.5 * (seconds[(repeat - 1) / 2] + seconds[repeat / 2]);
    if (json)
        printf("{\"value\":%.17g,\"time_s\":%.9g,\"time_median_s\":%.9g,\"n\":%ld,"
               "\"threads\":%d,\"repeat\":%ld,\"loop\":\"%s\",\"sine_path\":\"%s\"}\n",
               value, best, median, n, omp_get_max_threads(), repeat, loops[loop].name,
               gi_sine_path_name(gi_sine_path_best()));
    else
        printf("Integral value is %e, Error is %e\nTime spent: %.2f sec\n", value, fabs(value),
               best);
    free(seconds);
    return 0;
}
