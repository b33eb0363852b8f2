/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "cuda_errors.h"

#include <stdarg.h>
#include <stdio.h>

#include "util/error.h"
#include "util/fork_watch.h"
#include "cuda_device_lost.h"

static gi_status status_of(cudaError_t e)
{
    if (e == cudaErrorMemoryAllocation)
        return GI_STATUS_OUT_OF_MEMORY;
    return gi_cuda_error_is_sticky(e) ? GI_STATUS_DEVICE_LOST : GI_STATUS_DEVICE_ERROR;
}

/* CUDA does not support a child forked after its parent initialized it: the child's calls fail
 * (an initialization error). Python's multiprocessing forks its workers by default on Linux, so
 * the messages there say why (util/fork_watch.h). */
void gi_cuda_note_initialized(void)
{
    gi_fork_watch_arm();
}

void gi_cuda_explain_fork(gi_error *err)
{
    if (gi_fork_watch_forked())
        gi_error_append(err, " (this process was forked, e.g. by Python multiprocessing's default "
                             "'fork' start method, from one that had already initialized CUDA, "
                             "which CUDA does not support: use CUDA only in the child processes, "
                             "or start them with the 'spawn' or 'forkserver' method)");
}

gi_status gi_cuda_check(gi_error *err, cudaError_t e, const char *call, ...)
{
    if (e == cudaSuccess)
        return GI_STATUS_OK;
    char what[512];
    va_list ap;
    va_start(ap, call);
    vsnprintf(what, sizeof what, call, ap);
    va_end(ap);
    gi_status st = gi_error_set(err, status_of(e), "cuda: %s: %s: %s", what, cudaGetErrorName(e),
                                cudaGetErrorString(e));
    gi_cuda_explain_fork(err);
    return st;
}

gi_status gi_cublas_check(gi_error *err, cublasStatus_t s, const char *call)
{
    if (s == CUBLAS_STATUS_SUCCESS)
        return GI_STATUS_OK;
    gi_status st =
        s == CUBLAS_STATUS_ALLOC_FAILED ? GI_STATUS_OUT_OF_MEMORY : GI_STATUS_DEVICE_ERROR;
    gi_error_set(err, st, "cuda: %s: %s: %s", call, cublasGetStatusName(s),
                 cublasGetStatusString(s));
    gi_cuda_explain_fork(err);
    return st;
}

gi_status gi_cuda_alloc_failed(gi_error *err, cudaError_t e, const char *what, size_t bytes)
{
    (void)cudaGetLastError();
    gi_status st = gi_cuda_check(err, e, "%s (%zu bytes)", what, bytes);
    int device = -1;
    size_t free_b = 0, total_b = 0;
    if (cudaGetDevice(&device) == cudaSuccess && cudaMemGetInfo(&free_b, &total_b) == cudaSuccess)
        gi_error_append(err, " (device %d: %zu of %zu bytes free)", device, free_b, total_b);
    (void)cudaGetLastError();
    return st;
}
