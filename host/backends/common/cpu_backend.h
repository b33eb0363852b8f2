/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/cpu_backend.h — what the serial and openmp backends share around their
 * tile loops: the probe, the device record, and the end of a workload call.
 */
#ifndef GI_COMMON_CPU_BACKEND_H
#define GI_COMMON_CPU_BACKEND_H

#include "core/backend.h"

/* The probe of a backend that is always there: no state, one device. */
int gi_cpu_probe(void **state, gi_error *why);

/* Fills *out as the CPU device "<model> (<what>)" with `detail`, compute_units units, the
 * machine's memory and fp64. */
void gi_cpu_describe(gi_backend_device *out, const char *what, int compute_units,
                     const char *detail);

/* The end of a CPU workload call over tiles begun at `start` (gi_now()) on `threads` threads:
 * GI_STATUS_INTERRUPTED ("<backend>: integrate stopped on request") when stopped, else fills
 * *t and returns GI_STATUS_OK. */
gi_status gi_cpu_tiles_done(const char *backend, int stopped, double start, int threads,
                            gi_workload_timing *t, gi_error *err);

#endif /* GI_COMMON_CPU_BACKEND_H */
