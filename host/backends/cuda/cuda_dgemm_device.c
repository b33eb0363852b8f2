/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gemm on matrices already in the GPU's memory (CuPy, PyTorch, cudaMalloc): one cuBLAS call on
 * the caller's stream, so that it runs after the work that produced its inputs, timed with
 * events on that stream. No staging and no copies: what cuda_dgemm.c pipelines for host arrays
 * is not needed here.
 */
#include <stdint.h>

#include "util/error.h"
#include "cuda_errors.h"
#include "cuda_state.h"

/* The matrix's address must be memory this device can read as its own: device or managed
 * memory of `device`. A host pointer would be an illegal address inside cuBLAS, which loses
 * the device for the rest of the process; refused here with its name instead. */
static gi_status check_device_memory(const void *p, int device, const char *name, gi_error *err)
{
    struct cudaPointerAttributes attr;
    cudaError_t e = cudaPointerGetAttributes(&attr, p);
    if (e != cudaSuccess) {
        (void)cudaGetLastError();
        return gi_cuda_check(err, e, "cudaPointerGetAttributes(%s)", name);
    }
    if ((attr.type != cudaMemoryTypeDevice && attr.type != cudaMemoryTypeManaged) ||
        attr.device != device)
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_dgemm_device: %s at %p is not memory of CUDA device %d (%s)", name,
                            p, device,
                            attr.type == cudaMemoryTypeDevice || attr.type == cudaMemoryTypeManaged
                                ? "another device's"
                                : "host memory");
    return GI_STATUS_OK;
}

gi_status gi_cuda_dgemm_device(void *state, int device, const gi_run_config *cfg,
                               const gi_dgemm_args *a, uintptr_t stream, gi_workload_timing *t,
                               gi_error *err)
{
    (void)cfg;
    gi_cuda_workspace *ws;
    gi_status st = gi_cuda_workspace_get(state, device, &ws, err);
    if (st != GI_STATUS_OK)
        return st;
    st = gi_cuda_workspace_gemm_ready(ws, err);
    int reads_ab = a->alpha != 0.0 && a->k > 0;
    if (st == GI_STATUS_OK && reads_ab)
        st = check_device_memory(a->A, device, "A", err);
    if (st == GI_STATUS_OK && reads_ab)
        st = check_device_memory(a->B, device, "B", err);
    if (st == GI_STATUS_OK)
        st = check_device_memory(a->C, device, "C", err);
    if (st != GI_STATUS_OK)
        return gi_cuda_failed(device, ws, st, err);

    cudaStream_t s = (cudaStream_t)stream;
    cublasOperation_t ta = a->transa == 'N' ? CUBLAS_OP_N : CUBLAS_OP_T;
    cublasOperation_t tb = a->transb == 'N' ? CUBLAS_OP_N : CUBLAS_OP_T;
    st = gi_cublas_check(err, cublasSetStream(ws->blas, s), "cublasSetStream(the caller's)");
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(err, cudaEventRecord(ws->prod_start[0], s), "cudaEventRecord");
    if (st == GI_STATUS_OK)
        st = gi_cublas_check(err,
                             cublasDgemm_64(ws->blas, ta, tb, a->m, a->n, a->k, &a->alpha, a->A,
                                            a->lda, a->B, a->ldb, &a->beta, a->C, a->ldc),
                             "cublasDgemm_64");
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(err, cudaEventRecord(ws->prod_end[0], s), "cudaEventRecord");
    /* A blocking-sync event: the thread sleeps until the product is done (cuda_state.h). */
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(err, cudaEventSynchronize(ws->prod_end[0]), "cudaEventSynchronize");
    float ms = 0;
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(err, cudaEventElapsedTime(&ms, ws->prod_start[0], ws->prod_end[0]),
                           "cudaEventElapsedTime");
    /* The handle goes back to the workspace's own stream for the host-array gemm. */
    gi_status back = gi_cublas_check(err, cublasSetStream(ws->blas, ws->compute),
                                     "cublasSetStream(back to the workspace's)");
    if (st == GI_STATUS_OK)
        st = back;
    if (st != GI_STATUS_OK)
        return gi_cuda_failed(device, ws, st, err);
    t->kernel_time_s = 1e-3 * (double)ms;
    t->transfer_time_s = 0.0;
    t->threads_used = 1;
    return GI_STATUS_OK;
}
