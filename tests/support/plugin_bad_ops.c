/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A plugin with the right ABI number but an ops table the loader must refuse, one defect per
 * build: BAD_OPS_SIZE (built from smaller headers), BAD_OPS_NO_HELP, BAD_OPS_NO_INTEGRATE (no
 * integrate_tiles, the one required workload).
 * Each refusal must name what is wrong.
 */
#include <stddef.h>

#include "core/backend.h"

static int bad_probe(void **state, gi_error *why)
{
    (void)why;
    *state = NULL;
    return 1;
}

static gi_status bad_describe(void *state, int device, gi_backend_device *out, gi_error *err)
{
    (void)state, (void)device, (void)err;
    out->available = 1;
    return GI_STATUS_OK;
}

__attribute__((unused)) static gi_status
bad_tiles(void *state, int device, const gi_run_config *cfg, const gi_tile_layout *L, int64_t first,
          int64_t count, gi_sum *out, gi_workload_timing *t, gi_error *err)
{
    (void)state, (void)device, (void)cfg, (void)L, (void)first, (void)t, (void)err;
    for (int64_t k = 0; k < count; k++)
        out[k] = (gi_sum){0, 0};
    return GI_STATUS_OK;
}

static const gi_backend_ops *bad_ops(void)
{
    static const gi_backend_ops ops = {
        .abi_version = GI_BACKEND_ABI_VERSION,
#ifdef BAD_OPS_SIZE
        .size = offsetof(gi_backend_ops, prepare),
#else
        .size = sizeof(gi_backend_ops),
#endif
        .name = "cuda",
#ifndef BAD_OPS_NO_HELP
        .help = "a plugin the loader refuses",
#endif
        .address = "[:D]",
        .address_len = 1,
        .probe = bad_probe,
        .describe = bad_describe,
#ifndef BAD_OPS_NO_INTEGRATE
        .integrate_tiles = bad_tiles,
#endif
    };
    return &ops;
}

GI_BACKEND_PLUGIN(bad_ops)
