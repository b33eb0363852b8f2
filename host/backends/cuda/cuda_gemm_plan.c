/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The tiling of a CUDA gemm (cuda_gemm_plan.h).
 */
#include "cuda_gemm_plan.h"

#include "util/error.h"

static int64_t ceil_div(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* Cuts `total` into parts of at most `most`, all but the last equal: the part size. */
static int64_t even_part(int64_t total, int64_t most)
{
    return ceil_div(total, ceil_div(total, most));
}

/* The panels of a strip's first tile over k. */
static void plan_panels(int64_t k, gi_cuda_gemm_plan *p)
{
    p->panels = min64(GI_CUDA_GEMM_PANELS, ceil_div(k, GI_CUDA_GEMM_MIN_COLS));
    p->panel_k = ceil_div(k, p->panels);
    p->panels = ceil_div(k, p->panel_k);
}

gi_status gi_cuda_gemm_plan_make(int64_t m, int64_t n, int64_t k, size_t budget,
                                 gi_cuda_gemm_plan *p, gi_error *err)
{
    /* Sizes in doubles; every product below is checked against `cap` before it is formed. */
    const double cap = (double)(budget / sizeof(double));
    plan_panels(k, p);
    if ((double)m * (double)k + (double)k * (double)n + (double)m * (double)n <= cap) {
        p->out_of_core = 0;
        p->strips = 1;
        p->strip_rows = m;
        p->blocks = min64(GI_CUDA_GEMM_BLOCKS, ceil_div(n, GI_CUDA_GEMM_MIN_COLS));
        p->width = ceil_div(n, p->blocks);
        p->blocks = ceil_div(n, p->width);
        p->slots = p->blocks;
        p->a_bytes = (size_t)(m * k) * sizeof(double);
        p->b_bytes = (size_t)(k * n) * sizeof(double);
        p->c_bytes = (size_t)(m * n) * sizeof(double);
        return GI_STATUS_OK;
    }
    /* Out of core: the tallest strip (halving from m) beside which R blocks of B and C of at
     * least min(n, GI_CUDA_GEMM_MIN_COLS) columns fit; failing that, strips of one row and as
     * many columns as fit. */
    const int64_t R = GI_CUDA_GEMM_OOC_SLOTS, want = min64(n, GI_CUDA_GEMM_MIN_COLS);
    int64_t rows = 0, width = 0;
    for (int64_t r = m;; r = ceil_div(r, 2)) {
        double rest = cap - (double)r * (double)k;
        double w = rest > 0 ? rest / ((double)R * ((double)k + (double)r)) : 0.0;
        int64_t cols = w >= (double)n ? n : (int64_t)w;
        if (cols >= want) { /* the tallest strip with wide enough tiles */
            rows = r;
            width = cols;
            break;
        }
        /* Else the largest tiles seen: B's traffic falls with the strip's height, a product's
         * speed with its size. */
        if ((double)cols * (double)r > (double)width * (double)rows) {
            rows = r;
            width = cols;
        }
        if (r == 1)
            break;
    }
    if (width < 1) {
        double need = ((double)k + (double)R * ((double)k + 1.0)) * (double)sizeof(double);
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                            "cuda: gemm of m = %lld, n = %lld, k = %lld does not fit in %zu bytes "
                            "of device memory even cut into tiles (one row and one column of C "
                            "need %.0f bytes)",
                            (long long)m, (long long)n, (long long)k, budget, need);
    }
    p->out_of_core = 1;
    p->strip_rows = even_part(m, rows);
    p->strips = ceil_div(m, p->strip_rows);
    p->width = even_part(n, width);
    p->blocks = ceil_div(n, p->width);
    p->slots = min64(R, p->strips * p->blocks);
    p->a_bytes = (size_t)(p->strip_rows * k) * sizeof(double);
    p->b_bytes = (size_t)(p->slots * k * p->width) * sizeof(double);
    p->c_bytes = (size_t)(p->slots * p->strip_rows * p->width) * sizeof(double);
    return GI_STATUS_OK;
}
