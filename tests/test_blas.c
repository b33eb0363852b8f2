/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * libgpuinteg_blas linked into a program (the way a program linked with -lblas sees it, as
 * under update-alternatives): cblas_dgemm in both orders and dgemm_ against the serial oracle,
 * the ILP64 entry points, XERBLA's and cblas_xerbla's argument numbers, and — in forked
 * children, since the settings are read once per process — the threshold, the record, the
 * CUDA route's host code (the fake "cuda" plugin) and the failure and fallback paths.
 *
 * GI_TEST_BLAS_DEVICE names the device the products run on (serial, openmp or opencl).
 */
#include <criterion/criterion.h>

#include <cjson/cJSON.h>
#include <gpuinteg/gpuinteg.h>

#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "blas_threshold.h"
#include "dgemm_check.h"
#include "run_cmd.h"

enum { ROW = 101, COL = 102, NOTRANS = 111, TRANS = 112 };

void cblas_dgemm(int order, int transa, int transb, int m, int n, int k, double alpha,
                 const double *A, int lda, const double *B, int ldb, double beta, double *C,
                 int ldc);
void cblas_dgemm64_(int order, int transa, int transb, int64_t m, int64_t n, int64_t k,
                    double alpha, const double *A, int64_t lda, const double *B, int64_t ldb,
                    double beta, double *C, int64_t ldc);
void cblas_dgemm_64(int order, int transa, int transb, int64_t m, int64_t n, int64_t k,
                    double alpha, const double *A, int64_t lda, const double *B, int64_t ldb,
                    double beta, double *C, int64_t ldc);
void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *A, const int *lda, const double *B, const int *ldb,
            const double *beta, double *C, const int *ldc, size_t la, size_t lb);
void dgemm_64_(const char *transa, const char *transb, const int64_t *m, const int64_t *n,
               const int64_t *k, const double *alpha, const double *A, const int64_t *lda,
               const double *B, const int64_t *ldb, const double *beta, double *C,
               const int64_t *ldc, size_t la, size_t lb);

/* The program's own error handlers, as the netlib test programs define them: the library must
 * call these (the executable exports them), with the reference numbering. */
static int xerbla_calls, xerbla_info, cblas_calls, cblas_info;
static char xerbla_name[16], cblas_name[32];

/* (This project builds with hidden visibility; the handlers must be exported.) */
#define EXPORTED __attribute__((visibility("default")))

EXPORTED void xerbla_(const char *name, const int *info, size_t len)
{
    xerbla_calls++;
    xerbla_info = *info;
    snprintf(xerbla_name, sizeof xerbla_name, "%.*s", (int)len, name);
}

EXPORTED void cblas_xerbla(int info, const char *routine, const char *form, ...)
{
    (void)form;
    cblas_calls++;
    cblas_info = info;
    snprintf(cblas_name, sizeof cblas_name, "%s", routine);
}

static const char *device(void)
{
    const char *d = getenv("GI_TEST_BLAS_DEVICE");
    return d && d[0] ? d : "serial";
}

/* Every product of this process on the device under test. */
static void on_device(void)
{
    setenv("GPUINTEG_BLAS_DEVICE", device(), 1);
    setenv("GPUINTEG_BLAS_MIN_FLOPS", "0", 1);
    unsetenv("GPUINTEG_BLAS_REPORT");
    unsetenv("GPUINTEG_BLAS_FALLBACK");
}

/* X (rows×cols, row-major, leading dimension ld) as a column-major copy with ld = rows. */
static double *col_major_copy(int rows, int cols, const double *X, int ld)
{
    double *Y = malloc(sizeof(double) * (size_t)rows * (size_t)cols);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            Y[i + (size_t)j * rows] = X[(size_t)i * ld + j];
    return Y;
}

Test(blas, cblas_column_major_matches_the_oracle, .init = on_device)
{
    const int m = 37, n = 23, k = 41;
    for (int ta = 0; ta < 2; ta++)
        for (int tb = 0; tb < 2; tb++) {
            char a = ta ? 'T' : 'N', b = tb ? 'T' : 'N';
            int lda = (ta ? k : m) + 3, ldb = (tb ? n : k) + 2, ldc = m + 5;
            double *A = gi_test_matrix(ta ? k : m, ta ? m : k, lda, 11, 0.0);
            double *B = gi_test_matrix(tb ? n : k, tb ? k : n, ldb, 12, 0.0);
            double *C = gi_test_matrix(m, n, ldc, 13, -7.0);
            double *C0 = gi_test_matrix(m, n, ldc, 13, -7.0);
            long double *ref = malloc(sizeof *ref * m * n), *scale = malloc(sizeof *scale * m * n);
            gi_test_dgemm_oracle(a, b, m, n, k, 0.75, A, lda, B, ldb, -1.25, C0, ldc, ref, scale);
            cblas_dgemm(COL, ta ? TRANS : NOTRANS, tb ? TRANS : NOTRANS, m, n, k, 0.75, A, lda, B,
                        ldb, -1.25, C, ldc);
            char what[64];
            snprintf(what, sizeof what, "cblas_dgemm ColMajor %c%c on %s", a, b, device());
            gi_test_dgemm_expect(what, m, n, k, C, ldc, ref, scale, -7.0);
            free(A), free(B), free(C), free(C0), free(ref), free(scale);
        }
    cr_expect_eq(cblas_calls, 0);
}

Test(blas, cblas_row_major_matches_the_oracle, .init = on_device)
{
    /* Row-major m×n C = op(A)·op(B): A is m×k (or k×m) by rows. The oracle sees column-major
     * copies of the same matrices, so the row-major path is checked, not re-derived. */
    const int m = 29, n = 19, k = 33;
    for (int ta = 0; ta < 2; ta++)
        for (int tb = 0; tb < 2; tb++) {
            int arows = ta ? k : m, acols = ta ? m : k, brows = tb ? n : k, bcols = tb ? k : n;
            int lda = acols + 3, ldb = bcols + 1, ldc = n + 4;
            double *A = gi_test_matrix(arows, lda, arows, 21, 0.0); /* arows×lda, by rows */
            double *B = gi_test_matrix(brows, ldb, brows, 22, 0.0);
            double *C = gi_test_matrix(m, ldc, m, 23, 0.0);
            double *Ac = col_major_copy(arows, acols, A, lda);
            double *Bc = col_major_copy(brows, bcols, B, ldb);
            double *C0c = col_major_copy(m, n, C, ldc);
            double pad = C[n]; /* row 0's first padding element */
            long double *ref = malloc(sizeof *ref * m * n), *scale = malloc(sizeof *scale * m * n);
            gi_test_dgemm_oracle(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, 1.5, Ac, arows, Bc, brows,
                                 0.5, C0c, m, ref, scale);
            cblas_dgemm(ROW, ta ? TRANS : NOTRANS, tb ? TRANS : NOTRANS, m, n, k, 1.5, A, lda, B,
                        ldb, 0.5, C, ldc);
            double *Cc = col_major_copy(m, n, C, ldc);
            char what[64];
            snprintf(what, sizeof what, "cblas_dgemm RowMajor %c%c on %s", ta ? 'T' : 'N',
                     tb ? 'T' : 'N', device());
            gi_test_dgemm_expect(what, m, n, k, Cc, m, ref, scale, 0.0);
            cr_expect_eq(C[n], pad, "row-major padding of C was written");
            free(A), free(B), free(C), free(Ac), free(Bc), free(C0c), free(Cc), free(ref),
                free(scale);
        }
}

Test(blas, fortran_and_ilp64_entry_points_match_the_oracle, .init = on_device)
{
    const int m = 17, n = 31, k = 9, lda = 20, ldb = 31, ldc = 18;
    const int64_t m64 = m, n64 = n, k64 = k, lda64 = lda, ldb64 = ldb, ldc64 = ldc;
    double *A = gi_test_matrix(m, k, lda, 31, 0.0), *B = gi_test_matrix(n, k, ldb, 32, 0.0);
    long double *ref = malloc(sizeof *ref * m * n), *scale = malloc(sizeof *scale * m * n);
    const double alpha = -2.0, beta = 0.0;
    gi_test_dgemm_oracle('N', 'T', m, n, k, alpha, A, lda, B, ldb, beta, NULL, ldc, ref, scale);
    double *C = gi_test_matrix_fill(m, n, ldc, 1e300); /* beta = 0: C must not be read */
    dgemm_("N", "T", &m, &n, &k, &alpha, A, &lda, B, &ldb, &beta, C, &ldc, 1, 1);
    gi_test_dgemm_expect("dgemm_ NT", m, n, k, C, ldc, ref, scale, 1e300);
    free(C);
    C = gi_test_matrix_fill(m, n, ldc, 1e300);
    dgemm_64_("n", "t", &m64, &n64, &k64, &alpha, A, &lda64, B, &ldb64, &beta, C, &ldc64, 1, 1);
    gi_test_dgemm_expect("dgemm_64_ nt", m, n, k, C, ldc, ref, scale, 1e300);
    free(C);
    C = gi_test_matrix_fill(m, n, ldc, 1e300);
    cblas_dgemm64_(COL, NOTRANS, TRANS, m64, n64, k64, alpha, A, lda64, B, ldb64, beta, C, ldc64);
    gi_test_dgemm_expect("cblas_dgemm64_ NT", m, n, k, C, ldc, ref, scale, 1e300);
    free(C);
    C = gi_test_matrix_fill(m, n, ldc, 1e300);
    cblas_dgemm_64(COL, NOTRANS, TRANS, m64, n64, k64, alpha, A, lda64, B, ldb64, beta, C, ldc64);
    gi_test_dgemm_expect("cblas_dgemm_64 NT", m, n, k, C, ldc, ref, scale, 1e300);
    free(A), free(B), free(C), free(ref), free(scale);
    cr_expect_eq(xerbla_calls, 0);
}

/* One illegal call through dgemm_: XERBLA gets "DGEMM " and the reference INFO. */
static void f77_bad(char ta, int m, int n, int k, int lda, int ldb, int ldc, int want)
{
    double A[64] = {0}, B[64] = {0}, C[64] = {0}, one = 1.0;
    xerbla_calls = 0;
    dgemm_(&ta, "N", &m, &n, &k, &one, A, &lda, B, &ldb, &one, C, &ldc, 1, 1);
    cr_expect_eq(xerbla_calls, 1, "XERBLA called %d times for INFO %d", xerbla_calls, want);
    cr_expect_eq(xerbla_info, want, "INFO = %d, reference DGEMM says %d", xerbla_info, want);
    cr_expect_str_eq(xerbla_name, "DGEMM ");
}

Test(blas, dgemm_reports_illegal_arguments_as_reference_blas, .init = on_device)
{
    f77_bad('X', 2, 2, 2, 2, 2, 2, 1);
    f77_bad('N', -1, 2, 2, 2, 2, 2, 3);
    f77_bad('N', 2, -1, 2, 2, 2, 2, 4);
    f77_bad('N', 2, 2, -1, 2, 2, 2, 5);
    f77_bad('N', 3, 2, 2, 2, 2, 3, 8);
    f77_bad('N', 2, 2, 3, 2, 2, 2, 10);
    f77_bad('N', 3, 2, 2, 3, 2, 2, 13);
    f77_bad('T', 2, 2, 3, 2, 3, 2, 8); /* A is k×m: lda >= k */
}

/* One illegal cblas_dgemm: cblas_xerbla gets the position in the caller's call. */
static void cblas_bad(int order, int ta, int m, int n, int k, int lda, int ldb, int ldc, int want)
{
    double A[64] = {0}, B[64] = {0}, C[64] = {0};
    cblas_calls = 0;
    cblas_dgemm(order, ta, NOTRANS, m, n, k, 1.0, A, lda, B, ldb, 1.0, C, ldc);
    cr_expect_eq(cblas_calls, 1, "cblas_xerbla called %d times for %d", cblas_calls, want);
    cr_expect_eq(cblas_info, want, "position %d, want %d (order %d)", cblas_info, want, order);
    cr_expect_str_eq(cblas_name, "cblas_dgemm");
}

Test(blas, cblas_dgemm_reports_illegal_arguments_by_their_position, .init = on_device)
{
    cblas_bad(99, NOTRANS, 2, 2, 2, 2, 2, 2, 1);
    cblas_bad(COL, 7, 2, 2, 2, 2, 2, 2, 2);
    cblas_bad(COL, NOTRANS, -1, 2, 2, 2, 2, 2, 4);
    cblas_bad(ROW, NOTRANS, -1, 2, 2, 2, 2, 2, 4);
    cblas_bad(ROW, NOTRANS, 2, -1, 2, 2, 2, 2, 5);
    cblas_bad(COL, NOTRANS, 3, 2, 2, 2, 2, 3, 9);  /* col-major A m×k: lda >= m */
    cblas_bad(ROW, NOTRANS, 2, 2, 3, 2, 3, 2, 9);  /* row-major A m×k: lda >= k */
    cblas_bad(ROW, NOTRANS, 2, 3, 2, 2, 2, 3, 11); /* row-major B k×n: ldb >= n */
    cblas_bad(ROW, NOTRANS, 2, 3, 2, 2, 3, 2, 14); /* row-major C m×n: ldc >= n */
}

/* One thread's share of the concurrent test: its own matrices, several products. */
typedef struct worker {
    int seed, bad;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    const int m = 40, n = 24, k = 32;
    double *A = gi_test_matrix(m, k, m, (uint64_t)w->seed, 0.0);
    double *B = gi_test_matrix(k, n, k, (uint64_t)w->seed + 100, 0.0);
    long double *ref = malloc(sizeof *ref * m * n), *scale = malloc(sizeof *scale * m * n);
    gi_test_dgemm_oracle('N', 'N', m, n, k, 1.0, A, m, B, k, 0.0, NULL, m, ref, scale);
    const double u = 0x1p-53, bound = 2 * gi_test_gamma(k + 2, u);
    for (int r = 0; r < 8; r++) {
        double *C = gi_test_matrix_fill(m, n, m, 0.0);
        cblas_dgemm(COL, NOTRANS, NOTRANS, m, n, k, 1.0, A, m, B, k, 0.0, C, m);
        for (int i = 0; i < m * n; i++)
            w->bad += fabsl((long double)C[i] - ref[i]) > bound * scale[i];
        free(C);
    }
    free(A), free(B), free(ref), free(scale);
    return NULL;
}

Test(blas, concurrent_calls_from_threads_are_right, .init = on_device)
{
    /* Programs call BLAS from several threads (NumPy releases the GIL around dot): the calls
     * that reach the device share one context, which the library serialises. */
    pthread_t t[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){.seed = 50 + i};
        cr_assert_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        cr_expect_eq(w[i].bad, 0, "thread %d: %d elements wrong on %s", i, w[i].bad, device());
    }
}

Test(blas, the_transfer_model_has_the_stated_crossover)
{
    /* blas_threshold.h: square products with beta = 0 go to the device from n = 208 on 2
     * threads and from n = 1214 on 16 (L + 24n²/B_link < 2n³/(R_cpu·T)). */
    cr_expect_not(gi_blas_offload_pays(207, 207, 207, 0, 2));
    cr_expect(gi_blas_offload_pays(208, 208, 208, 0, 2));
    cr_expect_not(gi_blas_offload_pays(1213, 1213, 1213, 0, 16));
    cr_expect(gi_blas_offload_pays(1214, 1214, 1214, 0, 16));
    cr_expect_not(gi_blas_offload_pays(300, 300, 300, 1, 16)); /* beta ≠ 0: C goes both ways */
    cr_expect_not(gi_blas_offload_pays(0, 5000, 5000, 0, 1));
    cr_expect_eq(gi_blas_bytes_moved(10, 20, 30, 1), 8.0 * (300 + 600 + 2 * 200));
}
