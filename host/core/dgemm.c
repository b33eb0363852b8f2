/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_dgemm and gi_dgemm_device: BLAS's checks and quick returns, then the call into the selected
 * backend with the transpose letters normalised to 'N'/'T'.
 */
#include <gpuinteg/dgemm.h>

#include "util/clock.h"
#include "util/error.h"
#include "core/dgemm_check.h"
#include "core/dispatch.h"

/* gi_dgemm (on_device = 0) and gi_dgemm_device: the same checks, then the backend's op. */
static gi_status dgemm_call(gi_context *ctx, const char *call, int on_device, uintptr_t stream,
                            char transa, char transb, int64_t m, int64_t n, int64_t k, double alpha,
                            const double *A, int64_t lda, const double *B, int64_t ldb, double beta,
                            double *C, int64_t ldc)
{
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    gi_status st =
        gi_dgemm_check_args(&ctx->err, call, transa, transb, m, n, k, lda, ldb, ldc, &ctx->bad_arg);
    if (st != GI_STATUS_OK)
        return st;

    /* Reference BLAS returns here without touching C, A or B. */
    int product = alpha != 0.0 && k > 0;
    if (m == 0 || n == 0 || (!product && beta == 1.0))
        return GI_STATUS_OK;
    if (product && (!A || !B))
        return gi_error_set(&ctx->err, GI_STATUS_MISUSE,
                            "%s: argument %s is NULL but alpha = %g and k = %lld need it", call,
                            !A ? "7 (A)" : "9 (B)", alpha, (long long)k);
    if (!C)
        return gi_error_set(&ctx->err, GI_STATUS_MISUSE,
                            "%s: argument 12 (C) is NULL but m = %lld, n = %lld", call,
                            (long long)m, (long long)n);

    gi_target target;
    if ((st = gi_dispatch_target(ctx, GI_WORKLOAD_DGEMM, &target)) != GI_STATUS_OK)
        return st;
    const gi_backend_slot *slot = target.slot;
    const gi_device_record *rec = target.rec;
    if (!on_device && !slot->ops->dgemm)
        return gi_error_set(&ctx->err, GI_STATUS_NOT_SUPPORTED,
                            "gi_dgemm: the %s backend (device %s) has no dgemm in this build",
                            slot->name, rec->spec);
    if (on_device && !slot->ops->dgemm_device)
        return gi_error_set(&ctx->err, GI_STATUS_NOT_SUPPORTED,
                            "gi_dgemm_device: the %s backend (device %s) computes on host memory "
                            "only; arrays in device memory need the cuda backend",
                            slot->name, rec->spec);

    const gi_dgemm_args args = {
        .transa = gi_dgemm_trans(transa),
        .transb = gi_dgemm_trans(transb),
        .m = m,
        .n = n,
        .k = k,
        .alpha = alpha,
        .A = A,
        .lda = lda,
        .B = B,
        .ldb = ldb,
        .beta = beta,
        .C = C,
        .ldc = ldc,
    };
    gi_workload_timing t = {0};
    double start = gi_now();
    st = on_device ? slot->ops->dgemm_device(slot->state, rec->index, &target.cfg, &args, stream,
                                             &t, &ctx->err)
                   : slot->ops->dgemm(slot->state, rec->index, &target.cfg, &args, &t, &ctx->err);
    double wall = gi_now() - start;
    if (st != GI_STATUS_OK)
        return gi_dispatch_failed(ctx, st, call);
    gi_dispatch_record_timing(ctx, &target, wall, &t);
    return GI_STATUS_OK;
}

gi_status gi_dgemm(gi_context *ctx, char transa, char transb, int64_t m, int64_t n, int64_t k,
                   double alpha, const double *A, int64_t lda, const double *B, int64_t ldb,
                   double beta, double *C, int64_t ldc)
{
    return dgemm_call(ctx, "gi_dgemm", 0, 0, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta,
                      C, ldc);
}

gi_status gi_dgemm_device(gi_context *ctx, char transa, char transb, int64_t m, int64_t n,
                          int64_t k, double alpha, const double *A, int64_t lda, const double *B,
                          int64_t ldb, double beta, double *C, int64_t ldc, uintptr_t stream)
{
    return dgemm_call(ctx, "gi_dgemm_device", 1, stream, transa, transb, m, n, k, alpha, A, lda, B,
                      ldb, beta, C, ldc);
}
