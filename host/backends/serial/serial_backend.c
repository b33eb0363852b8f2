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
#include "common/cpu_info.h"
#include "common/cpu_rule_tile.h"
#include "common/cpu_tile.h"
#include "util/error.h"
#include "core/backend.h"
#include "serial_dgemm.h"

static int serial_probe(void **state, gi_error *why)
{
    (void)why;
    *state = NULL;
    return 1;
}

static gi_status serial_describe(void *state, int device, gi_backend_device *out, gi_error *err)
{
    (void)state;
    (void)device;
    (void)err;
    char model[200];
    gi_cpu_model_name(model, sizeof model);
    snprintf(out->name, sizeof out->name, "%s (1 thread)", model);
    snprintf(out->detail, sizeof out->detail, "reference backend, one thread");
    out->kind = GI_DEVICE_CPU;
    out->available = 1;
    out->compute_units = 1;
    out->global_mem_bytes = gi_cpu_memory_bytes();
    out->fp64 = 1;
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
    for (int64_t k = 0; k < count; k++) {
        if (gi_cpu_tile_sum(L, first + k, cfg->stop, &out[k]))
            return gi_error_set(err, GI_STATUS_INTERRUPTED,
                                "serial: integrate stopped at tile %lld of %lld",
                                (long long)(first + k), (long long)L->count);
    }
    t->kernel_time_s = gi_now() - start;
    t->transfer_time_s = 0.0;
    t->threads_used = 1;
    return GI_STATUS_OK;
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
    gi_status st = GI_STATUS_OK;
    for (int64_t k = 0; k < count && st == GI_STATUS_OK; k++)
        if (gi_cpu_rule_tile_sum(R, f, first + k, cfg->stop, scratch, &out[k]))
            st = gi_error_set(err, GI_STATUS_INTERRUPTED,
                              "serial: integrate stopped at tile %lld of %lld",
                              (long long)(first + k), (long long)R->tiles.count);
    free(scratch);
    t->kernel_time_s = gi_now() - start;
    t->transfer_time_s = 0.0;
    t->threads_used = 1;
    return st;
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
        .probe = serial_probe,
        .release = NULL,
        .describe = serial_describe,
        .dgemm = serial_dgemm,
        .integrate_tiles = serial_integrate_tiles,
        .integrate_rule_tiles = serial_integrate_rule_tiles,
    };
    return &ops;
}
