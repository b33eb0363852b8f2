/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/cuda/cuda_state.h — what the CUDA backend keeps between calls: per device, the
 * streams, events, cuBLAS handle, device buffers and pinned staging memory of a context.
 *
 * Ownership: probe() creates the cuda_state, release() frees it and everything in it. A
 * device's workspace is set up on its first workload call and reused by later ones (buffers
 * only grow), so repeated calls measure the work, not the set-up. All calls come from the
 * thread that owns the context; every entry point makes its device current first.
 */
#ifndef GI_CUDA_STATE_H
#define GI_CUDA_STATE_H

#include <stddef.h>
#include <stdint.h>

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include "core/backend.h"

/* Pinned staging: each direction has GI_CUDA_STAGE_SLOTS slots of GI_CUDA_STAGE_BYTES. A slot
 * is small enough that copying it on the host overlaps well with the DMA of the previous one,
 * and large enough that a copy's fixed cost (~10 µs) stays below a tenth of its time. */
#define GI_CUDA_STAGE_SLOTS 8
#define GI_CUDA_STAGE_BYTES ((size_t)4 << 20)
/* gemm: events for this many products (and tiles) in flight, reused in turn (cuda_dgemm.c). */
#define GI_CUDA_GEMM_EVENTS 16
/* integrate: evaluations per kernel launch at most (GPUINTEG_CUDA_LAUNCH_EVALS overrides it);
 * between launches a stop request is honoured. ~3 ms on an H100, ~0.5 s on a T4. */
#define GI_CUDA_LAUNCH_EVALS ((int64_t)1 << 30)

typedef struct gi_cuda_buffer {
    void *ptr; /* device memory, NULL until first reserved */
    size_t size;
} gi_cuda_buffer;

/* Every event the host waits on is created with cudaEventBlockingSync: cudaEventSynchronize then
 * puts the calling thread to sleep until the GPU signals it, instead of spinning on a CPU core
 * (the runtime's default), so a GPU run's report shows the CPU idle. No code path waits with
 * cudaStreamSynchronize or cudaDeviceSynchronize, whose behaviour follows the device's flags,
 * which belong to whoever made the device's primary context. */
#define GI_CUDA_EVENT_FLAGS (cudaEventBlockingSync)
#define GI_CUDA_MARK_FLAGS  (cudaEventBlockingSync | cudaEventDisableTiming)

typedef struct gi_cuda_workspace {
    int ready; /* streams and events exist */
    cudaStream_t up, compute, down;
    cudaEvent_t idle[3]; /* recorded last on up, compute, down, to wait until each is idle */
    cudaEvent_t launch_start[2], launch_end[2];  /* integrate launches in flight */
    cudaEvent_t prod_start[GI_CUDA_GEMM_EVENTS]; /* gemm: each product, timed */
    cudaEvent_t prod_end[GI_CUDA_GEMM_EVENTS];
    cudaEvent_t inputs[GI_CUDA_GEMM_EVENTS];    /* gemm: a product's inputs are on the GPU */
    cudaEvent_t tile_down[GI_CUDA_GEMM_EVENTS]; /* gemm: a tile of C is copied off its place */
    cudaEvent_t up_free[GI_CUDA_STAGE_SLOTS];   /* an upload slot's DMA is done */
    cudaEvent_t down_full[GI_CUDA_STAGE_SLOTS]; /* a download slot's DMA is done */
    cublasHandle_t blas;                        /* NULL until the first gemm */
    gi_cuda_buffer blas_workspace;              /* cuBLAS's, given with cublasSetWorkspace */
    unsigned char *pinned; /* 2 × GI_CUDA_STAGE_SLOTS slots, NULL until the first gemm */
    gi_cuda_buffer tile_sums, lane_state; /* integrate */
    gi_cuda_buffer a, b, c;               /* gemm */
    struct gi_cuda_rule_kernel *rules;    /* the user's integrands loaded here (cuda_rule.c) */
} gi_cuda_workspace;

typedef struct cuda_state {
    int count;             /* devices the runtime shows (after CUDA_VISIBLE_DEVICES) */
    int64_t launch_evals;  /* integrate: evaluations per launch at most */
    int cuda_sine_only;    /* integrate: CUDA's sin() for every grid (GPUINTEG_CUDA_SINE=cuda) */
    gi_cuda_workspace *ws; /* count entries */
} cuda_state;

/* Makes `device` current and sets up its workspace (streams, events) on first use.
 * Returns GI_STATUS_OK, GI_STATUS_DEVICE_LOST at once for a device lost earlier in this
 * process (cuda_device_lost.h), or the failing call's error. */
gi_status gi_cuda_workspace_get(cuda_state *st, int device, gi_cuda_workspace **ws, gi_error *err);

/* Makes b at least `bytes` large (contents are not kept). GI_STATUS_OUT_OF_MEMORY names `what`,
 * the bytes requested and the bytes free on the device. */
gi_status gi_cuda_buffer_reserve(gi_cuda_buffer *b, size_t bytes, const char *what, gi_error *err);

/* The cuBLAS handle (on the compute stream) with its workspace, and the pinned slots, made on
 * first use. */
gi_status gi_cuda_workspace_gemm_ready(gi_cuda_workspace *ws, gi_error *err);

/* Waits (asleep) until everything queued on `stream` so far is done, through the workspace's
 * idle event of that stream (`which`: 0 up, 1 compute, 2 down). */
cudaError_t gi_cuda_stream_wait(gi_cuda_workspace *ws, int which);

/* Waits for everything queued on the workspace's streams: after a failure or a stop request, so
 * that no copy still touches memory that is reused or freed. Returns the first error met (a
 * sticky fault shows here even when the call that failed first reported another error). */
cudaError_t gi_cuda_workspace_drain(gi_cuda_workspace *ws);

/* The end of a failed workload call on `device`: drains the workspace (ws may be NULL); when
 * the failure, or what the drain met, is a sticky fault, records the device as lost
 * (cuda_device_lost.h), says in err that the device must be reset, and returns
 * GI_STATUS_DEVICE_LOST. Otherwise returns status with err unchanged. */
gi_status gi_cuda_failed(int device, gi_cuda_workspace *ws, gi_status status, gi_error *err);

/* Frees what the workspace holds (the device must be current). */
void gi_cuda_workspace_free(gi_cuda_workspace *ws);

/* Workloads (cuda_integrate.c, cuda_dgemm.c), with the arguments of gi_backend_ops. */
gi_status gi_cuda_integrate_tiles(void *state, int device, const gi_run_config *cfg,
                                  const gi_tile_layout *L, int64_t first, int64_t count,
                                  gi_sum *out, gi_workload_timing *t, gi_error *err);
gi_status gi_cuda_integrate_rule_tiles(void *state, int device, const gi_run_config *cfg,
                                       const gi_integrand_desc *f, const gi_rule_layout *R,
                                       int64_t first, int64_t count, gi_sum *out,
                                       gi_workload_timing *t, gi_error *err);
/* gi_backend_ops.version (cuda_version.c): the toolkit, the runtime and the driver here. */
void gi_cuda_version(void *state, int count, const gi_error *why, gi_backend_version *out);

/* Unloads the user's integrands kept in ws (cuda_rule.c; the device must be current). */
void gi_cuda_rule_release(gi_cuda_workspace *ws);
gi_status gi_cuda_dgemm(void *state, int device, const gi_run_config *cfg, const gi_dgemm_args *a,
                        gi_workload_timing *t, gi_error *err);
/* As gi_cuda_dgemm, on matrices in the device's memory, on the caller's stream
 * (cuda_dgemm_device.c; the ops' dgemm_device). */
gi_status gi_cuda_dgemm_device(void *state, int device, const gi_run_config *cfg,
                               const gi_dgemm_args *a, uintptr_t stream, gi_workload_timing *t,
                               gi_error *err);

#endif /* GI_CUDA_STATE_H */
