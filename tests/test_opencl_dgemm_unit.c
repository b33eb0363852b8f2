/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The opencl backend's dgemm member called directly (below gi_dgemm's argument checks): the
 * device-memory and CLBlast-indexing limits, the NULL-matrix cases BLAS allows, and CLBlast's
 * padded ("indirect") path, which gi_dgemm reaches only at sizes too slow for a test.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <clblast_c.h>

#include "dgemm_check.h"
#include "opencl_dgemm.h"
#include "opencl_pick.h"

static gi_status call(opencl_device *d, gi_dgemm_args *a, gi_workload_timing *t, gi_error *err)
{
    atomic_int stop;
    atomic_init(&stop, 0);
    gi_run_config cfg = {.threads = 1, .stop = &stop};
    return opencl_dgemm(d, &cfg, a, t, err);
}

Test(opencl_dgemm_unit, too_large_for_the_device_is_out_of_memory_with_the_sizes)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    /* The smallest square size whose A alone exceeds one buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE).
     * The matrices are reserved, not allocated (MAP_NORESERVE): the backend must refuse before
     * it reads them. */
    int64_t n = (int64_t)sqrt((double)d->max_alloc / 8.0) + 1;
    size_t bytes = (size_t)(n * n) * sizeof(double);
    double *big = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    cr_assert_neq(big, MAP_FAILED);
    gi_dgemm_args a = {'N', 'N', n, n, n, 1.0, big, n, big, n, 0.0, big, n};
    gi_error err = {{0}};
    gi_workload_timing t = {0};
    cr_assert_eq(call(d, &a, &t, &err), GI_STATUS_OUT_OF_MEMORY, "%s", err.msg);
    char want[256];
    snprintf(want, sizeof want, "A needs %zu bytes, more than one buffer may hold", bytes);
    cr_assert(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
    snprintf(want, sizeof want, "this dgemm needs %zu bytes on the device", 3 * bytes);
    cr_assert(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
    snprintf(want, sizeof want, "has %llu bytes of global memory, at most %llu per buffer",
             (unsigned long long)d->info.global_mem_bytes, (unsigned long long)d->max_alloc);
    cr_assert(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
    munmap(big, bytes);
    opencl_devices_release(s);
}

Test(opencl_dgemm_unit, past_clblast_32_bit_indexing_is_invalid_argument)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    double one = 1.0;
    /* 2^16 x 2^16 = 2^32 elements: CLBlast's int indexing cannot reach them. Rejected before
     * anything is read, so one double stands for each matrix. */
    int64_t n = INT64_C(1) << 16;
    gi_dgemm_args a = {'N', 'T', n, 1, n, 1.0, &one, n, &one, 1, 0.0, &one, n};
    gi_error err = {{0}};
    gi_workload_timing t = {0};
    cr_assert_eq(call(d, &a, &t, &err), GI_STATUS_INVALID_ARGUMENT, "%s", err.msg);
    cr_assert(strstr(err.msg, "A is 65536 x 65536; CLBlast indexes a matrix with 32-bit int"), "%s",
              err.msg);
    opencl_devices_release(s);
}

Test(opencl_dgemm_unit, alpha_zero_reads_neither_a_nor_b)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    double C[6] = {1, 2, 3, 4, 5, 6};
    gi_dgemm_args a = {'N', 'N', 2, 2, 5, 0.0, NULL, 2, NULL, 5, -2.0, C, 3};
    gi_error err = {{0}};
    gi_workload_timing t = {0};
    cr_assert_eq(call(d, &a, &t, &err), GI_STATUS_OK, "%s", err.msg);
    const double want[6] = {-2, -4, 3, -8, -10, 6}; /* row 3 is padding (ldc = 3) */
    cr_assert_arr_eq(C, want, sizeof C);

    double Z[4] = {NAN, NAN, INFINITY, NAN};
    gi_dgemm_args z = {'T', 'N', 2, 2, 0, 1.0, NULL, 1, NULL, 1, 0.0, Z, 2};
    cr_assert_eq(call(d, &z, &t, &err), GI_STATUS_OK, "%s", err.msg);
    const double zeros[4] = {0, 0, 0, 0};
    cr_assert_arr_eq(Z, zeros, sizeof Z, "k = 0, beta = 0: C := 0 without reading it");
    opencl_devices_release(s);
}

Test(opencl_dgemm_unit, stop_request_before_the_call)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    double A = 1, B = 1, C = 1;
    gi_dgemm_args a = {'N', 'N', 1, 1, 1, 1.0, &A, 1, &B, 1, 0.0, &C, 1};
    atomic_int stop;
    atomic_init(&stop, 1);
    gi_run_config cfg = {.threads = 1, .stop = &stop};
    gi_error err = {{0}};
    gi_workload_timing t = {0};
    cr_assert_eq(opencl_dgemm(d, &cfg, &a, &t, &err), GI_STATUS_INTERRUPTED);
    cr_assert_eq(C, 1.0);
    opencl_devices_release(s);
}

Test(opencl_dgemm_unit, clblast_indirect_path_every_transpose, .timeout = 240)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    /* CLBlast runs its single "direct" kernel below XGEMM_MIN_INDIRECT_SIZE³ (a per-device
     * database value: above 1000³ on PoCL) and otherwise pads and transposes into temporary
     * buffers, runs its tiled kernel and copies C back out. A threshold of 0 sends every size
     * there (CLBlast then rebuilds its program: ~10 s once, then PoCL's cache). */
    const char *name = "XGEMM_MIN_INDIRECT_SIZE";
    const size_t zero = 0;
    cr_assert_eq(
        CLBlastOverrideParameters(d->id, "GemmRoutine", CLBlastPrecisionDouble, 1, &name, &zero),
        CLBlastSuccess);
    const int64_t shapes[][3] = {{65, 33, 129}, {1, 7, 33}, {129, 129, 1}};
    const char trans[2] = {'N', 'T'};
    for (int ta = 0; ta < 2; ta++)
        for (int tb = 0; tb < 2; tb++)
            for (size_t c = 0; c < sizeof shapes / sizeof shapes[0]; c++) {
                int64_t m = shapes[c][0], n = shapes[c][1], k = shapes[c][2];
                int64_t ar = ta ? k : m, ac = ta ? m : k, br = tb ? n : k, bc = tb ? k : n;
                int64_t lda = ar + 1, ldb = br + 2, ldc = m + 3;
                double beta = c == 1 ? 0.0 : -0.5;
                uint64_t seed = 900 + 10 * c + 2 * (uint64_t)ta + (uint64_t)tb;
                double *A = gi_test_matrix(ar, ac, lda, seed, NAN);
                double *B = gi_test_matrix(br, bc, ldb, seed + 100, NAN);
                double *C = gi_test_matrix(m, n, ldc, seed + 200, 1234.5);
                if (beta == 0.0)
                    for (int64_t j = 0; j < n; j++)
                        for (int64_t i = 0; i < m; i++)
                            C[i + j * ldc] = NAN;
                long double *ref = malloc((size_t)(m * n) * sizeof *ref);
                long double *scale = malloc((size_t)(m * n) * sizeof *scale);
                cr_assert(ref && scale);
                gi_test_dgemm_oracle(trans[ta], trans[tb], m, n, k, 1.5, A, lda, B, ldb, beta, C,
                                     ldc, ref, scale);
                gi_dgemm_args a = {trans[ta], trans[tb], m,   n,    k, 1.5, A,
                                   lda,       B,         ldb, beta, C, ldc};
                gi_error err = {{0}};
                gi_workload_timing t = {0};
                cr_assert_eq(call(d, &a, &t, &err), GI_STATUS_OK, "%s", err.msg);
                char what[128];
                snprintf(what, sizeof what, "indirect %c%c m=%lld n=%lld k=%lld beta=%g", trans[ta],
                         trans[tb], (long long)m, (long long)n, (long long)k, beta);
                gi_test_dgemm_expect(what, m, n, k, C, ldc, ref, scale, 1234.5);
                cr_assert_gt(t.kernel_time_s, 0.0, "%s: no kernel time", what);
                free(A);
                free(B);
                free(C);
                free(ref);
                free(scale);
            }
    opencl_dgemm_forget(s);
    opencl_devices_release(s);
}
