/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/cuda/cuda_errors.h — turning CUDA runtime and cuBLAS failures into gi_status and
 * a message naming the failing call, the error's name and its text, e.g.
 *   "cuda: cudaMalloc(C, 72000000 bytes): cudaErrorMemoryAllocation: out of memory
 *    (device 0: 1048576 of 85030715392 bytes free)".
 */
#ifndef GI_CUDA_ERRORS_H
#define GI_CUDA_ERRORS_H

#include <stddef.h>

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include "core/backend.h"

/* GI_STATUS_OK for cudaSuccess. Otherwise fills err with "cuda: <call>: <name>: <text>" and
 * returns GI_STATUS_OUT_OF_MEMORY for allocation failures, GI_STATUS_DEVICE_LOST for the sticky
 * errors of cuda_device_lost.h, GI_STATUS_DEVICE_ERROR for the rest. call is a printf format for
 * the call's description. */
gi_status gi_cuda_check(gi_error *err, cudaError_t e, const char *call, ...)
    __attribute__((format(printf, 3, 4)));

/* The same for a cuBLAS status: "cuda: <call>: <CUBLAS_STATUS_…>: <text>". */
gi_status gi_cublas_check(gi_error *err, cublasStatus_t s, const char *call);

/* An allocation of `bytes` on the current device failed with e: GI_STATUS_OUT_OF_MEMORY (or
 * GI_STATUS_DEVICE_ERROR for other errors) with the bytes requested and free (cudaMemGetInfo).
 * Clears the runtime's last error, which a failed allocation leaves set. */
gi_status gi_cuda_alloc_failed(gi_error *err, cudaError_t e, const char *what, size_t bytes);

/* After this (CUDA answered), a child forked from this process cannot use CUDA, and there
 * every message of gi_cuda_check and gi_cublas_check, and gi_cuda_explain_fork, says so and
 * what to do. Thread-safe. */
void gi_cuda_note_initialized(void);

/* Appends the explanation to err in a child forked after CUDA was initialized; else nothing. */
void gi_cuda_explain_fork(gi_error *err);

#endif /* GI_CUDA_ERRORS_H */
