/*
 * gemm on a CUDA device with cuBLAS, from and to the user's ordinary (pageable) arrays.
 *
 * Copying pageable memory is what makes a naive end-to-end DGEMM slow (on an H100 the product
 * of two 3000² matrices takes 0.97 ms, the whole call 30.8 ms from pageable arrays). Here:
 *  - every transfer goes through pinned staging slots, filled and emptied by the call's CPU
 *    threads, so the DMA engines run at PCIe speed while the host copies the next slot;
 *  - C is computed in up to GI_CUDA_GEMM_BLOCKS column blocks: block j's product starts as soon
 *    as A and block j of op(B) (and of C, when beta ≠ 0) are on the GPU, and its result goes
 *    back while later blocks are uploaded and multiplied. Uploads, products and downloads run
 *    on three streams, ordered by events.
 * On the GPU, A is stored as given (op applied by cuBLAS), op(B)'s column block j and C's
 * column block j are packed contiguously, so that every staging piece is one contiguous DMA.
 *
 * Semantics are gi_dgemm's (checked by the core): beta = 0 never reads C (C is not uploaded and
 * cuBLAS does not read it), only the m×n block of C is written, alpha = 0 or k = 0 reads
 * neither A nor B. Results are deterministic for a given device and shape: one compute stream,
 * a block split that depends on n only.
 */
#include <stdatomic.h>
#include <stdint.h>

#include "util/clock.h"
#include "util/error.h"
#include "cuda_errors.h"
#include "cuda_staging.h"
#include "cuda_state.h"

/* Columns per block at least: narrower products run well below cuBLAS's peak. */
#define GI_CUDA_GEMM_MIN_COLS 256

#define SLOT_DOUBLES ((int64_t)(GI_CUDA_STAGE_BYTES / sizeof(double)))

/* A host block and the device range it is packed into (see cuda_staging.h). */
typedef struct xfer {
    double *host; /* the user's array at the block's first element */
    int64_t ld, rows, cols;
    double *dev; /* the packed block on the GPU */
} xfer;

/* One call's pipeline. Download pieces are numbered over all of C's blocks in order; those of
 * blocks whose product is queued can be queued, each in the slot (number % SLOTS). */
typedef struct pipeline {
    gi_cuda_workspace *ws;
    const gi_dgemm_args *a;
    const atomic_int *stop;
    int threads;
    int64_t nblocks, width;  /* C's column blocks: width columns each, the last may be fewer */
    int64_t up_count;        /* upload pieces queued so far */
    int64_t blocks_computed; /* products queued */
    int64_t down_block, down_piece;                /* next download piece to queue */
    int64_t down_queued, down_done;                /* download pieces queued / copied out */
    gi_cuda_piece down_where[GI_CUDA_STAGE_SLOTS]; /* what each slot holds: piece… */
    int64_t down_block_of[GI_CUDA_STAGE_SLOTS];    /* …of which block */
    gi_error *err;
} pipeline;

static double *up_slot(const pipeline *p, int64_t k)
{
    return (double *)(p->ws->pinned + (size_t)(k % GI_CUDA_STAGE_SLOTS) * GI_CUDA_STAGE_BYTES);
}

static double *down_slot(const pipeline *p, int64_t k)
{
    return (double *)(p->ws->pinned + (size_t)(GI_CUDA_STAGE_SLOTS + k % GI_CUDA_STAGE_SLOTS) *
                                          GI_CUDA_STAGE_BYTES);
}

static int64_t block_cols(const pipeline *p, int64_t j)
{
    int64_t c0 = j * p->width;
    return p->a->n - c0 < p->width ? p->a->n - c0 : p->width;
}

/* Block j of C: on the host (leading dimension ldc) and packed on the GPU. */
static xfer c_block(const pipeline *p, int64_t j)
{
    const gi_dgemm_args *a = p->a;
    int64_t c0 = j * p->width;
    return (xfer){a->C + c0 * a->ldc, a->ldc, a->m, block_cols(p, j),
                  (double *)p->ws->c.ptr + c0 * a->m};
}

static gi_status stopped(const pipeline *p)
{
    if (atomic_load_explicit(p->stop, memory_order_relaxed))
        return gi_error_set(p->err, GI_STATUS_INTERRUPTED, "cuda: gemm stopped on request");
    return GI_STATUS_OK;
}

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
    gi_status st = gi_cuda_check(p->err, e, "%s(C block %lld to host)",
                                 wait ? "cudaEventSynchronize" : "cudaEventQuery",
                                 (long long)p->down_block_of[slot]);
    if (st != GI_STATUS_OK)
        return st;
    xfer x = c_block(p, p->down_block_of[slot]);
    gi_cuda_piece pc = p->down_where[slot];
    gi_cuda_unpack(x.host + pc.q0 * x.ld + pc.r0, x.ld, down_slot(p, p->down_done), pc.nr, pc.nq,
                   p->threads);
    p->down_done++;
    *progress = 1;
    return GI_STATUS_OK;
}

/* Queues download pieces of computed blocks into free slots. */
static gi_status queue_downloads(pipeline *p, int *progress)
{
    while (p->down_queued - p->down_done < GI_CUDA_STAGE_SLOTS &&
           p->down_block < p->blocks_computed) {
        xfer x = c_block(p, p->down_block);
        int64_t count = gi_cuda_piece_count(x.rows, x.cols, SLOT_DOUBLES);
        gi_status st = GI_STATUS_OK;
        if (p->down_piece == 0)
            st = gi_cuda_check(p->err,
                               cudaStreamWaitEvent(p->ws->down, p->ws->block_end[p->down_block], 0),
                               "cudaStreamWaitEvent(download after product)");
        gi_cuda_piece pc = gi_cuda_piece_get(x.rows, x.cols, SLOT_DOUBLES, p->down_piece);
        int slot = (int)(p->down_queued % GI_CUDA_STAGE_SLOTS);
        size_t bytes = (size_t)(pc.nr * pc.nq) * sizeof(double);
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(p->err,
                               cudaMemcpyAsync(down_slot(p, p->down_queued),
                                               x.dev + pc.q0 * x.rows + pc.r0, bytes,
                                               cudaMemcpyDeviceToHost, p->ws->down),
                               "cudaMemcpyAsync(C block %lld to host, %zu bytes)",
                               (long long)p->down_block, bytes);
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(p->err, cudaEventRecord(p->ws->down_full[slot], p->ws->down),
                               "cudaEventRecord");
        if (st != GI_STATUS_OK)
            return st;
        p->down_where[slot] = pc;
        p->down_block_of[slot] = p->down_block;
        p->down_queued++;
        *progress = 1;
        if (++p->down_piece == count) {
            p->down_piece = 0;
            p->down_block++;
        }
    }
    return GI_STATUS_OK;
}

/* Moves downloads along: copies out what has arrived and queues what can be. With `wait`,
 * returns only when every block queued so far is in C. */
static gi_status pump_downloads(pipeline *p, int wait)
{
    for (;;) {
        int progress = 0;
        gi_status st = retire_download(p, 0, &progress);
        if (st == GI_STATUS_OK)
            st = queue_downloads(p, &progress);
        if (st != GI_STATUS_OK)
            return st;
        int pending = p->down_done < p->down_queued || p->down_block < p->blocks_computed;
        if (!wait || !pending)
            return GI_STATUS_OK;
        if (!progress && (st = retire_download(p, 1, &progress)) != GI_STATUS_OK)
            return st;
    }
}

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
        size_t bytes = (size_t)(pc.nr * pc.nq) * sizeof(double);
        st = gi_cuda_check(p->err,
                           cudaMemcpyAsync(x.dev + pc.q0 * x.rows + pc.r0, staged, bytes,
                                           cudaMemcpyHostToDevice, p->ws->up),
                           "cudaMemcpyAsync(%s to device, %zu bytes)", what, bytes);
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(p->err, cudaEventRecord(p->ws->up_free[slot], p->ws->up),
                               "cudaEventRecord");
        if (st == GI_STATUS_OK)
            st = pump_downloads(p, 0);
        if (st != GI_STATUS_OK)
            return st;
        p->up_count++;
    }
    return GI_STATUS_OK;
}

/* Queues block j's product once its inputs are queued for upload. */
static gi_status multiply_block(pipeline *p, int64_t j, double *b_dev, int64_t ldb_dev)
{
    const gi_dgemm_args *a = p->a;
    gi_cuda_workspace *ws = p->ws;
    int64_t c0 = j * p->width, w = block_cols(p, j);
    int64_t lda_dev = a->transa == 'N' ? a->m : a->k;
    gi_status st =
        gi_cuda_check(p->err, cudaEventRecord(ws->block_inputs[j], ws->up), "cudaEventRecord");
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(p->err, cudaStreamWaitEvent(ws->compute, ws->block_inputs[j], 0),
                           "cudaStreamWaitEvent(product after upload)");
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(p->err, cudaEventRecord(ws->block_start[j], ws->compute),
                           "cudaEventRecord");
    if (st != GI_STATUS_OK)
        return st;
    cublasOperation_t ta = a->transa == 'N' ? CUBLAS_OP_N : CUBLAS_OP_T;
    cublasOperation_t tb = a->transb == 'N' ? CUBLAS_OP_N : CUBLAS_OP_T;
    st = gi_cublas_check(p->err,
                         cublasDgemm_64(ws->blas, ta, tb, a->m, w, a->k, &a->alpha, ws->a.ptr,
                                        lda_dev, b_dev, ldb_dev, &a->beta,
                                        (double *)ws->c.ptr + c0 * a->m, a->m),
                         "cublasDgemm_64");
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(p->err, cudaEventRecord(ws->block_end[j], ws->compute),
                           "cudaEventRecord");
    if (st == GI_STATUS_OK)
        p->blocks_computed = j + 1;
    return st;
}

static gi_status run_pipeline(pipeline *p)
{
    const gi_dgemm_args *a = p->a;
    gi_cuda_workspace *ws = p->ws;
    /* A as stored: m×k, or k×m when transposed. */
    xfer ax = {(double *)(uintptr_t)a->A, a->lda, a->transa == 'N' ? a->m : a->k,
               a->transa == 'N' ? a->k : a->m, ws->a.ptr};
    gi_status st = upload(p, ax, "A");
    for (int64_t j = 0; j < p->nblocks && st == GI_STATUS_OK; j++) {
        int64_t c0 = j * p->width, w = block_cols(p, j);
        if (a->beta != 0.0)
            st = upload(p, c_block(p, j), "C");
        /* op(B)'s columns c0… are B's columns when not transposed, B's rows when transposed;
         * either way packed at column c0 of a k-row layout. */
        double *b_dev = (double *)ws->b.ptr + c0 * a->k;
        xfer bx = a->transb == 'N'
                      ? (xfer){(double *)(uintptr_t)(a->B + c0 * a->ldb), a->ldb, a->k, w, b_dev}
                      : (xfer){(double *)(uintptr_t)(a->B + c0), a->ldb, w, a->k, b_dev};
        if (st == GI_STATUS_OK)
            st = upload(p, bx, "B");
        if (st == GI_STATUS_OK)
            st = multiply_block(p, j, b_dev, bx.rows);
    }
    if (st == GI_STATUS_OK)
        st = pump_downloads(p, 1);
    return st;
}

/* size · count · 8 bytes, or 0 when that does not fit a size_t. */
static size_t matrix_bytes(int64_t rows, int64_t cols)
{
    if (rows <= 0 || cols <= 0)
        return 0;
    if ((uint64_t)rows > SIZE_MAX / sizeof(double) / (uint64_t)cols)
        return 0;
    return (size_t)rows * (size_t)cols * sizeof(double);
}

static gi_status reserve_matrices(gi_cuda_workspace *ws, const gi_dgemm_args *a, gi_error *err)
{
    size_t sa = matrix_bytes(a->m, a->k), sb = matrix_bytes(a->k, a->n),
           sc = matrix_bytes(a->m, a->n);
    if (!sa || !sb || !sc)
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                            "cuda: gemm of m = %lld, n = %lld, k = %lld does not fit in the "
                            "address space",
                            (long long)a->m, (long long)a->n, (long long)a->k);
    gi_status st = gi_cuda_buffer_reserve(&ws->a, sa, "A", err);
    if (st == GI_STATUS_OK)
        st = gi_cuda_buffer_reserve(&ws->b, sb, "B", err);
    if (st == GI_STATUS_OK)
        st = gi_cuda_buffer_reserve(&ws->c, sc, "C", err);
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
    st = gi_cuda_workspace_gemm_ready(ws, err);
    if (st == GI_STATUS_OK)
        st = reserve_matrices(ws, a, err);
    if (st != GI_STATUS_OK)
        return gi_cuda_failed(device, ws, st, err);

    pipeline p = {.ws = ws, .a = a, .stop = cfg->stop, .threads = cfg->threads, .err = err};
    p.nblocks = (a->n + GI_CUDA_GEMM_MIN_COLS - 1) / GI_CUDA_GEMM_MIN_COLS;
    if (p.nblocks > GI_CUDA_GEMM_BLOCKS)
        p.nblocks = GI_CUDA_GEMM_BLOCKS;
    p.width = (a->n + p.nblocks - 1) / p.nblocks;
    p.nblocks = (a->n + p.width - 1) / p.width;

    double start = gi_now();
    st = run_pipeline(&p);
    double wall = gi_now() - start;
    if (st != GI_STATUS_OK)
        return gi_cuda_failed(device, ws, st, err);
    double kernel_s = 0.0;
    for (int64_t j = 0; j < p.nblocks && st == GI_STATUS_OK; j++) {
        float ms = 0.0f;
        st = gi_cuda_check(err, cudaEventElapsedTime(&ms, ws->block_start[j], ws->block_end[j]),
                           "cudaEventElapsedTime(product block %lld)", (long long)j);
        kernel_s += 1e-3 * (double)ms;
    }
    if (st != GI_STATUS_OK)
        return gi_cuda_failed(device, ws, st, err);
    /* What the transfers added to the call beyond the products they overlap with. */
    t->kernel_time_s = kernel_s;
    t->transfer_time_s = wall > kernel_s ? wall - kernel_s : 0.0;
    t->threads_used = cfg->threads;
    return GI_STATUS_OK;
}
