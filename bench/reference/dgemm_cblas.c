/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The BLAS baseline of the gemm benchmark: C = A·B for random N×N matrices (default 3000)
 * through cblas_dgemm directly — what numpy's dot and gpuinteg's openmp gemm both end in on
 * this machine. OpenBLAS takes its threads from OPENBLAS_NUM_THREADS / OMP_NUM_THREADS.
 * Usage: dgemm_cblas [N] [--repeat R] [--json]. Prints the course's time line (best of R), or
 * one JSON object. Exit 1 if the product is wrong, 2 on a bad argument.
 */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int parse_positive(const char *text, long *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v < 1)
        return 0;
    *out = v;
    return 1;
}

int main(int argc, char **argv)
{
    long n = 3000, repeat = 1;
    int json = 0;
    for (int k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--json") == 0)
            json = 1;
        else if (strcmp(argv[k], "--repeat") == 0 && k + 1 < argc &&
                 parse_positive(argv[k + 1], &repeat))
            k++;
        else if (!parse_positive(argv[k], &n) || n > 100000) {
            fprintf(stderr,
                    "dgemm_cblas: usage: [N in 1..100000] [--repeat R >= 1] [--json]; "
                    "got \"%s\"\n",
                    argv[k]);
            return 2;
        }
    }

    size_t count = (size_t)n * (size_t)n;
    double *a = malloc(count * sizeof *a), *b = malloc(count * sizeof *b),
           *c = malloc(count * sizeof *c), *seconds = malloc((size_t)repeat * sizeof *seconds);
    if (!a || !b || !c || !seconds) {
        fprintf(stderr, "dgemm_cblas: out of memory for three %ldx%ld matrices\n", n, n);
        return 1;
    }
    srand48(1);
    for (size_t i = 0; i < count; i++) {
        a[i] = drand48();
        b[i] = drand48();
    }

    for (long r = 0; r < repeat; r++) {
        double t0 = now();
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, a,
                    (int)n, b, (int)n, 0.0, c, (int)n);
        seconds[r] = now() - t0;
    }

    /* One entry against a plain dot product: a wrong BLAS must not pass as a fast one. With
     * entries in [0,1) the sum has no cancellation, so n·u relative covers any order. */
    double want = 0.0;
    for (long k = 0; k < n; k++)
        want += a[(n - 1) + k * n] * b[k];
    if (fabs(c[n - 1] - want) > 1e-15 * (double)n * want) {
        fprintf(stderr, "dgemm_cblas: C[n-1,0] = %.17g, expected %.17g\n", c[n - 1], want);
        return 1;
    }

    qsort(seconds, (size_t)repeat, sizeof *seconds, cmp_double);
    double best = seconds[0], median = 0.5 * (seconds[(repeat - 1) / 2] + seconds[repeat / 2]);
    double gflops = 2.0 * (double)n * (double)n * (double)n / best * 1e-9;
    if (json)
        printf("{\"n\":%ld,\"time_s\":%.9g,\"time_median_s\":%.9g,\"gflops\":%.6g,"
               "\"repeat\":%ld}\n",
               n, best, median, gflops, repeat);
    else
        printf("Time spent: %.2f sec\n", best);
    free(a);
    free(b);
    free(c);
    free(seconds);
    return 0;
}
