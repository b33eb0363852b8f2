/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The openmp backend's use of OpenBLAS: the thread count of each call comes from the context,
 * what the program set for OpenBLAS or OpenMP is the same afterwards, calls from inside an
 * OpenMP parallel region use one thread each and print nothing, concurrent calls with
 * different counts are correct, and sizes beyond OpenBLAS's integers are refused by name.
 * Registered once per OpenBLAS flavour installed (LD_LIBRARY_PATH picks it); with
 * GI_TEST_OPENBLAS_FLAVOUR set, the test first checks it got the flavour it was meant for.
 */
#include <cblas.h>
#include <criterion/criterion.h>
#include <math.h>
#include <omp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "dgemm_check.h"

enum { PTHREADS = 1, OPENMP = 2 };

static gi_context *open_openmp(void)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, "openmp"), GI_STATUS_OK, "%s", gi_last_error(ctx));
    return ctx;
}

/* A 200×200×200 product on ctx, checked against the reference; returns the threads used. */
static int checked_product(gi_context *ctx, uint64_t seed)
{
    const int64_t n = 200;
    double *A = gi_test_matrix(n, n, n, seed, 0), *B = gi_test_matrix(n, n, n, seed + 1, 0);
    double *C = gi_test_matrix_fill(n, n, n, NAN);
    long double *ref = malloc((size_t)(n * n) * sizeof *ref);
    long double *scale = malloc((size_t)(n * n) * sizeof *scale);
    cr_assert(ref && scale);
    gi_test_dgemm_oracle('N', 'T', n, n, n, 1.0, A, n, B, n, 0.0, NULL, n, ref, scale);
    cr_assert_eq(gi_dgemm(ctx, 'N', 'T', n, n, n, 1.0, A, n, B, n, 0.0, C, n), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    gi_test_dgemm_expect("openmp 200^3", n, n, n, C, n, ref, scale, 0.0);
    gi_timing t;
    cr_assert_eq(gi_last_timing(ctx, &t), GI_STATUS_OK);
    free(A);
    free(B);
    free(C);
    free(ref);
    free(scale);
    return t.threads;
}

Test(dgemm_openblas, flavour_is_the_one_under_test)
{
    const char *want = getenv("GI_TEST_OPENBLAS_FLAVOUR");
    if (!want || !*want)
        cr_skip_test("the system's default flavour (%d); no flavour asked for",
                     openblas_get_parallel());
    cr_assert_eq(openblas_get_parallel(), atoi(want), "OpenBLAS says %d (%s)",
                 openblas_get_parallel(), openblas_get_config());
}

Test(dgemm_openblas, thread_count_per_call_and_restored)
{
    gi_context *ctx = open_openmp();
    int flavour = openblas_get_parallel();
    for (int program = 1; program <= 2; program++)
        for (int want = 1; want <= 2; want++) {
            /* What a program using OpenBLAS itself might have set. */
            openblas_set_num_threads(program);
            omp_set_num_threads(program);
            int blas_before = openblas_get_num_threads(), omp_before = omp_get_max_threads();
            cr_assert_eq(gi_context_set_threads(ctx, want), GI_STATUS_OK);
            int used = checked_product(ctx, 10);
            cr_assert_eq(used, flavour == 0 ? 1 : want, "flavour %d: asked %d, used %d", flavour,
                         want, used);
            cr_assert_eq(omp_get_max_threads(), omp_before,
                         "the caller's OpenMP thread count changed from %d to %d", omp_before,
                         omp_get_max_threads());
            /* The OpenMP flavour re-reads omp_get_max_threads() on every call, so its own
             * counter follows the last call; the pthreads one is a setting and must be back. */
            if (flavour == PTHREADS)
                cr_assert_eq(openblas_get_num_threads(), blas_before,
                             "OpenBLAS's thread count changed from %d to %d", blas_before,
                             openblas_get_num_threads());
        }
    gi_context_destroy(ctx);
}

Test(dgemm_openblas, one_thread_inside_a_parallel_region_and_no_output)
{
    /* OpenBLAS's pthreads flavour warns on stderr when called with threads from an OpenMP
     * loop; the library must never print. Capture stderr for the region. */
    fflush(stderr);
    char path[] = "/tmp/gi_test_stderr_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    int saved = dup(2);
    dup2(fd, 2);
    int used[2] = {0, 0};
#pragma omp parallel num_threads(2)
    {
        gi_context *ctx;
        if (gi_context_create(&ctx) == GI_STATUS_OK &&
            gi_context_select(ctx, "openmp") == GI_STATUS_OK &&
            gi_context_set_threads(ctx, 2) == GI_STATUS_OK) {
            const int64_t n = 150;
            double *A = gi_test_matrix_fill(n, n, n, 1.0), *C = gi_test_matrix_fill(n, n, n, NAN);
            gi_timing t = {0};
            if (gi_dgemm(ctx, 'N', 'N', n, n, n, 1.0, A, n, A, n, 0.0, C, n) == GI_STATUS_OK &&
                gi_last_timing(ctx, &t) == GI_STATUS_OK && C[0] == (double)n &&
                C[n * n - 1] == (double)n)
                used[omp_get_thread_num()] = t.threads;
            free(A);
            free(C);
        }
        gi_context_destroy(ctx);
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    off_t size = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);
    cr_assert_eq(size, 0, "something was printed on stderr inside the parallel region");
    cr_assert_eq(used[0], 1, "thread 0 used %d threads (0: the call failed)", used[0]);
    cr_assert_eq(used[1], 1, "thread 1 used %d threads (0: the call failed)", used[1]);
}

typedef struct worker {
    int threads, rounds, failures, used_wrong;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    gi_context *ctx;
    if (gi_context_create(&ctx) != GI_STATUS_OK || gi_context_select(ctx, "openmp") != 0 ||
        gi_context_set_threads(ctx, w->threads) != GI_STATUS_OK) {
        w->failures = w->rounds;
        gi_context_destroy(ctx);
        return NULL;
    }
    const int64_t n = 120;
    double *A = gi_test_matrix_fill(n, n, n, 0.5), *C = gi_test_matrix_fill(n, n, n, NAN);
    int flavour = openblas_get_parallel();
    for (int r = 0; r < w->rounds; r++) {
        gi_timing t = {0};
        if (gi_dgemm(ctx, 'T', 'N', n, n, n, 2.0, A, n, A, n, 0.0, C, n) != GI_STATUS_OK ||
            gi_last_timing(ctx, &t) != GI_STATUS_OK || C[0] != 0.5 * (double)n ||
            C[n * n - 1] != 0.5 * (double)n)
            w->failures++;
        else if (t.threads != (flavour == 0 ? 1 : w->threads))
            w->used_wrong++;
    }
    free(A);
    free(C);
    gi_context_destroy(ctx);
    return NULL;
}

Test(dgemm_openblas, concurrent_calls_with_different_counts)
{
    openblas_set_num_threads(2);
    int before = openblas_get_num_threads();
    worker w[3] = {{1, 40, 0, 0}, {2, 40, 0, 0}, {1, 40, 0, 0}};
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        cr_assert_eq(pthread_create(&th[i], NULL, work, &w[i]), 0);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(w[i].failures, 0, "worker %d (%d threads): %d wrong results", i, w[i].threads,
                     w[i].failures);
        cr_assert_eq(w[i].used_wrong, 0, "worker %d: %d calls ran with another thread count", i,
                     w[i].used_wrong);
    }
    if (openblas_get_parallel() == PTHREADS)
        cr_assert_eq(openblas_get_num_threads(), before);
}

Test(dgemm_openblas, sizes_beyond_openblas_integers)
{
    if (sizeof(blasint) > 4)
        cr_skip_test("this OpenBLAS uses 64-bit integers");
    gi_context *ctx = open_openmp();
    /* Never read: the backend refuses before touching memory. */
    static double a[4], b[4], c[4];
    const int64_t big = INT64_C(2147483648);
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', big, 1, 1, 1.0, a, big, b, 1, 0.0, c, big),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_assert_str_eq(gi_last_error(ctx),
                     "openmp: dgemm: argument 3 (m) = 2147483648 exceeds OpenBLAS's integer "
                     "limit 2147483647 (this OpenBLAS uses 32-bit integers); use the serial "
                     "backend or split the product");
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 1, 1, big, 1.0, a, 1, b, big, 0.0, c, 1),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_last_error(ctx), "argument 5 (k) = 2147483648 exceeds"), "%s",
              gi_last_error(ctx));
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 1, 1, 1, 1.0, a, 1, b, 1, 0.0, c, big),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_last_error(ctx), "argument 13 (ldc) = 2147483648 exceeds"), "%s",
              gi_last_error(ctx));
    /* 2³¹-1 itself goes through to OpenBLAS (with n = 1 only the first column is used). */
    const int64_t max = INT64_C(2147483647);
    a[0] = 3.0;
    b[0] = 4.0;
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 1, 1, 1, 1.0, a, max, b, max, 0.0, c, max), GI_STATUS_OK,
                 "%s", gi_last_error(ctx));
    cr_assert_eq(c[0], 12.0);
    gi_context_destroy(ctx);
}
