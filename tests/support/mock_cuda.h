/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * tests/support/mock_cuda.h — a stand-in for the CUDA runtime, cuBLAS and the integrate kernel's
 * launch wrapper, so that the CUDA backend's host code (cuda_*.c) runs and is checked on a
 * machine without a GPU (label cpu). The real plugin is checked on a GPU by the cuda tests.
 *
 * Work queued on a stream runs as late as it may: only when something waits for it
 * (cudaEventSynchronize, cudaStreamSynchronize, a stream waiting on an event) or when
 * cudaEventQuery decides, by a seeded pseudo-random draw, that it has finished. Host code that
 * reuses a staging buffer or reads a result before waiting for the copy therefore sees stale
 * data, and the tests fail. And at times (another draw) a stream runs all that is queued on it,
 * held back only by the events it was told to wait for: a missing dependency between streams
 * shows up as wrong data too. A kernel launch runs the kernel's C transcription
 * (integrate_emulation.h); cublasDgemm_v2_64 runs the textbook loop of
 * mock_cuda_dgemm_reference.
 */
#ifndef GI_TEST_MOCK_CUDA_H
#define GI_TEST_MOCK_CUDA_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <cuda_runtime_api.h>

#include "integrate_kernel.h"

/* Forgets every counter and setting; `seed` drives cudaEventQuery's draws. */
void mock_cuda_reset(unsigned seed);

/* Device memory for cudaMalloc (default 1 GiB); cudaMalloc fails past it. */
void mock_cuda_set_device_memory(size_t bytes);

/* Makes cudaGetDeviceCount fail with e (cudaSuccess: one device, the default). */
void mock_cuda_set_device_count_error(cudaError_t e);

/* Compute capability reported by cudaGetDeviceProperties (default 9.0). */
void mock_cuda_set_compute_capability(int major, int minor);

/* Bytes copied host→device and device→host since the reset. */
size_t mock_cuda_bytes_to_device(void);
size_t mock_cuda_bytes_to_host(void);

/* Waits since the reset that would keep a CPU core busy on a real GPU: cudaEventSynchronize on
 * an event made without cudaEventBlockingSync, and every cudaStreamSynchronize /
 * cudaDeviceSynchronize (they spin or not by the device's flags, which the caller does not
 * own). Blocking waits (cudaEventSynchronize on a blocking-sync event) are counted apart. */
int mock_cuda_spinning_waits(void);
int mock_cuda_blocking_waits(void);

/* Makes the next kernel or cuBLAS product that runs fail with e (e.g. cudaErrorIllegalAddress):
 * from then on every runtime call returns e, as the runtime does after a sticky fault. */
void mock_cuda_fault_next_work(cudaError_t e);

/* With on, kernel launches are recorded but not run (for plans over grids far too large to
 * emulate); the first GI_MOCK_CUDA_RECORDED launches are kept for mock_cuda_launch. */
#define GI_MOCK_CUDA_RECORDED 100000
void mock_cuda_skip_kernels(int on);
const gi_cuda_integrate_launch *mock_cuda_launch(int k);

/* Sets *stop once `launches` kernels have been queued. */
void mock_cuda_stop_after(int launches, atomic_int *stop);

/* With on, cudaEventQuery never finds work done that nothing waited for: the GPU seems slow,
 * so work lags far behind the host and only the waits the code enqueued keep order. */
void mock_cuda_set_lazy_queries(int on);

/* cudaMemcpy2DAsync calls since the reset. */
int mock_cuda_copies_2d(void);

/* Bytes queued host→device when the first cuBLAS product was queued, and bytes queued
 * device→host when the last host→device copy was queued: what overlapped what. */
size_t mock_cuda_bytes_to_device_at_first_gemm(void);
size_t mock_cuda_bytes_to_host_at_last_upload(void);

/* Kernel launches and cuBLAS calls since the reset. */
int mock_cuda_launches(void);

/* Kernels the integrate module has had loaded without a launch (gi_cuda_integrate_load: what
 * CUDA's lazy loading would otherwise do at the first launch), and the bytes of the workspace
 * last given to a cuBLAS handle (cublasSetWorkspace; 0: none, cuBLAS then allocates its own
 * inside the first product). */
int mock_cuda_kernels_loaded(void);
size_t mock_cuda_blas_workspace_bytes(void);

/* The fast_sine flag of the last kernel launch (-1 before any). */
int mock_cuda_last_fast_sine(void);
int mock_cuda_gemm_calls(void);

/* C := alpha·op(A)·op(B) + beta·C, column-major, the sum over p taken in order; beta = 0 does
 * not read C. What the mock's cuBLAS computes, and what the tests compare with, exactly. */
void mock_cuda_dgemm_reference(char ta, char tb, int64_t m, int64_t n, int64_t k, double alpha,
                               const double *A, int64_t lda, const double *B, int64_t ldb,
                               double beta, double *C, int64_t ldc);

/* The user's integrand (cuda_rule.c): libraries loaded now, and launches of its kernel, each
 * block of which writes the pair (tile index, 0.25) of its tile. */
int mock_cuda_libraries_loaded(void);
int mock_cuda_rule_launches(void);

#endif /* GI_TEST_MOCK_CUDA_H */
