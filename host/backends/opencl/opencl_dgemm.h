/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/opencl/opencl_dgemm.h — gi_dgemm on an OpenCL device through CLBlast's C API.
 * Compiled only when CLBlast was found (GI_OPENCL_CLBLAST); without it the backend's dgemm
 * member is NULL.
 */
#ifndef GI_OPENCL_DGEMM_H
#define GI_OPENCL_DGEMM_H

#include "opencl_devices.h"

/* C := alpha·op(A)·op(B) + beta·C on device d for arguments the core has checked (BLAS rules,
 * see gi_dgemm_args). Copies op(A), op(B) and, unless beta is 0, C to the device packed
 * (leading dimension = rows); beta = 0 zero-fills the device's C instead of reading the host's;
 * copies back only the m×n block, so padding rows (ldc > m) stay untouched. alpha = 0 or k = 0
 * scales C on the host and touches neither A nor B. Returns GI_STATUS_OUT_OF_MEMORY naming the
 * bytes needed and the device's limits when the matrices cannot fit, GI_STATUS_INVALID_ARGUMENT
 * past CLBlast's 32-bit indexing, GI_STATUS_DEVICE_ERROR with the OpenCL/CLBlast status name. */
gi_status opencl_dgemm(opencl_device *d, const gi_run_config *cfg, const gi_dgemm_args *a,
                       gi_workload_timing *t, gi_error *err);

/* Gets CLBlast ready for d: CLBlast compiles its gemm program (the copy, pad and transpose
 * kernels, the tuned Xgemm and XgemmDirect) for a device on its first call, whatever the shape,
 * and keeps it for every later call in that context; one 1×1 product does it here. Measured on
 * PoCL (bench/first_call.c): that build is the first call's seconds; a first call of another
 * shape, on either of CLBlast's paths, pays nothing more. Returns opencl_dgemm's statuses. */
gi_status opencl_dgemm_prepare(opencl_device *d, const gi_run_config *cfg, gi_error *err);

/* Drops CLBlast's compiled programs for the state's contexts (they keep the contexts alive);
 * called before the contexts are released. */
void opencl_dgemm_forget(opencl_state *s);

#endif /* GI_OPENCL_DGEMM_H */
