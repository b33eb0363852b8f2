/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The example backend: the smallest complete gpuinteg backend, as a plugin built outside the
 * tree (tests/example_backend/CMakeLists.txt). Two "devices", example:0 and example:1, both
 * this CPU, one thread each: each tile of the layout the core hands over is summed row by row
 * with Neumaier's compensated sum. No dgemm (gi_dgemm says it is not supported), no prepare.
 *
 * Everything gpuinteg says about it comes from the ops table below: its --device word and
 * address syntax, its help line, that "auto" does not take it (it is not in the registry), that
 * MPI ranks spread over its devices (an accelerator kind with a device number).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/backend.h"

#define EXAMPLE_DEVICES 2

static int example_probe(void **state, gi_error *why)
{
    (void)why;
    *state = NULL;
    /* GI_EXAMPLE_NO_DEVICE: a machine without the "hardware", for the unavailable path. */
    if (getenv("GI_EXAMPLE_NO_DEVICE")) {
        snprintf(why->msg, sizeof why->msg,
                 "example: no example device here (GI_EXAMPLE_NO_DEVICE)");
        return 0;
    }
    return EXAMPLE_DEVICES;
}

static gi_status example_describe(void *state, int device, gi_backend_device *out, gi_error *err)
{
    (void)state;
    (void)err;
    snprintf(out->name, sizeof out->name, "Example device %d", device);
    snprintf(out->vendor, sizeof out->vendor, "gpuinteg tests");
    snprintf(out->detail, sizeof out->detail, "an out-of-tree plugin; computes on the CPU");
    out->address[0] = device;
    out->address_len = 1;
    out->kind = GI_DEVICE_OTHER;
    out->available = 1;
    out->compute_units = 1;
    out->fp64 = 1;
    return GI_STATUS_OK;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Tile by tile, each row by row: one fixed order, so any split of the range gives the same
 * pairs. */
static gi_status example_integrate_tiles(void *state, int device, const gi_run_config *cfg,
                                         const gi_tile_layout *L, int64_t first, int64_t count,
                                         gi_sum *out, gi_workload_timing *t, gi_error *err)
{
    (void)state;
    (void)device;
    double start = now();
    for (int64_t k = 0; k < count; k++) {
        if (*cfg->stop) {
            snprintf(err->msg, sizeof err->msg, "example: integrate stopped at tile %lld",
                     (long long)(first + k));
            return GI_STATUS_INTERRUPTED;
        }
        int64_t i0, i1, j0, j1;
        gi_tile_bounds(L, first + k, &i0, &i1, &j0, &j1);
        double s = 0.0, c = 0.0;
        for (int64_t i = i0; i < i1; i++)
            for (int64_t j = j0; j < j1; j++)
                gi_sum_add(&s, &c, sin(gi_grid_x(L, i) + gi_grid_y(L, j)));
        out[k] = (gi_sum){s, c};
    }
    t->kernel_time_s = now() - start;
    t->transfer_time_s = 0.0;
    t->threads_used = 1;
    return GI_STATUS_OK;
}

/* Its section of `gpuinteg --version`: what a backend found here is its own to say. */
static void example_version(void *state, int count, const gi_error *why, gi_backend_version *out)
{
    (void)state;
    snprintf(out->key, sizeof out->key, "example");
    snprintf(out->title, sizeof out->title, "Example");
    snprintf(out->json, sizeof out->json, "{\"devices\":%d}", count);
    if (count > 0)
        snprintf(out->text, sizeof out->text, "%d example devices, on this CPU", count);
    else
        snprintf(out->text, sizeof out->text, "none: %.900s", why->msg);
}

static const gi_backend_ops *example_ops(void)
{
    static const gi_backend_ops ops = {
        .abi_version = GI_BACKEND_ABI_VERSION,
        .size = sizeof(gi_backend_ops),
        .name = "example",
        .help = "an out-of-tree example plugin: device D of two, on this CPU",
        .address = "[:D]",
        .address_len = 1,
        .flags = 0,
        .probe = example_probe,
        .describe = example_describe,
        .integrate_tiles = example_integrate_tiles,
        .version = example_version,
    };
    return &ops;
}

GI_BACKEND_PLUGIN(example_ops)
