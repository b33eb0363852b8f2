/*
 * The serial backend: the reference. One thread, the tiles summed one after another in tile
 * order: the same arithmetic as openmp, so the two give the same bits. Its dgemm is
 * gpuinteg's own cache-blocked kernel (serial_dgemm.c).
 */
#include <stdio.h>

#include "common/clock.h"
#include "common/cpu_info.h"
#include "common/cpu_tile.h"
#include "common/error.h"
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

static gi_status serial_integrate(void *state, int device, const gi_run_config *cfg,
                                  const gi_integrate_params *p, double *value,
                                  gi_workload_timing *t, gi_error *err)
{
    (void)state;
    (void)device;
    gi_tile_layout L = gi_tile_layout_make(p->x0, p->x1, p->y0, p->y1, p->nx, p->ny);
    double start = gi_now();
    double s = 0.0, c = 0.0;
    for (int64_t tile = 0; tile < L.count; tile++) {
        gi_sum part;
        if (gi_cpu_tile_sum(&L, tile, cfg->stop, &part))
            return gi_error_set(err, GI_STATUS_INTERRUPTED,
                                "serial: integrate stopped at tile %lld of %lld", (long long)tile,
                                (long long)L.count);
        gi_sum_merge(&s, &c, part);
    }
    *value = gi_tiles_value(&L, s, c);
    t->kernel_time_s = gi_now() - start;
    t->transfer_time_s = 0.0;
    t->threads_used = 1;
    return GI_STATUS_OK;
}

const gi_backend_ops *gi_backend_serial(void)
{
    static const gi_backend_ops ops = {
        .abi_version = GI_BACKEND_ABI_VERSION,
        .name = "serial",
        .probe = serial_probe,
        .release = NULL,
        .describe = serial_describe,
        .integrate = serial_integrate,
        .dgemm = serial_dgemm,
    };
    return &ops;
}
