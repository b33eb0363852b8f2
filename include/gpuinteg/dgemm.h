/*
 * gpuinteg/dgemm.h — a double-precision matrix product with the reference BLAS interface.
 *
 *     C := alpha·op(A)·op(B) + beta·C,   op(X) = X or Xᵀ,   column-major, on host memory.
 *
 * The argument order and meaning are BLAS's DGEMM (as CLBlast keeps them), with 64-bit sizes
 * and the context first. Backends: serial (gpuinteg's cache-blocked reference), openmp
 * (OpenBLAS), opencl (CLBlast), cuda (cuBLAS).
 */
#ifndef GPUINTEG_DGEMM_H
#define GPUINTEG_DGEMM_H

#include <stdint.h>

#include <gpuinteg/context.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Timing of the last workload call on a context (gi_integrate or gi_dgemm). */
typedef struct gi_timing {
    double time_s;          /* wall time of the call */
    double kernel_time_s;   /* computing: device timers on GPUs, the product/loop on CPUs */
    double transfer_time_s; /* host↔device copies not hidden behind compute; 0 on CPU backends */
    int threads;            /* CPU threads used */
    const char *backend;    /* owned by the context */
    const char *device;     /* owned by the context */
} gi_timing;

/*
 * C := alpha·op(A)·op(B) + beta·C, with op(A) m×k, op(B) k×n and C m×n, column-major.
 *
 * transa, transb: 'N'/'n' (no transpose), 'T'/'t' or 'C'/'c' (transpose; real data).
 * Quick return (C untouched, GI_STATUS_OK) when m = 0 or n = 0, or when (alpha = 0 or k = 0)
 * and beta = 1. When beta = 0, C is not read: NaN or Inf in C do not reach the result.
 * When alpha = 0, A and B are not read (they may be NULL).
 * Only the m×n block of C is written; padding rows (ldc > m) stay untouched.
 *
 * Arguments are checked as reference BLAS checks them, in its order, and the first bad one is
 * named by position and name with its value and the rule, e.g.
 * "gi_dgemm: argument 8 (lda) = 2 must be >= max(1, m) = 3" (positions count as in BLAS's
 * DGEMM: transa is 1, C is 12, ldc is 13). Sizes above the backend's own limit (2³¹-1 for a BLAS
 * with 32-bit integers, such as Debian's OpenBLAS) are GI_STATUS_INVALID_ARGUMENT naming that
 * limit, never a silent truncation.
 *
 * Returns GI_STATUS_OK; GI_STATUS_MISUSE (ctx, or a matrix needed by the call, is NULL);
 * GI_STATUS_INVALID_ARGUMENT; GI_STATUS_BACKEND_UNAVAILABLE; GI_STATUS_OUT_OF_MEMORY (device
 * or staging memory: the message names the bytes requested and free); GI_STATUS_DEVICE_ERROR.
 * Thread safety: as the context. Since 0.1.
 */
GI_API gi_status gi_dgemm(gi_context *ctx, char transa, char transb, int64_t m, int64_t n,
                          int64_t k, double alpha, const double *A, int64_t lda, const double *B,
                          int64_t ldb, double beta, double *C, int64_t ldc);

/*
 * Fills *out with the timing of the last successful gi_integrate or gi_dgemm on ctx (zeroed
 * before the first). Returns GI_STATUS_OK or GI_STATUS_MISUSE. Since 0.1.
 */
GI_API gi_status gi_last_timing(const gi_context *ctx, gi_timing *out /* OUT */);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_DGEMM_H */
