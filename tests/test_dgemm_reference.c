/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The serial kernel as the oracle: its fixed summation order gives the same bits for every
 * transpose of the same data and on every run; openmp (OpenBLAS) agrees with it within the
 * bound two correct products can differ by.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gpuinteg/gpuinteg.h>

#include "dgemm_check.h"

static gi_context *open_device(const char *device)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, device), GI_STATUS_OK, "%s: %s", device,
                 gi_last_error(ctx));
    return ctx;
}

/* C (m×n) = op(A)·op(B) for op given by ta/tb, where op(A) and op(B) are the same matrices
 * An (m×k) and Bn (k×n) whatever the transposes: the stored A is Anᵀ for 'T'. */
static double *product(gi_context *ctx, char ta, char tb, int64_t m, int64_t n, int64_t k,
                       const double *An, const double *Bn)
{
    double *A = ta == 'N' ? gi_test_transposed_copy('N', m, k, An, m, m, 0)
                          : gi_test_transposed_copy('T', k, m, An, m, k, 0);
    double *B = tb == 'N' ? gi_test_transposed_copy('N', k, n, Bn, k, k, 0)
                          : gi_test_transposed_copy('T', n, k, Bn, k, n, 0);
    double *C = gi_test_matrix_fill(m, n, m, NAN);
    cr_assert_eq(
        gi_dgemm(ctx, ta, tb, m, n, k, 1.0, A, ta == 'N' ? m : k, B, tb == 'N' ? k : n, 0.0, C, m),
        GI_STATUS_OK, "%s", gi_last_error(ctx));
    free(A);
    free(B);
    return C;
}

Test(dgemm_reference, serial_same_bits_for_every_transpose_and_run)
{
    /* k = 600 spans three of the kernel's 256-deep blocks. */
    const int64_t shapes[][3] = {{257, 257, 257}, {37, 23, 600}};
    gi_context *ctx = open_device("serial");
    for (int s = 0; s < 2; s++) {
        int64_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        double *An = gi_test_matrix(m, k, m, 40 + (uint64_t)s, 0);
        double *Bn = gi_test_matrix(k, n, k, 50 + (uint64_t)s, 0);
        double *want = product(ctx, 'N', 'N', m, n, k, An, Bn);
        const char pairs[][2] = {{'N', 'N'}, {'N', 'T'}, {'T', 'N'}, {'T', 'T'}};
        for (int p = 0; p < 4; p++) {
            double *got = product(ctx, pairs[p][0], pairs[p][1], m, n, k, An, Bn);
            cr_assert(gi_test_same_bits(m, n, want, m, got, m),
                      "serial %c%c %lldx%lldx%lld: not the same bits as NN", pairs[p][0],
                      pairs[p][1], (long long)m, (long long)n, (long long)k);
            free(got);
        }
        free(An);
        free(Bn);
        free(want);
    }
    gi_context_destroy(ctx);
}

Test(dgemm_reference, openmp_agrees_with_serial)
{
    gi_context *ser = open_device("serial"), *omp;
    cr_assert_eq(gi_context_create(&omp), GI_STATUS_OK);
    if (gi_context_select(omp, "openmp") != GI_STATUS_OK)
        cr_skip_test("openmp backend not built: %s", gi_last_error(omp));
    double one = 1.0, c = 0.0;
    if (gi_dgemm(omp, 'N', 'N', 1, 1, 1, 1.0, &one, 1, &one, 1, 0.0, &c, 1) ==
        GI_STATUS_NOT_SUPPORTED)
        cr_skip_test("openmp built without OpenBLAS: %s", gi_last_error(omp));
    const int64_t shapes[][3] = {{257, 257, 257}, {130, 61, 700}, {3, 500, 40}};
    const double u = DBL_EPSILON / 2;
    for (int s = 0; s < 3; s++)
        for (int t = 0; t < 4; t++) {
            int64_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
            char ta = t & 1 ? 'T' : 'N', tb = t & 2 ? 'T' : 'N';
            double *An = gi_test_matrix(m, k, m, 60 + (uint64_t)s, 0);
            double *Bn = gi_test_matrix(k, n, k, 70 + (uint64_t)s, 0);
            double *cs = product(ser, ta, tb, m, n, k, An, Bn);
            double *co = product(omp, ta, tb, m, n, k, An, Bn);
            long double *ref = malloc((size_t)(m * n) * sizeof *ref);
            long double *scale = malloc((size_t)(m * n) * sizeof *scale);
            gi_test_dgemm_oracle('N', 'N', m, n, k, 1.0, An, m, Bn, k, 0.0, NULL, m, ref, scale);
            /* Each is within γ_{k+2}·S of the exact product, so they are within twice that of
             * each other (S computed in long double, to far better than u). */
            double factor = 2.0 * gi_test_gamma((double)k + 2, u) * (1.0 + 1e-10);
            for (int64_t e = 0; e < m * n; e++)
                cr_assert_leq(fabs(cs[e] - co[e]), factor * (double)scale[e],
                              "%c%c %lldx%lldx%lld element %lld: serial %.17g, openmp %.17g", ta,
                              tb, (long long)m, (long long)n, (long long)k, (long long)e, cs[e],
                              co[e]);
            free(An);
            free(Bn);
            free(cs);
            free(co);
            free(ref);
            free(scale);
        }
    gi_context_destroy(ser);
    gi_context_destroy(omp);
}
