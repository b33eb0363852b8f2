/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_dgemm_verify: Freivalds' check of a product with a rounding-error tolerance per row (the
 * derivation is in include/gpuinteg/dgemm.h). All vectors go through each matrix in one pass,
 * so the matrices are read once whatever the vector count.
 */
#include <gpuinteg/dgemm.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "core/context_impl.h"
#include "core/dgemm_check.h"
#include "core/random_impl.h"
#include "util/freivalds.h"

enum { V = GI_DGEMM_VERIFY_VECTORS };

/* Fixed, so a check is reproducible; the vectors depend on n only. */
#define VERIFY_SEED UINT64_C(0x4672656976616c64) /* "Freivald" */

/* Sizes of the work arrays, in doubles; 0 on overflow. */
static size_t work_doubles(int64_t m, int64_t n, int64_t k)
{
    /* x, |x| (n each); r, s, z, |z|, t, |t| (m each); y, |y| (k each); per vector. */
    uint64_t per, total;
    if (__builtin_mul_overflow((uint64_t)m, 6u, &per) ||
        __builtin_add_overflow(per, 2u * (uint64_t)n, &per) ||
        __builtin_add_overflow(per, 2u * (uint64_t)k, &per) ||
        __builtin_mul_overflow(per, (uint64_t)V, &total) || total > SIZE_MAX / sizeof(double))
        return 0;
    return (size_t)total;
}

gi_status gi_dgemm_verify(gi_context *ctx, char transa, char transb, int64_t m, int64_t n,
                          int64_t k, double alpha, const double *A, int64_t lda, const double *B,
                          int64_t ldb, double beta, const double *C0, int64_t ldc0, const double *C,
                          int64_t ldc, gi_dgemm_check *check)
{
    if (check)
        memset(check, 0, sizeof *check);
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    const char *call = "gi_dgemm_verify";
    gi_status st =
        gi_dgemm_check_args(&ctx->err, call, transa, transb, m, n, k, lda, ldb, ldc, &ctx->bad_arg);
    if (st == GI_STATUS_OK && beta != 0.0) {
        st = gi_dgemm_check_ld(&ctx->err, call, 14, "ldc0", ldc0, m, "m");
        ctx->bad_arg = st == GI_STATUS_OK ? 0 : 14;
    }
    if (st != GI_STATUS_OK)
        return st;
    char ta = gi_dgemm_trans(transa), tb = gi_dgemm_trans(transb);
    int product = alpha != 0.0 && k > 0;
    if (m > 0 && n > 0) {
        if (product && (!A || !B))
            return gi_error_set(&ctx->err, GI_STATUS_MISUSE,
                                "%s: %s is NULL but alpha = %g and k = %lld need it", call,
                                !A ? "A" : "B", alpha, (long long)k);
        if (beta != 0.0 && !C0)
            return gi_error_set(&ctx->err, GI_STATUS_MISUSE,
                                "%s: C0 is NULL but beta = %g needs it", call, beta);
        if (!C)
            return gi_error_set(&ctx->err, GI_STATUS_MISUSE, "%s: C is NULL", call);
    }

    const double u = DBL_EPSILON / 2, j = (double)(2 * k + n + 5);
    const double tolerance = 2.0 * (j * u / (1.0 - j * u));
    gi_dgemm_check result = {.tolerance = tolerance, .worst_row = 0, .vectors = V};
    if (m == 0 || n == 0) {
        if (check)
            *check = result;
        return GI_STATUS_OK;
    }

    size_t count = work_doubles(m, n, k);
    double *w = count ? calloc(count, sizeof *w) : NULL;
    if (!w)
        return gi_error_set(&ctx->err, GI_STATUS_OUT_OF_MEMORY,
                            "%s: cannot allocate %llu bytes of work space for m = %lld, n = %lld, "
                            "k = %lld",
                            call, (unsigned long long)count * sizeof *w, (long long)m, (long long)n,
                            (long long)k);
    double *x = w, *xa = x + V * n, *r = xa + V * n, *s = r + V * m, *z = s + V * m,
           *za = z + V * m, *y = za + V * m, *ya = y + V * k;
    for (int v = 0; v < V; v++)
        for (int64_t c = 0; c < n; c++) {
            uint64_t bits = gi_splitmix64(VERIFY_SEED, (uint64_t)(v * n + c));
            double mag = 0.5 + 0.5 * gi_random_unit(bits);
            x[v * n + c] = (bits & 1) ? -mag : mag;
            xa[v * n + c] = mag;
        }

    gi_freivalds_matvec('N', m, n, C, ldc, x, xa, n, r, s); /* r = C·x, s = |C||x| */
    if (beta != 0.0) {
        gi_freivalds_matvec('N', m, n, C0, ldc0, x, xa, n, z, za);
        for (int64_t i = 0; i < V * m; i++) {
            r[i] -= beta * z[i];
            s[i] += fabs(beta) * za[i];
        }
    }
    if (product) {
        memset(z, 0, 2 * (size_t)(V * m) * sizeof *z);
        gi_freivalds_matvec(tb, k, n, B, ldb, x, xa, n, y, ya); /* y = op(B)·x */
        gi_freivalds_matvec(ta, m, k, A, lda, y, ya, k, z, za); /* z = op(A)·y */
        for (int64_t i = 0; i < V * m; i++) {
            r[i] -= alpha * z[i];
            s[i] += fabs(alpha) * za[i];
        }
    }

    /* The first failing entry in row order is reported: a NaN there would hide behind max. */
    int64_t bad = -1;
    for (int64_t e = 0; e < V * m; e++) {
        double res = fabs(r[e]);
        double rel = s[e] > 0.0 ? res / s[e] : (res == 0.0 ? 0.0 : INFINITY);
        if (isnan(rel))
            rel = INFINITY;
        if (rel > result.max_rel_residual || e == 0) {
            result.max_rel_residual = rel;
            result.worst_row = e % m;
        }
        if (bad < 0 && !(res <= tolerance * s[e]))
            bad = e;
    }
    if (check)
        *check = result;
    if (bad < 0) {
        free(w);
        return GI_STATUS_OK;
    }
    int64_t row = bad % m;
    int vec = (int)(bad / m);
    if (!isfinite(r[bad]) || !isfinite(s[bad]))
        st = gi_error_set(&ctx->err, GI_STATUS_VERIFICATION_FAILED,
                          "%s: row %lld of C: the residual is %g with scale %g (NaN or Inf in C "
                          "or the inputs; Freivalds vector %d of %d)",
                          call, (long long)row, r[bad], s[bad], vec + 1, V);
    else
        st = gi_error_set(&ctx->err, GI_STATUS_VERIFICATION_FAILED,
                          "%s: row %lld of C is wrong: |residual| %.3e > tolerance %.3e (relative "
                          "%.3e > %.3e = 2*gamma(2k+n+5); Freivalds vector %d of %d)",
                          call, (long long)row, fabs(r[bad]), tolerance * s[bad],
                          fabs(r[bad]) / s[bad], tolerance, vec + 1, V);
    free(w);
    return st;
}
