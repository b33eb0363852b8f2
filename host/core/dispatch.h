/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/core/dispatch.h — what every workload call does around its backend call.
 */
#ifndef GI_CORE_DISPATCH_H
#define GI_CORE_DISPATCH_H

#include "core/context_impl.h"

/* Where a workload call runs: the selected device's backend and record, and the run
 * configuration for this call. */
typedef struct gi_target {
    const gi_backend_slot *slot;
    const gi_device_record *rec;
    gi_run_config cfg;
} gi_target;

/* Fills *target, selecting "auto" and preparing the device for `workload` (a gi_workload bit)
 * on its first use. On failure the context's error is set and the status returned. */
gi_status gi_dispatch_target(gi_context *ctx, unsigned workload, gi_target *target);

/* Stores the timing of a successful workload call as the context's last timing. */
void gi_dispatch_record_timing(gi_context *ctx, const gi_target *target, double wall_s,
                               const gi_workload_timing *t);

/* Prefixes a backend's error with nothing (backends name themselves) but makes sure the
 * context's message is not empty after a failure. */
gi_status gi_dispatch_failed(gi_context *ctx, gi_status st, const char *call);

#endif /* GI_CORE_DISPATCH_H */
