/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The per-device workspace of the CUDA backend: created on a device's first workload call,
 * reused by later ones, freed by release().
 */
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "cuda_device_lost.h"
#include "cuda_errors.h"
#include "cuda_state.h"

static gi_status make_events(cudaEvent_t *ev, int n, unsigned flags, gi_error *err)
{
    for (int i = 0; i < n; i++) {
        gi_status st =
            gi_cuda_check(err, cudaEventCreateWithFlags(&ev[i], flags), "cudaEventCreateWithFlags");
        if (st != GI_STATUS_OK)
            return st;
    }
    return GI_STATUS_OK;
}

static gi_status setup(gi_cuda_workspace *ws, gi_error *err)
{
    /* Non-blocking streams: nothing here waits on the legacy default stream. */
    gi_status st = gi_cuda_check(err, cudaStreamCreateWithFlags(&ws->up, cudaStreamNonBlocking),
                                 "cudaStreamCreateWithFlags(upload)");
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(err, cudaStreamCreateWithFlags(&ws->compute, cudaStreamNonBlocking),
                           "cudaStreamCreateWithFlags(compute)");
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(err, cudaStreamCreateWithFlags(&ws->down, cudaStreamNonBlocking),
                           "cudaStreamCreateWithFlags(download)");
    /* Timed events for kernels; the others only order work, and are cheaper untimed. All of
     * them block the host thread that waits (cuda_state.h). */
    if (st == GI_STATUS_OK)
        st = make_events(ws->idle, 3, GI_CUDA_MARK_FLAGS, err);
    if (st == GI_STATUS_OK)
        st = make_events(ws->launch_start, 2, GI_CUDA_EVENT_FLAGS, err);
    if (st == GI_STATUS_OK)
        st = make_events(ws->launch_end, 2, GI_CUDA_EVENT_FLAGS, err);
    if (st == GI_STATUS_OK)
        st = make_events(ws->prod_start, GI_CUDA_GEMM_EVENTS, GI_CUDA_EVENT_FLAGS, err);
    if (st == GI_STATUS_OK)
        st = make_events(ws->prod_end, GI_CUDA_GEMM_EVENTS, GI_CUDA_EVENT_FLAGS, err);
    if (st == GI_STATUS_OK)
        st = make_events(ws->inputs, GI_CUDA_GEMM_EVENTS, GI_CUDA_MARK_FLAGS, err);
    if (st == GI_STATUS_OK)
        st = make_events(ws->tile_down, GI_CUDA_GEMM_EVENTS, GI_CUDA_MARK_FLAGS, err);
    if (st == GI_STATUS_OK)
        st = make_events(ws->up_free, GI_CUDA_STAGE_SLOTS, GI_CUDA_MARK_FLAGS, err);
    if (st == GI_STATUS_OK)
        st = make_events(ws->down_full, GI_CUDA_STAGE_SLOTS, GI_CUDA_MARK_FLAGS, err);
    return st;
}

gi_status gi_cuda_workspace_get(cuda_state *state, int device, gi_cuda_workspace **ws,
                                gi_error *err)
{
    *ws = NULL;
    if (!state || device < 0 || device >= state->count)
        return gi_error_set(err, GI_STATUS_INTERNAL, "cuda: device %d of %d", device,
                            state ? state->count : 0);
    gi_status st = gi_cuda_device_check_usable(device, err);
    if (st != GI_STATUS_OK)
        return st;
    st = gi_cuda_check(err, cudaSetDevice(device), "cudaSetDevice(%d)", device);
    if (st != GI_STATUS_OK)
        return gi_cuda_failed(device, NULL, st, err);
    gi_cuda_workspace *w = &state->ws[device];
    if (!w->ready) {
        st = setup(w, err);
        if (st != GI_STATUS_OK) {
            gi_cuda_workspace_free(w);
            return gi_cuda_failed(device, NULL, st, err);
        }
        w->ready = 1;
    }
    *ws = w;
    return GI_STATUS_OK;
}

gi_status gi_cuda_buffer_reserve(gi_cuda_buffer *b, size_t bytes, const char *what, gi_error *err)
{
    if (b->size >= bytes && b->ptr)
        return GI_STATUS_OK;
    if (b->ptr)
        cudaFree(b->ptr);
    b->ptr = NULL;
    b->size = 0;
    cudaError_t e = cudaMalloc(&b->ptr, bytes ? bytes : 1);
    if (e != cudaSuccess) {
        b->ptr = NULL;
        char call[160];
        snprintf(call, sizeof call, "cudaMalloc(%s)", what);
        return gi_cuda_alloc_failed(err, e, call, bytes);
    }
    b->size = bytes;
    return GI_STATUS_OK;
}

/* cuBLAS's workspace, allocated here rather than by cuBLAS inside the first product, in the
 * size cuBLAS recommends (cublasSetWorkspace): 32 MiB on Hopper and later, 4 MiB before. When
 * the device has not that much free, cuBLAS keeps its own (smaller) default: the products then
 * fit what is left (cuda_gemm_plan.c). */
static gi_status set_blas_workspace(gi_cuda_workspace *ws, gi_error *err)
{
    int device = 0, major = 0;
    gi_status st = gi_cuda_check(err, cudaGetDevice(&device), "cudaGetDevice");
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(
            err, cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device),
            "cudaDeviceGetAttribute(compute capability)");
    const size_t bytes = (size_t)(major >= 9 ? 32 : 4) << 20;
    if (st != GI_STATUS_OK)
        return st;
    gi_error why = {{0}};
    st = gi_cuda_buffer_reserve(&ws->blas_workspace, bytes, "cuBLAS workspace", &why);
    if (st == GI_STATUS_OUT_OF_MEMORY) {
        (void)cudaGetLastError();
        return GI_STATUS_OK;
    }
    if (st != GI_STATUS_OK) {
        *err = why;
        return st;
    }
    st = gi_cublas_check(err, cublasSetWorkspace(ws->blas, ws->blas_workspace.ptr, bytes),
                         "cublasSetWorkspace");
    return st;
}

gi_status gi_cuda_workspace_gemm_ready(gi_cuda_workspace *ws, gi_error *err)
{
    if (!ws->blas) {
        gi_status st = gi_cublas_check(err, cublasCreate(&ws->blas), "cublasCreate");
        if (st != GI_STATUS_OK) {
            ws->blas = NULL;
            return st;
        }
        st = gi_cublas_check(err, cublasSetStream(ws->blas, ws->compute), "cublasSetStream");
        if (st != GI_STATUS_OK)
            return st;
        if ((st = set_blas_workspace(ws, err)) != GI_STATUS_OK)
            return st;
    }
    if (!ws->pinned) {
        size_t bytes = 2 * GI_CUDA_STAGE_SLOTS * GI_CUDA_STAGE_BYTES;
        void *p = NULL;
        cudaError_t e = cudaHostAlloc(&p, bytes, cudaHostAllocDefault);
        if (e != cudaSuccess) {
            (void)cudaGetLastError();
            gi_status st = gi_cuda_check(err, e, "cudaHostAlloc(staging, %zu bytes)", bytes);
            gi_error_append(err, " (pinned host memory for staging; the limit is the host's "
                                 "locked-memory limit, ulimit -l)");
            return st;
        }
        ws->pinned = p;
    }
    return GI_STATUS_OK;
}

cudaError_t gi_cuda_stream_wait(gi_cuda_workspace *ws, int which)
{
    cudaStream_t s[3] = {ws->up, ws->compute, ws->down};
    cudaError_t e = cudaEventRecord(ws->idle[which], s[which]);
    return e == cudaSuccess ? cudaEventSynchronize(ws->idle[which]) : e;
}

cudaError_t gi_cuda_workspace_drain(gi_cuda_workspace *ws)
{
    if (!ws || !ws->ready)
        return cudaSuccess;
    cudaError_t first = cudaSuccess;
    for (int i = 0; i < 3; i++) {
        cudaError_t e = gi_cuda_stream_wait(ws, i);
        if (first == cudaSuccess)
            first = e;
    }
    (void)cudaGetLastError();
    return first;
}

gi_status gi_cuda_failed(int device, gi_cuda_workspace *ws, gi_status status, gi_error *err)
{
    cudaError_t e = gi_cuda_workspace_drain(ws);
    if (status != GI_STATUS_DEVICE_LOST && gi_cuda_error_is_sticky(e)) {
        /* The call that failed first reported something else (a cuBLAS status, a launch
         * error); the fault that made it fail is this one. */
        gi_error_append(err, "; then: %s: %s", cudaGetErrorName(e), cudaGetErrorString(e));
        status = GI_STATUS_DEVICE_LOST;
    }
    if (status == GI_STATUS_DEVICE_LOST) {
        gi_cuda_device_mark_lost(device, err ? err->msg : NULL);
        gi_error_append(err,
                        " (device %d is lost to this process: it must be reset, restart the "
                        "program)",
                        device);
    }
    return status;
}

static void destroy_events(cudaEvent_t *ev, int n)
{
    for (int i = 0; i < n; i++)
        if (ev[i])
            cudaEventDestroy(ev[i]);
}

void gi_cuda_workspace_free(gi_cuda_workspace *ws)
{
    gi_cuda_workspace_drain(ws);
    if (ws->blas)
        cublasDestroy(ws->blas);
    if (ws->pinned)
        cudaFreeHost(ws->pinned);
    gi_cuda_buffer *bufs[] = {&ws->tile_sums, &ws->lane_state, &ws->a,
                              &ws->b,         &ws->c,          &ws->blas_workspace};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        if (bufs[i]->ptr)
            cudaFree(bufs[i]->ptr);
    destroy_events(ws->idle, 3);
    destroy_events(ws->launch_start, 2);
    destroy_events(ws->launch_end, 2);
    destroy_events(ws->prod_start, GI_CUDA_GEMM_EVENTS);
    destroy_events(ws->prod_end, GI_CUDA_GEMM_EVENTS);
    destroy_events(ws->inputs, GI_CUDA_GEMM_EVENTS);
    destroy_events(ws->tile_down, GI_CUDA_GEMM_EVENTS);
    destroy_events(ws->up_free, GI_CUDA_STAGE_SLOTS);
    destroy_events(ws->down_full, GI_CUDA_STAGE_SLOTS);
    cudaStream_t streams[] = {ws->up, ws->compute, ws->down};
    for (size_t i = 0; i < 3; i++)
        if (streams[i])
            cudaStreamDestroy(streams[i]);
    memset(ws, 0, sizeof *ws);
    (void)cudaGetLastError();
}
