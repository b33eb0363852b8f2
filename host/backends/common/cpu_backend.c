/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "cpu_backend.h"

#include <stdio.h>

#include "util/clock.h"
#include "util/error.h"
#include "cpu_info.h"

int gi_cpu_probe(void **state, gi_error *why)
{
    (void)why;
    *state = NULL;
    return 1;
}

void gi_cpu_describe(gi_backend_device *out, const char *what, int compute_units,
                     const char *detail)
{
    char model[200];
    gi_cpu_model_name(model, sizeof model);
    snprintf(out->name, sizeof out->name, "%s (%s)", model, what);
    snprintf(out->detail, sizeof out->detail, "%s", detail);
    out->kind = GI_DEVICE_CPU;
    out->available = 1;
    out->compute_units = compute_units;
    out->global_mem_bytes = gi_cpu_memory_bytes();
    out->fp64 = 1;
}

gi_status gi_cpu_tiles_done(const char *backend, int stopped, double start, int threads,
                            gi_workload_timing *t, gi_error *err)
{
    if (stopped)
        return gi_error_set(err, GI_STATUS_INTERRUPTED, "%s: integrate stopped on request",
                            backend);
    t->kernel_time_s = gi_now() - start;
    t->transfer_time_s = 0.0;
    t->threads_used = threads;
    return GI_STATUS_OK;
}
