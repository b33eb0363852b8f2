/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/opencl/opencl_launch.h — what the tile kernels share (sin(x+y) in
 * opencl_integrate.c, the user's integrand in opencl_rule.c): the work-group limit of a built
 * kernel, and a range of tiles launched in batches with its 16-byte tile sums read back.
 */
#ifndef GI_OPENCL_LAUNCH_H
#define GI_OPENCL_LAUNCH_H

#include <stdatomic.h>

#include "opencl_devices.h"

/* The largest power of two ≤ x (1 for x < 2). */
size_t opencl_floor_pow2(size_t x);

/* The largest power-of-two work-group, at most `lanes`, that `kernel` (called name in messages)
 * may run with on d, into *max_group. Returns GI_STATUS_OK or the failed query in err. */
gi_status opencl_kernel_max_group(const opencl_device *d, cl_kernel kernel, const char *name,
                                  size_t lanes, size_t *max_group, gi_error *err);

/* Runs `kernel`, whose arguments are set except argument base_arg (a cl_long, the first tile of
 * each batch), over tiles first … first+count-1 (count ≥ 1): one work-group of `group` items per
 * tile, in batches of about 2²⁵ points (per_tile points a tile: ~0.1 s on two CPU cores, ~0.1 ms
 * on a large GPU — soon enough to honour *stop, checked before each batch, long enough that
 * launches cost nothing), each queued one ahead of the one waited for. Then reads the count
 * 16-byte tile sums the kernel wrote to buf into out, and fills t from the device's timers.
 * Returns GI_STATUS_OK, GI_STATUS_INTERRUPTED, or the failed call in err. */
gi_status opencl_tiles_run(opencl_device *d, cl_kernel kernel, const char *name, cl_uint base_arg,
                           size_t group, const atomic_int *stop, int64_t first, int64_t count,
                           int64_t per_tile, cl_mem buf, void *out, gi_workload_timing *t,
                           gi_error *err);

#endif /* GI_OPENCL_LAUNCH_H */
