/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The serial backend: the reference. One thread, the tiles summed one after another in tile
 * order: the same arithmetic as openmp, so the two give the same bits. Its dgemm is
 * gpuinteg's own cache-blocked kernel (serial_dgemm.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "util/clock.h"
#include "common/cpu_backend.h"
#include "common/cpu_rule_tile.h"
#include "common/cpu_tile.h"
#include "util/error.h"
#include "core/backend.h"
#include "serial_dgemm.h"

static gi_status serial_describe(void *state, int device, gi_backend_device *out, gi_error *err)
{
    (void)state;
    (void)device;
    (void)err;
    gi_cpu_describe(out, "1 thread", 1, "reference backend, one thread");
    return GI_STATUS_OK;
}

/* Tiles one after another; integrate is every tile and then gi_tiles_finish, which adds the
 * pairs in tile order exactly as a merge after each tile would. */
static gi_status serial_integrate_tiles(void *state, int device, const gi_run_config *cfg,
                                        const gi_tile_layout *L, int64_t first, int64_t count,
                                        gi_sum *out, gi_workload_timing *t, gi_error *err)
{
    (void)state;
    (void)device;
    double start = gi_now();
    int stopped = 0;
    for (int64_t k = 0; k < count && !stopped; k++)
        stopped = gi_cpu_tile_sum(L, first + k, cfg->stop, &out[k]);
    return gi_cpu_tiles_done("serial", stopped, start, 1, t, err);
}

/* The user's integrand: tiles one after another, as for sin(x+y). */
static gi_status serial_integrate_rule_tiles(void *state, int device, const gi_run_config *cfg,
                                             const gi_integrand_desc *f, const gi_rule_layout *R,
                                             int64_t first, int64_t count, gi_sum *out,
                                             gi_workload_timing *t, gi_error *err)
{
    (void)state;
    (void)device;
    size_t bytes = gi_cpu_rule_scratch_bytes(f);
    void *scratch = aligned_alloc(64, bytes);
    if (!scratch)
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY, "serial: malloc of %zu bytes failed",
                            bytes);
    double start = gi_now();
    int stopped = 0;
    for (int64_t k = 0; k < count && !stopped; k++)
        stopped = gi_cpu_rule_tile_sum(R, f, first + k, cfg->stop, scratch, &out[k]);
    free(scratch);
    return gi_cpu_tiles_done("serial", stopped, start, 1, t, err);
}

const gi_backend_ops *gi_backend_serial(void)
{
    static const gi_backend_ops ops = {
        .abi_version = GI_BACKEND_ABI_VERSION,
        .size = sizeof(gi_backend_ops),
        .name = "serial",
        .help = "the reference backend, one thread",
        .address = "",
        .address_len = 0,
        .flags = GI_BACKEND_GI_SINE | GI_BACKEND_REFERENCE,
        .probe = gi_cpu_probe,
        .release = NULL,
        .describe = serial_describe,
        .dgemm = serial_dgemm,
        .integrate_tiles = serial_integrate_tiles,
        .integrate_rule_tiles = serial_integrate_rule_tiles,
    };
    return &ops;
}
