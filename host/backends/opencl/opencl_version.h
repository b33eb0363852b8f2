/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/opencl/opencl_version.h — the backend's section of `gpuinteg --version`.
 */
#ifndef GI_OPENCL_VERSION_H
#define GI_OPENCL_VERSION_H

#include "core/backend.h"

/* gi_backend_ops.version: "opencl", the loader, its vendors folder and the platforms here. */
void opencl_version(void *state, int count, const gi_error *why, gi_backend_version *out);

#endif /* GI_OPENCL_VERSION_H */
