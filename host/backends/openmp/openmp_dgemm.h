/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/openmp/openmp_dgemm.h — the openmp backend's dgemm: OpenBLAS's cblas_dgemm.
 */
#ifndef GI_OPENMP_DGEMM_H
#define GI_OPENMP_DGEMM_H

#include "core/backend.h"

/* The ops member dgemm of the openmp backend (see gi_backend_ops): cblas_dgemm on
 * cfg->threads threads (openblas_threads.h says how, per OpenBLAS flavour). Returns
 * GI_STATUS_OK, GI_STATUS_INVALID_ARGUMENT (a size or leading dimension above what OpenBLAS's
 * integers hold) or GI_STATUS_INTERRUPTED (a stop was requested before the call; OpenBLAS
 * itself cannot be stopped). */
gi_status openmp_dgemm(void *state, int device, const gi_run_config *cfg, const gi_dgemm_args *a,
                       gi_workload_timing *t, gi_error *err);

#endif /* GI_OPENMP_DGEMM_H */
