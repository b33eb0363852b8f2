/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/serial/serial_dgemm.h — the serial backend's dgemm, gpuinteg's reference.
 */
#ifndef GI_SERIAL_DGEMM_H
#define GI_SERIAL_DGEMM_H

#include "core/backend.h"

/* The ops member dgemm of the serial backend (see gi_backend_ops). Sums every element of C in
 * one fixed order that depends on k only: the same bits for any transpose of the same data.
 * Returns GI_STATUS_OK, GI_STATUS_OUT_OF_MEMORY (packing buffers) or GI_STATUS_INTERRUPTED
 * (C then holds a partial result). */
gi_status serial_dgemm(void *state, int device, const gi_run_config *cfg, const gi_dgemm_args *a,
                       gi_workload_timing *t, gi_error *err);

#endif /* GI_SERIAL_DGEMM_H */
