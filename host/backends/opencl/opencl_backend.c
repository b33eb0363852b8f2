/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The opencl backend: its ops table and the plugin entry. Devices are found in opencl_devices.c,
 * integrate's tile ranges run in opencl_integrate.c, dgemm in opencl_dgemm.c (CLBlast).
 */
#include "core/backend.h"
#include "opencl_devices.h"
#include "opencl_version.h"
#include "opencl_integrate.h"
#include "opencl_rule.h"
#ifdef GI_OPENCL_CLBLAST
#include "opencl_dgemm.h"
#endif

static int opencl_probe(void **state, gi_error *why)
{
    opencl_state *s = NULL;
    int n = opencl_devices_probe(&s, why);
    *state = s;
    return n;
}

static void opencl_release(void *state)
{
#ifdef GI_OPENCL_CLBLAST
    gi_error ignored;
    if (opencl_fork_check(&ignored) == GI_STATUS_OK) /* CLBlast's cache holds the parent's */
        opencl_dgemm_forget(state);
#endif
    opencl_devices_release(state);
}

static gi_status opencl_describe(void *state, int device, gi_backend_device *out, gi_error *err)
{
    (void)err;
    *out = ((opencl_state *)state)->devices[device].info;
    return GI_STATUS_OK;
}

/* The device's context and queue, and for the workloads asked for: the integrate program, and
 * CLBlast's gemm kernels (their builds are most of a first call). */
static gi_status opencl_prepare(void *state, int device, const gi_run_config *cfg,
                                unsigned workloads, gi_error *err)
{
    opencl_device *d = &((opencl_state *)state)->devices[device];
    gi_status st = opencl_fork_check(err);
    if (st == GI_STATUS_OK && (workloads & GI_WORKLOAD_INTEGRATE))
        st = opencl_integrate_prepare(d, err);
#ifdef GI_OPENCL_CLBLAST
    if (st == GI_STATUS_OK && (workloads & GI_WORKLOAD_DGEMM))
        st = opencl_dgemm_prepare(d, cfg, err);
#else
    (void)cfg;
#endif
    return st;
}

static gi_status opencl_integrate_tiles_member(void *state, int device, const gi_run_config *cfg,
                                               const gi_tile_layout *L, int64_t first,
                                               int64_t count, gi_sum *out, gi_workload_timing *t,
                                               gi_error *err)
{
    gi_status st = opencl_fork_check(err);
    return st != GI_STATUS_OK ? st
                              : opencl_integrate_range(&((opencl_state *)state)->devices[device],
                                                       cfg, L, first, count, out, t, err);
}

static gi_status opencl_integrate_rule_tiles_member(void *state, int device,
                                                    const gi_run_config *cfg,
                                                    const gi_integrand_desc *f,
                                                    const gi_rule_layout *R, int64_t first,
                                                    int64_t count, gi_sum *out,
                                                    gi_workload_timing *t, gi_error *err)
{
    gi_status st = opencl_fork_check(err);
    return st != GI_STATUS_OK ? st
                              : opencl_rule_range(&((opencl_state *)state)->devices[device], cfg, f,
                                                  R, first, count, out, t, err);
}

#ifdef GI_OPENCL_CLBLAST
static gi_status opencl_dgemm_member(void *state, int device, const gi_run_config *cfg,
                                     const gi_dgemm_args *a, gi_workload_timing *t, gi_error *err)
{
    gi_status st = opencl_fork_check(err);
    return st != GI_STATUS_OK
               ? st
               : opencl_dgemm(&((opencl_state *)state)->devices[device], cfg, a, t, err);
}
#endif

static const gi_backend_ops *opencl_ops(void)
{
    static const gi_backend_ops ops = {
        .abi_version = GI_BACKEND_ABI_VERSION,
        .size = sizeof(gi_backend_ops),
        .name = "opencl",
        .help = "OpenCL platform P (default 0), device D (default 0); CLBlast for gemm",
        .address = "[:P[:D]]",
        .address_len = 2,
        .flags = GI_BACKEND_AUTO_GPU_ONLY | GI_BACKEND_GI_SINE,
        .probe = opencl_probe,
        .release = opencl_release,
        .describe = opencl_describe,
        .prepare = opencl_prepare,
#ifdef GI_OPENCL_CLBLAST
        .dgemm = opencl_dgemm_member,
#else
        .dgemm = NULL, /* built without CLBlast */
#endif
        .integrate_tiles = opencl_integrate_tiles_member,
        .integrate_rule_tiles = opencl_integrate_rule_tiles_member,
        .version = opencl_version,
    };
    return &ops;
}

GI_BACKEND_PLUGIN(opencl_ops)
