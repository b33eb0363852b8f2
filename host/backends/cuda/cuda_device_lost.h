/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/cuda/cuda_device_lost.h — which CUDA devices this process can no longer use.
 *
 * Some CUDA errors are sticky: the runtime documents for cudaErrorIllegalAddress,
 * cudaErrorLaunchFailure, cudaErrorAssert and the others listed in gi_cuda_error_is_sticky that
 * "this leaves the process in an inconsistent state and any further CUDA work will return the
 * same error. To continue using CUDA, the process must be terminated and relaunched." The
 * first such error on a device is recorded here, for the whole process (every context shares
 * the device's primary context): later calls on that device fail at once with
 * GI_STATUS_DEVICE_LOST and that first fault, and describe() marks the device unavailable. The
 * record lives as long as the plugin, which is never unloaded (see CMakeLists.txt).
 *
 * Thread safety: every function may be called from any thread.
 */
#ifndef GI_CUDA_DEVICE_LOST_H
#define GI_CUDA_DEVICE_LOST_H

#include <stddef.h>

#include <cuda_runtime_api.h>

#include "core/backend.h"

/* Non-zero for the errors the CUDA runtime documents as sticky (see above). */
int gi_cuda_error_is_sticky(cudaError_t e);

/* Records that `device` hit a sticky fault, described by `fault` (the failing call and the
 * error). Only the first fault per device is kept. */
void gi_cuda_device_mark_lost(int device, const char *fault);

/* Copies the device's recorded fault into out (size bytes) and returns 1, or returns 0 when the
 * device is usable. */
int gi_cuda_device_lost(int device, char *out, size_t size);

/* GI_STATUS_DEVICE_LOST with "cuda: device D is unusable in this process since <fault>…" in err
 * when the device was lost, else GI_STATUS_OK (err untouched). */
gi_status gi_cuda_device_check_usable(int device, gi_error *err);

#endif /* GI_CUDA_DEVICE_LOST_H */
