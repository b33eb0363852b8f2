/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
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

#include <stddef.h>
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
    /* ---- since 0.2 ---- */
    double setup_s; /* the device's set-up (gi_context_prepare), paid once, not in time_s */
    /* ---- since 0.3 ---- */
    double compile_s; /* building the user's integrand for the device (gi_integrate_function
                         and its tiles; 0 for the others and when cached): inside time_s */
} gi_timing;

/* The size of gi_timing in 0.1, the smallest a caller may pass. */
#define GI_TIMING_SIZE_0_1 offsetof(gi_timing, setup_s)

/*
 * C := alpha·op(A)·op(B) + beta·C, with op(A) m×k, op(B) k×n and C m×n, column-major.
 *
 * transa, transb: 'N'/'n' (no transpose), 'T'/'t' or 'C'/'c' (transpose; real data).
 * Quick return (C untouched, GI_STATUS_OK) when m = 0 or n = 0, or when (alpha = 0 or k = 0)
 * and beta = 1. When beta = 0, C is not read: NaN or Inf in C do not reach the result.
 * When alpha = 0 or k = 0, A and B are not read (they may be NULL): C := beta·C.
 * Only the m×n block of C is written; padding rows (ldc > m) stay untouched.
 *
 * Arguments are checked as reference BLAS checks them, in its order, and the first bad one is
 * named by position and name with its value and the rule, e.g.
 * "gi_dgemm: argument 8 (lda) = 2 must be >= max(1, m) = 3" (positions count as in BLAS's
 * DGEMM: transa is 1, C is 12, ldc is 13). Then come the quick returns, then the pointers:
 * a NULL matrix that the call needs is GI_STATUS_MISUSE. Sizes above the backend's own limit
 * (2³¹-1 for a BLAS with 32-bit integers, such as Debian's OpenBLAS under openmp) are
 * GI_STATUS_INVALID_ARGUMENT naming that limit, never a silent truncation; the serial backend
 * takes any size that fits in memory.
 *
 * Results: serial sums each element of C in one fixed order (the same bits on every run and
 * for every transpose of the same data); other backends may round differently, within the
 * bound gi_dgemm_verify checks. If the call is interrupted (gi_context_interrupt) or fails
 * after it started, the contents of C are unspecified.
 *
 * Returns GI_STATUS_OK; GI_STATUS_MISUSE (ctx, or a matrix needed by the call, is NULL);
 * GI_STATUS_INVALID_ARGUMENT; GI_STATUS_BACKEND_UNAVAILABLE; GI_STATUS_NOT_SUPPORTED (the
 * selected backend has no dgemm: the message names it); GI_STATUS_OUT_OF_MEMORY (packing,
 * device or staging memory: the message names the bytes); GI_STATUS_DEVICE_ERROR;
 * GI_STATUS_INTERRUPTED. On success gi_last_timing gives the call's times.
 * Thread safety: as the context. Since 0.1.
 */
GI_API gi_status gi_dgemm(gi_context *ctx, char transa, char transb, int64_t m, int64_t n,
                          int64_t k, double alpha, const double *A, int64_t lda, const double *B,
                          int64_t ldb, double beta, double *C, int64_t ldc);

/*
 * gi_dgemm with A, B and C in the selected device's own memory (CUDA: cudaMalloc'd memory, a
 * CuPy or PyTorch array's data), so that arrays that live on the GPU need no trip through host
 * memory. The product is queued on `stream` — the caller's CUDA stream as an integer
 * (cudaStream_t), 0 for the default stream, 1 and 2 for cudaStreamLegacy and
 * cudaStreamPerThread, as __cuda_array_interface__ numbers them — after the work queued there
 * before it, and is finished when the call returns.
 * Arguments, quick returns and semantics are gi_dgemm's, with messages naming
 * "gi_dgemm_device". Returns gi_dgemm's statuses; GI_STATUS_NOT_SUPPORTED when the selected
 * backend computes on host memory only (serial, openmp, opencl: the message names it);
 * GI_STATUS_INVALID_ARGUMENT when A, B or C is not memory of the selected device (the message
 * names which). Thread safety: as the context. Since 0.2.
 */
GI_API gi_status gi_dgemm_device(gi_context *ctx, char transa, char transb, int64_t m, int64_t n,
                                 int64_t k, double alpha, const double *A, int64_t lda,
                                 const double *B, int64_t ldb, double beta, double *C, int64_t ldc,
                                 uintptr_t stream);

/* What gi_dgemm_verify found. */
typedef struct gi_dgemm_check {
    double max_rel_residual; /* max over rows and vectors of |r_i| / s_i (see below) */
    double tolerance;        /* the largest max_rel_residual a correct product can give */
    int64_t worst_row;       /* the row of C where |r_i| / s_i was largest */
    int vectors;             /* random vectors used: GI_DGEMM_VERIFY_VECTORS */
} gi_dgemm_check;

#define GI_DGEMM_VERIFY_VECTORS 3

/*
 * Checks that C = alpha·op(A)·op(B) + beta·C0 (C0: C before the call; not read, may be NULL,
 * when beta = 0) with Freivalds' algorithm: for a few random vectors x, the residual
 * r = C·x − alpha·op(A)·(op(B)·x) − beta·C0·x costs O(mn + nk + mk), not a product's O(mnk).
 * The arguments mean what they mean for gi_dgemm; ldc0 is C0's leading dimension.
 *
 * The vectors have entries ±(½ + ½·v), v uniform in [0, 1) from a fixed seed, so |x_j| ≥ ½:
 * an error δ in one element of C shows as at least |δ|/2 in its row, and a few errors cannot
 * cancel except with probability ~0. An error is caught once |δ|/2 exceeds the row's
 * tolerance below: for 3000×3000 uniform [0, 1) inputs, any element off by 3e-8 of its value
 * (measured: from ~1.3e-8 on, depending on |x_j|).
 *
 * Tolerance. With unit roundoff u = 2⁻⁵³ and γ_j = j·u/(1 − j·u) (Higham, Accuracy and
 * Stability of Numerical Algorithms, §3.1, §3.5), any product that forms each element as a
 * sum of k products in some order (blocked, threaded, FMA or not; not Strassen) gives
 *     |C − alpha·AB − beta·C0| ≤ γ_{k+2}·(|alpha|·|A||B| + |beta|·|C0|)   elementwise,
 * which implies the familiar normwise k·ε·‖A‖‖B‖ bound. Computing r in doubles adds, to
 * first order, γ_n·|C||x| (C·x), γ_{k+n+1}·|alpha||A||B||x| (op(B)·x, then op(A)·(…), then
 * alpha), γ_{n+1}·|beta||C0||x| and 2u for the two subtractions. Adding the coefficients
 * (γ_i + γ_j ≤ γ_{i+j}), with s = |C||x| + |alpha|·|op(A)|(|op(B)||x|) + |beta|·|C0||x|
 * (computed in the same pass; non-negative terms, so s itself is accurate to γ_{k+n+1}):
 *     |r_i| ≤ γ_{2k+n+5}·s_i.
 * A row passes when |r_i| ≤ 2·γ_{2k+n+5}·s_i (the factor 2 covers the rounding of s and the
 * second-order terms); gi_dgemm_check.tolerance is 2·γ_{2k+n+5}, and max_rel_residual is the
 * largest |r_i|/s_i, ~1e-16 for a correct product. Measuring each row against its own s_i
 * catches an error in a row of small values that a normwise bound would hide. Results that
 * are not finite (NaN or Inf in C or the inputs) fail. Gradual underflow is not modelled: the
 * bound assumes the inputs' products are not subnormal.
 *
 * Returns GI_STATUS_OK (C is right); GI_STATUS_VERIFICATION_FAILED (the message names the
 * first failing row, its residual and its tolerance); GI_STATUS_MISUSE (ctx, or a matrix
 * needed, is NULL); GI_STATUS_INVALID_ARGUMENT (the checks of gi_dgemm, ldc0 as argument 14);
 * GI_STATUS_OUT_OF_MEMORY (its O(m + n + k) work space). *check (may be NULL) is filled on
 * OK and VERIFICATION_FAILED, zeroed otherwise. Runs on the CPU in the calling thread,
 * whatever device is selected. Thread safety: as the context. Since 0.1.
 */
GI_API gi_status gi_dgemm_verify(gi_context *ctx, char transa, char transb, int64_t m, int64_t n,
                                 int64_t k, double alpha, const double *A, int64_t lda,
                                 const double *B, int64_t ldb, double beta, const double *C0,
                                 int64_t ldc0, const double *C, int64_t ldc,
                                 gi_dgemm_check *check /* OUT */);

/*
 * Fills *out with the timing of the last successful gi_integrate or gi_dgemm on ctx (zeroed
 * before the first). out_size: the caller's sizeof(gi_timing) (the macro passes it); fields
 * past it are not written. Returns GI_STATUS_OK or GI_STATUS_MISUSE (NULL argument, out_size
 * below the 0.1 struct). Thread safety: as any call on ctx. Since 0.1 (out_size since 0.2).
 */
GI_API gi_status gi_last_timing_sized(const gi_context *ctx, gi_timing *out /* OUT */,
                                      size_t out_size);
GI_API gi_status gi_last_timing(const gi_context *ctx, gi_timing *out /* OUT */);
#define gi_last_timing(ctx, out) gi_last_timing_sized((ctx), (out), sizeof(gi_timing))

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_DGEMM_H */
