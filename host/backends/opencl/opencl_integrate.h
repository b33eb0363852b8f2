/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/opencl/opencl_integrate.h — the integrate workload on an OpenCL device: ranges
 * of the tiles of host/util/tiles.h, one work-group per tile
 * (kernels/opencl/integrate.cl), each tile's compensated pair returned to the host.
 */
#ifndef GI_OPENCL_INTEGRATE_H
#define GI_OPENCL_INTEGRATE_H

#include <stdatomic.h>

#include "util/tiles.h"
#include "opencl_devices.h"

/* Compensated sums per tile: the fixed shape of the in-tile reduction (GI_LANES of the kernel).
 * Independent of the device, so a device's result does not depend on its work-group size. */
#define OPENCL_INTEGRATE_LANES 256

/* Builds the integrate kernel of `sine` (GI_TILE_SINE_LIBM: the device's sin and compensated
 * pairs; GI_TILE_SINE_GI: gpuinteg's sine and exact fixed-point sums) for d (whose queue is
 * open) in *shape (valid: see opencl_integrate_shape) into *k; k->max_group is the largest
 * work-group the kernel may run with on d. No shape changes a bit of any tile's sum. The caller
 * releases *k with opencl_integrate_kernel_release. */
gi_status opencl_integrate_kernel_build(opencl_device *d, int sine,
                                        const opencl_integrate_shape *shape,
                                        opencl_integrate_kernel *k, gi_error *err);

/* The shape gpuinteg builds for d: its natural double vector width, and on a CPU 16 registers
 * per row of a work-item (an out-of-order core overlaps the sine's long chains of dependent
 * operations only across many independent registers; PoCL on AVX-512 measured 0.042 s with 1,
 * 0.028 s with 16 at n = 10⁴). A GPU's threads overlap each other's instead: 1. */
opencl_integrate_shape opencl_integrate_natural_shape(const opencl_device *d);

/* Releases what opencl_integrate_kernel_build made and zeroes *k. */
void opencl_integrate_kernel_release(opencl_integrate_kernel *k);

/* Computes the sums of tiles first … first+count-1 of L (a valid range, L->sine the kernel's)
 * into out[0 … count-1], the pairs gi_tiles_finish reads, with kernel k in work-groups of `group`
 * work-items (a power of two, at most k->max_group). Each tile's pair depends on L alone, not on
 * the range, group or batch it was computed in. Batches of tiles are queued one ahead of the one
 * being waited for; *stop is checked between batches (GI_STATUS_INTERRUPTED). Fills t from the
 * device's profiling timers. out is owned by the caller. */
gi_status opencl_integrate_tiles(opencl_device *d, const opencl_integrate_kernel *k, size_t group,
                                 const atomic_int *stop, const gi_tile_layout *L, int64_t first,
                                 int64_t count, gi_sum *out, gi_workload_timing *t, gi_error *err);

/* Opens d's queue and builds its integrate kernels (both sines), if not done yet. */
gi_status opencl_integrate_prepare(opencl_device *d, gi_error *err);

/* The backend's integrate_tiles member for device d: prepares it (above), and computes tiles
 * first … first+count-1 of the core's layout *L into out with the largest work-group the
 * kernel allows. The whole integral is this over every tile, then gi_tiles_finish (done by the
 * core). */
gi_status opencl_integrate_range(opencl_device *d, const gi_run_config *cfg,
                                 const gi_tile_layout *L, int64_t first, int64_t count, gi_sum *out,
                                 gi_workload_timing *t, gi_error *err);

#endif /* GI_OPENCL_INTEGRATE_H */
