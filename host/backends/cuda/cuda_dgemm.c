/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gemm on a CUDA device with cuBLAS, from and to the user's ordinary (pageable) arrays.
 *
 * Copying pageable memory is what makes a naive end-to-end DGEMM slow (on an H100 the product
 * of two 3000² matrices takes 0.97 ms, the whole call 30.8 ms from pageable arrays). Here:
 *  - every transfer goes through pinned staging slots, filled and emptied by the call's CPU
 *    threads (cuda_staging.c), so the DMA engines run at PCIe speed while the host copies the
 *    next slot;
 *  - C is computed in tiles (cuda_gemm_plan.h): the first tile's product starts as soon as the
 *    first panel of op(A) and the tile's block of op(B) are on the device, its later panels and
 *    the other tiles follow as their inputs arrive, and each tile's result goes back while later
 *    ones are uploaded and multiplied. Uploads, products and downloads run on three streams,
 *    ordered by events; the host thread sleeps whenever it waits (blocking-sync events);
 *  - when A, B and C do not fit the device's memory, C is tiled out of core: a strip of op(A)
 *    stays while B's blocks and C's tiles rotate through two places each.
 * On the GPU, op(A)'s strip is stored as given (op applied by cuBLAS; a transposed strip is
 * placed with 2-D copies), op(B)'s and C's blocks are packed, so that every other staging piece
 * is one contiguous DMA.
 *
 * Semantics are gi_dgemm's (checked by the core): beta = 0 never reads C (C is not uploaded and
 * cuBLAS does not read it), only the m×n block of C is written, alpha = 0 or k = 0 reads
 * neither A nor B. Results are deterministic for a given device, shape and memory size: one
 * compute stream, a tiling that depends on those only. The first tile of each strip sums its
 * panels' products in order, which rounds differently from one product over all of k.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/clock.h"
#include "util/error.h"
#include "cuda_errors.h"
#include "cuda_gemm_plan.h"
#include "cuda_staging.h"
#include "cuda_state.h"

#define SLOT_DOUBLES ((int64_t)(GI_CUDA_STAGE_BYTES / sizeof(double)))

/* Device memory kept free for cuBLAS's workspace and others, at most. */
#define GI_CUDA_GEMM_RESERVE ((size_t)64 << 20)

/* A host block and where it goes on the device (see cuda_staging.h). */
typedef struct xfer {
    double *host; /* the user's array at the block's first element */
    int64_t ld, rows, cols;
    double *dev;    /* the block's first element on the GPU */
    int64_t dev_ld; /* its leading dimension there (≥ rows) */
} xfer;

/* Tile q of the plan: strip q / blocks, block q % blocks. */
typedef struct tile {
    int64_t q, strip, block, r0, rows, c0, cols;
    double *b_dev, *c_dev; /* its block of op(B) and of C on the device */
} tile;

/* One call's pipeline. Download pieces are numbered over all tiles in order; those of tiles
 * whose products are queued can be queued, each in the slot (number % SLOTS). */
typedef struct pipeline {
    gi_cuda_workspace *ws;
    const gi_dgemm_args *a;
    const gi_cuda_gemm_plan *plan;
    const atomic_int *stop;
    int threads;
    int64_t tiles;    /* strips × blocks */
    int64_t up_count; /* upload pieces queued so far */
    int64_t products; /* products queued; product g uses events g % EVENTS */
    int64_t last_product[GI_CUDA_GEMM_EVENTS]; /* tile q's last product, at q % EVENTS */
    double kernel_s;                           /* the products' time, as their events are reused */
    int64_t computed;                          /* tiles whose products are all queued */
    int64_t down_tile, down_piece;             /* next download piece to queue */
    int64_t down_queued, down_done;            /* download pieces queued / copied out */
    gi_cuda_piece down_where[GI_CUDA_STAGE_SLOTS]; /* what each slot holds: piece… */
    int64_t down_tile_of[GI_CUDA_STAGE_SLOTS];     /* …of which tile */
    gi_error *err;
} pipeline;

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static double *up_slot(const pipeline *p, int64_t k)
{
    return (double *)(p->ws->pinned + (size_t)(k % GI_CUDA_STAGE_SLOTS) * GI_CUDA_STAGE_BYTES);
}

static double *down_slot(const pipeline *p, int64_t k)
{
    return (double *)(p->ws->pinned + (size_t)(GI_CUDA_STAGE_SLOTS + k % GI_CUDA_STAGE_SLOTS) *
                                          GI_CUDA_STAGE_BYTES);
}

static tile tile_of(const pipeline *p, int64_t q)
{
    const gi_cuda_gemm_plan *pl = p->plan;
    const gi_dgemm_args *a = p->a;
    tile t = {.q = q, .strip = q / pl->blocks, .block = q % pl->blocks};
    t.r0 = t.strip * pl->strip_rows;
    t.rows = min64(pl->strip_rows, a->m - t.r0);
    t.c0 = t.block * pl->width;
    t.cols = min64(pl->width, a->n - t.c0);
    /* In core every block has its place (B packed k-deep, C strip_rows-deep, side by side);
     * out of core tile q takes place q % slots. */
    int64_t b_at = pl->out_of_core ? q % pl->slots * a->k * pl->width : t.c0 * a->k;
    int64_t c_at = pl->out_of_core ? q % pl->slots * pl->strip_rows * pl->width : t.c0 * a->m;
    t.b_dev = (double *)p->ws->b.ptr + b_at;
    t.c_dev = (double *)p->ws->c.ptr + c_at;
    return t;
}

/* Tile q's block of C: on the host (leading dimension ldc) and packed on the GPU. */
static xfer c_xfer(const pipeline *p, int64_t q)
{
    const gi_dgemm_args *a = p->a;
    tile t = tile_of(p, q);
    return (xfer){a->C + t.c0 * a->ldc + t.r0, a->ldc, t.rows, t.cols, t.c_dev, t.rows};
}

static gi_status stopped(const pipeline *p)
{
    if (atomic_load_explicit(p->stop, memory_order_relaxed))
        return gi_error_set(p->err, GI_STATUS_INTERRUPTED, "cuda: gemm stopped on request");
    return GI_STATUS_OK;
}

/* ---- downloads ------------------------------------------------------------------------------ */

/* Copies the oldest queued download piece out of its slot into C, waiting for its DMA when
 * `wait`, else only if it is done. *progress is set when a piece was copied. */
static gi_status retire_download(pipeline *p, int wait, int *progress)
{
    if (p->down_done == p->down_queued)
        return GI_STATUS_OK;
    int slot = (int)(p->down_done % GI_CUDA_STAGE_SLOTS);
    cudaEvent_t ev = p->ws->down_full[slot];
    cudaError_t e = wait ? cudaEventSynchronize(ev) : cudaEventQuery(ev);
    if (e == cudaErrorNotReady)
        return GI_STATUS_OK;
    gi_status st = gi_cuda_check(p->err, e, "%s(C tile %lld to host)",
                                 wait ? "cudaEventSynchronize" : "cudaEventQuery",
                                 (long long)p->down_tile_of[slot]);
    if (st != GI_STATUS_OK)
        return st;
    xfer x = c_xfer(p, p->down_tile_of[slot]);
    gi_cuda_piece pc = p->down_where[slot];
    gi_cuda_unpack(x.host + pc.q0 * x.ld + pc.r0, x.ld, down_slot(p, p->down_done), pc.nr, pc.nq,
                   p->threads);
    p->down_done++;
    *progress = 1;
    return GI_STATUS_OK;
}

/* Queues download pieces of computed tiles into free slots. After a tile's last piece, its
 * place's event says when the place may be written again. */
static gi_status queue_downloads(pipeline *p, int *progress)
{
    gi_cuda_workspace *ws = p->ws;
    while (p->down_queued - p->down_done < GI_CUDA_STAGE_SLOTS && p->down_tile < p->computed) {
        xfer x = c_xfer(p, p->down_tile);
        int64_t count = gi_cuda_piece_count(x.rows, x.cols, SLOT_DOUBLES);
        gi_status st = GI_STATUS_OK;
        if (p->down_piece == 0) {
            int64_t g = p->last_product[p->down_tile % GI_CUDA_GEMM_EVENTS];
            st = gi_cuda_check(
                p->err, cudaStreamWaitEvent(ws->down, ws->prod_end[g % GI_CUDA_GEMM_EVENTS], 0),
                "cudaStreamWaitEvent(download after product)");
        }
        gi_cuda_piece pc = gi_cuda_piece_get(x.rows, x.cols, SLOT_DOUBLES, p->down_piece);
        int slot = (int)(p->down_queued % GI_CUDA_STAGE_SLOTS);
        size_t bytes = (size_t)(pc.nr * pc.nq) * sizeof(double);
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(
                p->err,
                cudaMemcpyAsync(down_slot(p, p->down_queued), x.dev + pc.q0 * x.dev_ld + pc.r0,
                                bytes, cudaMemcpyDeviceToHost, ws->down),
                "cudaMemcpyAsync(C tile %lld to host, %zu bytes)", (long long)p->down_tile, bytes);
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(p->err, cudaEventRecord(ws->down_full[slot], ws->down),
                               "cudaEventRecord");
        if (st == GI_STATUS_OK && p->down_piece + 1 == count)
            st = gi_cuda_check(
                p->err,
                cudaEventRecord(ws->tile_down[p->down_tile % GI_CUDA_GEMM_EVENTS], ws->down),
                "cudaEventRecord");
        if (st != GI_STATUS_OK)
            return st;
        p->down_where[slot] = pc;
        p->down_tile_of[slot] = p->down_tile;
        p->down_queued++;
        *progress = 1;
        if (++p->down_piece == count) {
            p->down_piece = 0;
            p->down_tile++;
        }
    }
    return GI_STATUS_OK;
}

/* Moves downloads along: copies out what has arrived and queues what can be. Returns, with
 * `until` < 0, at once; else when every piece of tiles < `until` is queued (`all`: copied out
 * too). */
static gi_status pump_downloads(pipeline *p, int64_t until, int all)
{
    for (;;) {
        int progress = 0;
        gi_status st = retire_download(p, 0, &progress);
        if (st == GI_STATUS_OK)
            st = queue_downloads(p, &progress);
        if (st != GI_STATUS_OK)
            return st;
        int pending = p->down_tile < until || (all && p->down_done < p->down_queued);
        if (!pending)
            return GI_STATUS_OK;
        if (!progress && (st = retire_download(p, 1, &progress)) != GI_STATUS_OK)
            return st;
    }
}

/* ---- uploads and products ---------------------------------------------------------------------
 */

/* Queues the upload of block x, piece by piece through the upload slots, moving downloads along
 * between pieces. */
static gi_status upload(pipeline *p, xfer x, const char *what)
{
    int64_t count = gi_cuda_piece_count(x.rows, x.cols, SLOT_DOUBLES);
    for (int64_t k = 0; k < count; k++) {
        gi_status st = stopped(p);
        if (st != GI_STATUS_OK)
            return st;
        int slot = (int)(p->up_count % GI_CUDA_STAGE_SLOTS);
        /* The slot's previous DMA must be done before it is refilled. */
        st = gi_cuda_check(p->err, cudaEventSynchronize(p->ws->up_free[slot]),
                           "cudaEventSynchronize(staging slot %d, before %s)", slot, what);
        if (st != GI_STATUS_OK)
            return st;
        gi_cuda_piece pc = gi_cuda_piece_get(x.rows, x.cols, SLOT_DOUBLES, k);
        double *staged = up_slot(p, p->up_count);
        gi_cuda_pack(staged, x.host + pc.q0 * x.ld + pc.r0, x.ld, pc.nr, pc.nq, p->threads);
        double *dst = x.dev + pc.q0 * x.dev_ld + pc.r0;
        size_t bytes = (size_t)(pc.nr * pc.nq) * sizeof(double);
        cudaError_t e =
            x.dev_ld == pc.nr || pc.nq == 1
                ? cudaMemcpyAsync(dst, staged, bytes, cudaMemcpyHostToDevice, p->ws->up)
                /* Part of each column of a taller block on the device: one strided copy. */
                : cudaMemcpy2DAsync(dst, (size_t)x.dev_ld * sizeof(double), staged,
                                    (size_t)pc.nr * sizeof(double), (size_t)pc.nr * sizeof(double),
                                    (size_t)pc.nq, cudaMemcpyHostToDevice, p->ws->up);
        st = gi_cuda_check(p->err, e, "cudaMemcpy%sAsync(%s to device, %zu bytes)",
                           x.dev_ld == pc.nr || pc.nq == 1 ? "" : "2D", what, bytes);
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(p->err, cudaEventRecord(p->ws->up_free[slot], p->ws->up),
                               "cudaEventRecord");
        if (st == GI_STATUS_OK)
            st = pump_downloads(p, -1, 0);
        if (st != GI_STATUS_OK)
            return st;
        p->up_count++;
    }
    return GI_STATUS_OK;
}

/* Adds the time of the product whose events are `e` (done, or waited for here). */
static gi_status account(pipeline *p, int e)
{
    gi_cuda_workspace *ws = p->ws;
    gi_status st = gi_cuda_check(p->err, cudaEventSynchronize(ws->prod_end[e]),
                                 "cudaEventSynchronize(product)");
    float ms = 0.0f;
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(p->err, cudaEventElapsedTime(&ms, ws->prod_start[e], ws->prod_end[e]),
                           "cudaEventElapsedTime(product)");
    p->kernel_s += 1e-3 * (double)ms;
    return st;
}

/* Makes `stream` wait until the last product of tile q is done. */
static gi_status after_tile(pipeline *p, cudaStream_t stream, int64_t q)
{
    int64_t g = p->last_product[q % GI_CUDA_GEMM_EVENTS];
    return gi_cuda_check(p->err,
                         cudaStreamWaitEvent(stream, p->ws->prod_end[g % GI_CUDA_GEMM_EVENTS], 0),
                         "cudaStreamWaitEvent(after the product of tile %lld)", (long long)q);
}

/* Queues, once what is queued for upload so far is on the device, tile t's product over
 * k0 … k0 + kn (the whole of k, or one panel) with the given beta. */
static gi_status product(pipeline *p, const tile *t, int64_t k0, int64_t kn, double beta)
{
    const gi_dgemm_args *a = p->a;
    gi_cuda_workspace *ws = p->ws;
    int e = (int)(p->products % GI_CUDA_GEMM_EVENTS);
    gi_status st = GI_STATUS_OK;
    if (p->products >= GI_CUDA_GEMM_EVENTS)
        st = account(p, e); /* the events' previous product, before they are recorded again */
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(p->err, cudaEventRecord(ws->inputs[e], ws->up), "cudaEventRecord");
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(p->err, cudaStreamWaitEvent(ws->compute, ws->inputs[e], 0),
                           "cudaStreamWaitEvent(product after upload)");
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(p->err, cudaEventRecord(ws->prod_start[e], ws->compute),
                           "cudaEventRecord");
    if (st != GI_STATUS_OK)
        return st;
    /* op(A)'s strip: rows × k as given (ld rows), or k × rows transposed (ld k); op(B)'s
     * block: k × cols (ld k), or cols × k transposed (ld cols). */
    const double *A =
        a->transa == 'N' ? (double *)ws->a.ptr + k0 * t->rows : (double *)ws->a.ptr + k0;
    int64_t lda = a->transa == 'N' ? t->rows : a->k;
    const double *B = a->transb == 'N' ? t->b_dev + k0 : t->b_dev + k0 * t->cols;
    int64_t ldb = a->transb == 'N' ? a->k : t->cols;
    cublasOperation_t ta = a->transa == 'N' ? CUBLAS_OP_N : CUBLAS_OP_T;
    cublasOperation_t tb = a->transb == 'N' ? CUBLAS_OP_N : CUBLAS_OP_T;
    st = gi_cublas_check(p->err,
                         cublasDgemm_64(ws->blas, ta, tb, t->rows, t->cols, kn, &a->alpha, A, lda,
                                        B, ldb, &beta, t->c_dev, t->rows),
                         "cublasDgemm_64");
    if (st == GI_STATUS_OK)
        st =
            gi_cuda_check(p->err, cudaEventRecord(ws->prod_end[e], ws->compute), "cudaEventRecord");
    if (st == GI_STATUS_OK)
        p->last_product[t->q % GI_CUDA_GEMM_EVENTS] = p->products++;
    return st;
}

/* The strip's part of op(A) over k0 … k0 + kn: rows × kn of A, or kn × rows of A when
 * transposed, into the strip's place (ld rows, or k). */
static xfer a_panel(const pipeline *p, const tile *t, int64_t k0, int64_t kn)
{
    const gi_dgemm_args *a = p->a;
    double *dev = p->ws->a.ptr;
    if (a->transa == 'N')
        return (xfer){(double *)(uintptr_t)(a->A + k0 * a->lda + t->r0),
                      a->lda,
                      t->rows,
                      kn,
                      dev + k0 * t->rows,
                      t->rows};
    return (xfer){
        (double *)(uintptr_t)(a->A + t->r0 * a->lda + k0), a->lda, kn, t->rows, dev + k0, a->k};
}

/* Tile t's block of op(B): k × cols of B, or cols × k of B when transposed, packed. */
static xfer b_block(const pipeline *p, const tile *t)
{
    const gi_dgemm_args *a = p->a;
    if (a->transb == 'N')
        return (xfer){
            (double *)(uintptr_t)(a->B + t->c0 * a->ldb), a->ldb, a->k, t->cols, t->b_dev, a->k};
    return (xfer){(double *)(uintptr_t)(a->B + t->c0), a->ldb, t->cols, a->k, t->b_dev, t->cols};
}

/* Queues tile q: its uploads (op(A)'s strip in panels when it is a strip's first tile), its
 * products, and lets its downloads be queued. */
static gi_status run_tile(pipeline *p, int64_t q)
{
    const gi_dgemm_args *a = p->a;
    const gi_cuda_gemm_plan *pl = p->plan;
    gi_cuda_workspace *ws = p->ws;
    tile t = tile_of(p, q);
    gi_status st = GI_STATUS_OK;
    /* Places shared with earlier tiles: B's with tile q - slots (out of core), C's likewise
     * (its result must be on its way to the host first), A's with the previous strip. */
    int64_t prior = q - pl->slots;
    if (pl->out_of_core && prior >= 0) {
        st = after_tile(p, ws->up, prior);
        if (st == GI_STATUS_OK)
            st = pump_downloads(p, prior + 1, 0);
        cudaEvent_t sent = ws->tile_down[prior % GI_CUDA_GEMM_EVENTS];
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(p->err, cudaStreamWaitEvent(ws->up, sent, 0),
                               "cudaStreamWaitEvent(C's place is free)");
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(p->err, cudaStreamWaitEvent(ws->compute, sent, 0),
                               "cudaStreamWaitEvent(C's place is free)");
    }
    if (st == GI_STATUS_OK && t.block == 0 && q > 0)
        st = after_tile(p, ws->up, q - 1);
    int64_t panels = t.block == 0 ? pl->panels : 1;
    for (int64_t i = 0; i < panels && st == GI_STATUS_OK; i++) {
        int64_t k0 = i * pl->panel_k, kn = panels == 1 ? a->k : min64(pl->panel_k, a->k - k0);
        if (t.block == 0)
            st = upload(p, a_panel(p, &t, k0, kn), "A");
        if (st == GI_STATUS_OK && i == 0)
            st = upload(p, b_block(p, &t), "B");
        if (st == GI_STATUS_OK && i == 0 && a->beta != 0.0)
            st = upload(p, c_xfer(p, q), "C");
        if (st == GI_STATUS_OK)
            st = product(p, &t, panels == 1 ? 0 : k0, kn, i == 0 ? a->beta : 1.0);
    }
    if (st == GI_STATUS_OK)
        p->computed = q + 1;
    return st;
}

static gi_status run_pipeline(pipeline *p)
{
    gi_status st = GI_STATUS_OK;
    for (int64_t q = 0; q < p->tiles && st == GI_STATUS_OK; q++)
        st = run_tile(p, q);
    if (st == GI_STATUS_OK)
        st = pump_downloads(p, p->tiles, 1);
    /* The products whose time was not added when their events were reused. */
    for (int64_t g = p->products > GI_CUDA_GEMM_EVENTS ? p->products - GI_CUDA_GEMM_EVENTS : 0;
         g < p->products && st == GI_STATUS_OK; g++)
        st = account(p, (int)(g % GI_CUDA_GEMM_EVENTS));
    return st;
}

/* ---- the call
 * ------------------------------------------------------------------------------------ */

/* Device memory this call may use: what is free plus what the workspace holds for gemm, less a
 * reserve, at most GPUINTEG_CUDA_MEMORY_LIMIT bytes when that is set (to check the out-of-core
 * path on a large GPU). */
static gi_status memory_budget(gi_cuda_workspace *ws, size_t *budget, gi_error *err)
{
    size_t free_b = 0, total_b = 0;
    gi_status st = gi_cuda_check(err, cudaMemGetInfo(&free_b, &total_b), "cudaMemGetInfo");
    if (st != GI_STATUS_OK)
        return st;
    size_t avail = free_b + ws->a.size + ws->b.size + ws->c.size;
    size_t reserve = avail / 8 < GI_CUDA_GEMM_RESERVE ? avail / 8 : GI_CUDA_GEMM_RESERVE;
    *budget = avail - reserve;
    const char *env = getenv("GPUINTEG_CUDA_MEMORY_LIMIT");
    if (env && *env) {
        char *end;
        unsigned long long v = strtoull(env, &end, 10);
        /* Not a whole number ≥ 1: ignored, as for an unset variable. */
        if (!*end && v >= 1 && v < *budget)
            *budget = (size_t)v;
    }
    return GI_STATUS_OK;
}

/* The plan's three buffers; all are given back first when one must grow, so that the memory
 * the plan counted on is free. */
static gi_status reserve_buffers(gi_cuda_workspace *ws, const gi_cuda_gemm_plan *pl, gi_error *err)
{
    gi_cuda_buffer *bufs[] = {&ws->a, &ws->b, &ws->c};
    size_t want[] = {pl->a_bytes, pl->b_bytes, pl->c_bytes};
    if (ws->a.size >= want[0] && ws->b.size >= want[1] && ws->c.size >= want[2])
        return GI_STATUS_OK;
    for (int i = 0; i < 3; i++) {
        cudaFree(bufs[i]->ptr);
        bufs[i]->ptr = NULL;
        bufs[i]->size = 0;
    }
    const char *what[] = {"A", "B", "C"};
    gi_status st = GI_STATUS_OK;
    for (int i = 0; i < 3 && st == GI_STATUS_OK; i++)
        st = gi_cuda_buffer_reserve(bufs[i], want[i], what[i], err);
    return st;
}

/* C := beta·C without reading A or B (alpha = 0 or k = 0); beta = 0 does not read C. */
static void scale_c(const gi_dgemm_args *a)
{
    for (int64_t q = 0; q < a->n; q++) {
        double *col = a->C + q * a->ldc;
        for (int64_t r = 0; r < a->m; r++)
            col[r] = a->beta == 0.0 ? 0.0 : a->beta * col[r];
    }
}

gi_status gi_cuda_dgemm(void *state, int device, const gi_run_config *cfg, const gi_dgemm_args *a,
                        gi_workload_timing *t, gi_error *err)
{
    if (a->alpha == 0.0 || a->k == 0) {
        double start = gi_now();
        scale_c(a);
        t->kernel_time_s = gi_now() - start;
        t->transfer_time_s = 0.0;
        t->threads_used = 1;
        return GI_STATUS_OK;
    }
    gi_cuda_workspace *ws;
    gi_status st = gi_cuda_workspace_get(state, device, &ws, err);
    if (st != GI_STATUS_OK)
        return st;
    gi_cuda_gemm_plan plan;
    size_t budget = 0;
    st = gi_cuda_workspace_gemm_ready(ws, err);
    if (st == GI_STATUS_OK)
        st = memory_budget(ws, &budget, err);
    if (st == GI_STATUS_OK)
        st = gi_cuda_gemm_plan_make(a->m, a->n, a->k, budget, &plan, err);
    if (st == GI_STATUS_OK)
        st = reserve_buffers(ws, &plan, err);
    if (st != GI_STATUS_OK)
        return gi_cuda_failed(device, ws, st, err);

    pipeline p = {.ws = ws,
                  .a = a,
                  .plan = &plan,
                  .stop = cfg->stop,
                  .threads = cfg->threads,
                  .tiles = plan.strips * plan.blocks,
                  .err = err};
    double start = gi_now();
    st = run_pipeline(&p);
    double wall = gi_now() - start;
    if (st != GI_STATUS_OK)
        return gi_cuda_failed(device, ws, st, err);
    /* What the transfers added to the call beyond the products they overlap with. */
    t->kernel_time_s = p.kernel_s;
    t->transfer_time_s = wall > p.kernel_s ? wall - p.kernel_s : 0.0;
    t->threads_used = cfg->threads;
    return GI_STATUS_OK;
}
