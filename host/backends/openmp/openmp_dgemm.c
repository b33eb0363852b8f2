/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The openmp backend's dgemm: Debian's OpenBLAS. The core has checked the arguments; what is
 * left is OpenBLAS's own integer width and the calls OpenBLAS should not see.
 */
#include "openmp_dgemm.h"

#include <stdatomic.h>
#include <stdint.h>

#include "util/clock.h"
#include "common/dgemm_scale.h"
#include "util/error.h"
#include "openblas_threads.h"

/* The largest size OpenBLAS's blasint holds: 2³¹-1 in Debian's build (32-bit integers). */
#define BLASINT_MAX (sizeof(blasint) >= sizeof(int64_t) ? INT64_MAX : (int64_t)INT32_MAX)

static gi_status check_width(gi_error *err, int position, const char *name, int64_t v)
{
    if (v <= BLASINT_MAX)
        return GI_STATUS_OK;
    return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                        "openmp: dgemm: argument %d (%s) = %lld exceeds OpenBLAS's integer limit "
                        "%lld (this OpenBLAS uses %d-bit integers); use the serial backend or "
                        "split the product",
                        position, name, (long long)v, (long long)BLASINT_MAX,
                        (int)(8 * sizeof(blasint)));
}

gi_status openmp_dgemm(void *state, int device, const gi_run_config *cfg, const gi_dgemm_args *g,
                       gi_workload_timing *t, gi_error *err)
{
    (void)state;
    (void)device;
    gi_status st = check_width(err, 3, "m", g->m);
    if (st == GI_STATUS_OK)
        st = check_width(err, 4, "n", g->n);
    if (st == GI_STATUS_OK)
        st = check_width(err, 5, "k", g->k);
    if (st == GI_STATUS_OK)
        st = check_width(err, 8, "lda", g->lda);
    if (st == GI_STATUS_OK)
        st = check_width(err, 10, "ldb", g->ldb);
    if (st == GI_STATUS_OK)
        st = check_width(err, 13, "ldc", g->ldc);
    if (st != GI_STATUS_OK)
        return st;
    if (atomic_load(cfg->stop))
        return gi_error_set(err, GI_STATUS_INTERRUPTED, "openmp: dgemm stopped on request");

    double start = gi_now();
    t->transfer_time_s = 0.0;
    /* OpenBLAS's small-matrix kernels compute alpha·A·B even for alpha = 0, reading A and B
     * (NaN would leak, NULL would crash): reference BLAS reads neither, so neither do we. */
    if (g->alpha == 0.0 || g->k == 0) {
        gi_dgemm_scale_c(g->m, g->n, g->beta, g->C, g->ldc);
        t->threads_used = 1;
        t->kernel_time_s = gi_now() - start;
        return GI_STATUS_OK;
    }

    const gi_openblas_lib *lib = gi_openblas_lib_get(err);
    if (!lib)
        return GI_STATUS_NOT_SUPPORTED;
    gi_openblas_call call;
    t->threads_used = gi_openblas_enter(lib, cfg->threads, &call);
    lib->dgemm(CblasColMajor, g->transa == 'N' ? CblasNoTrans : CblasTrans,
               g->transb == 'N' ? CblasNoTrans : CblasTrans, (blasint)g->m, (blasint)g->n,
               (blasint)g->k, g->alpha, g->A, (blasint)g->lda, g->B, (blasint)g->ldb, g->beta, g->C,
               (blasint)g->ldc);
    gi_openblas_leave(&call);
    t->kernel_time_s = gi_now() - start;
    return GI_STATUS_OK;
}
