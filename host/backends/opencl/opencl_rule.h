/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/opencl/opencl_rule.h — the user's integrand under a quadrature rule on an OpenCL
 * device: its program built with clBuildProgram from the emitted source, kept per device.
 */
#ifndef GI_OPENCL_RULE_H
#define GI_OPENCL_RULE_H

#include "opencl_devices.h"

/* One built integrand on one device; a device keeps a short list of them (most recent first). */
typedef struct opencl_rule_kernel {
    char *source; /* the emitted gi_user_f it was built from: the cache key on this device */
    cl_program program;
    cl_kernel kernel;
    size_t max_group;
    struct opencl_rule_kernel *next;
} opencl_rule_kernel;

/* Builds on this device at most this many integrands before the oldest build is dropped. */
#define OPENCL_RULE_CACHE 8

/* Computes tiles first … first+count-1 of R for f into out (integrate_rule_tiles of
 * core/backend.h). Builds f's program on first use on d (timed into t->prepare_time_s) and keeps
 * it for the next calls with the same source. GI_STATUS_NOT_SUPPORTED for an integrand without
 * OpenCL source (a C callback); the build log on a failed build. */
gi_status opencl_rule_range(opencl_device *d, const gi_run_config *cfg, const gi_integrand_desc *f,
                            const gi_rule_layout *R, int64_t first, int64_t count, gi_sum *out,
                            gi_workload_timing *t, gi_error *err);

/* Releases every build kept for d. */
void opencl_rule_release(opencl_device *d);

#endif /* GI_OPENCL_RULE_H */
