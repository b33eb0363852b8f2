/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/openmp/openmp_version.h — the backend's section of `gpuinteg --version`.
 */
#ifndef GI_OPENMP_VERSION_H
#define GI_OPENMP_VERSION_H

#include "core/backend.h"

/* gi_backend_ops.version: "blas", the OpenBLAS loaded for gemm, or why there is none. */
void openmp_version(void *state, int count, const gi_error *why, gi_backend_version *out);

#endif /* GI_OPENMP_VERSION_H */
