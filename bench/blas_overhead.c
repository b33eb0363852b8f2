/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_bench_blas_overhead [N] [CALLS] [ROUNDS] — what libgpuinteg_blas adds to a product that
 * stays on the CPU (target: ≤ 2% over OpenBLAS at N = 64).
 *
 * Both cblas_dgemm are taken from one process: libgpuinteg_blas's (dlopen'd, as a program
 * linked against it would call it, GPUINTEG_BLAS_DEVICE as the environment says: auto) and
 * OpenBLAS's own (from libopenblas.so.0). Each round times CALLS calls of each, alternating
 * which goes first, and the best round of each is compared: the quietest the machine allowed,
 * so that other processes' load counts as little as possible. N = 1 shows the fixed cost per
 * call alone (the product itself is then ~0.1 µs).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef void (*cblas_dgemm_fn)(int, int, int, int, int, int, double, const double *, int,
                               const double *, int, double, double *, int);

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static cblas_dgemm_fn load(const char *file)
{
    void *h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "gi_bench_blas_overhead: %s\n", dlerror());
        exit(1);
    }
    cblas_dgemm_fn f;
    *(void **)&f = dlsym(h, "cblas_dgemm");
    if (!f) {
        fprintf(stderr, "gi_bench_blas_overhead: %s has no cblas_dgemm\n", file);
        exit(1);
    }
    return f;
}

static double round_time(cblas_dgemm_fn f, int n, int calls, const double *A, double *C)
{
    double t = now();
    for (int i = 0; i < calls; i++)
        f(102, 111, 111, n, n, n, 1.0, A, n, A, n, 0.0, C, n);
    return (now() - t) / calls;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 64;
    int calls = argc > 2 ? atoi(argv[2]) : 200;
    int rounds = argc > 3 ? atoi(argv[3]) : 400;
    if (n < 1 || calls < 1 || rounds < 1) {
        fprintf(stderr, "gi_bench_blas_overhead: usage: [N >= 1] [CALLS >= 1] [ROUNDS >= 1]\n");
        return 2;
    }
    cblas_dgemm_fn ours = load(GI_BLAS_LIBRARY), openblas = load("libopenblas.so.0");
    double *A = malloc(sizeof(double) * (size_t)n * n), *C = malloc(sizeof(double) * (size_t)n * n);
    for (int i = 0; i < n * n; i++)
        A[i] = (double)(i % 7) / 7.0;
    round_time(ours, n, calls, A, C); /* warm-up: settings read, pages touched, threads up */
    round_time(openblas, n, calls, A, C);
    double best_ours = 1e30, best_openblas = 1e30;
    for (int r = 0; r < rounds; r++) {
        double a, b;
        if (r % 2) {
            a = round_time(ours, n, calls, A, C);
            b = round_time(openblas, n, calls, A, C);
        } else {
            b = round_time(openblas, n, calls, A, C);
            a = round_time(ours, n, calls, A, C);
        }
        best_ours = a < best_ours ? a : best_ours;
        best_openblas = b < best_openblas ? b : best_openblas;
    }
    double flops = 2.0 * n * n * n;
    printf("n = %d, %d calls x %d rounds, best round per call:\n", n, calls, rounds);
    printf("  OpenBLAS cblas_dgemm          %9.3f us  %6.2f GFLOP/s\n", best_openblas * 1e6,
           flops / best_openblas * 1e-9);
    printf("  libgpuinteg_blas cblas_dgemm  %9.3f us  %6.2f GFLOP/s\n", best_ours * 1e6,
           flops / best_ours * 1e-9);
    printf("  overhead %+.2f%% (%+.0f ns per call; target <= 2%%)\n",
           (best_ours / best_openblas - 1) * 100, (best_ours - best_openblas) * 1e9);
    free(A);
    free(C);
    return 0;
}
