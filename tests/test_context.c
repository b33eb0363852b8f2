/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

Test(context, create_and_destroy)
{
    gi_context *ctx = (gi_context *)1;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_not_null(ctx);
    cr_assert_str_eq(gi_last_error(ctx), "");
    gi_context_destroy(ctx);
    gi_context_destroy(NULL); /* documented no-op */
}

Test(context, null_arguments_are_misuse)
{
    cr_assert_eq(gi_context_create(NULL), GI_STATUS_MISUSE);
    cr_assert_str_eq(gi_last_error(NULL), "no context");
    cr_assert_eq(gi_context_select(NULL, "auto"), GI_STATUS_MISUSE);
    cr_assert_eq(gi_context_set_threads(NULL, 1), GI_STATUS_MISUSE);
    cr_assert_eq(gi_context_selected(NULL, NULL, NULL), GI_STATUS_MISUSE);
    cr_assert_eq(gi_device_count(NULL), 0);
    cr_assert_eq(gi_context_threads(NULL), 1);
    gi_device_info info;
    cr_assert_eq(gi_device_get(NULL, 0, &info), GI_STATUS_MISUSE);
    gi_timing t;
    cr_assert_eq(gi_last_timing(NULL, &t), GI_STATUS_MISUSE);
    gi_context_interrupt(NULL);
    gi_context_clear_interrupt(NULL);
}

Test(context, device_list_has_every_backend)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    int seen_serial = 0, seen_openmp = 0, seen_cuda = 0, seen_opencl = 0;
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        cr_assert_eq(gi_device_get(ctx, i, &d), GI_STATUS_OK);
        cr_assert(d.spec && d.backend && d.name && d.reason && d.vendor && d.detail);
        if (d.available)
            cr_assert_str_empty(d.reason, "%s is available but gives a reason", d.spec);
        else
            cr_assert_str_not_empty(d.reason, "%s is unavailable without a reason", d.spec);
        seen_serial += strcmp(d.backend, "serial") == 0;
        seen_openmp += strcmp(d.backend, "openmp") == 0;
        seen_cuda += strcmp(d.backend, "cuda") == 0;
        seen_opencl += strcmp(d.backend, "opencl") == 0;
        if (strcmp(d.backend, "serial") == 0) {
            cr_assert(d.available);
            cr_assert_eq(d.kind, GI_DEVICE_CPU);
            cr_assert_eq(d.fp64, 1);
            cr_assert_eq(d.compute_units, 1);
        }
    }
    cr_assert_eq(seen_serial, 1);
    cr_assert_eq(seen_openmp, 1);
    cr_assert_geq(seen_cuda, 1, "cuda must be listed, if only as unavailable");
    cr_assert_geq(seen_opencl, 1, "opencl must be listed, if only as unavailable");
    gi_device_info d;
    cr_assert_eq(gi_device_get(ctx, gi_device_count(ctx), &d), GI_STATUS_INVALID_ARGUMENT);
    cr_assert_null(d.spec, "an out-of-range entry must be zeroed");
    gi_context_destroy(ctx);
}

Test(context, threads_setting)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_geq(gi_context_threads(ctx), 1);
    cr_assert_eq(gi_context_set_threads(ctx, 3), GI_STATUS_OK);
    cr_assert_eq(gi_context_threads(ctx), 3);
    cr_assert_eq(gi_context_set_threads(ctx, -1), GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_last_error(ctx), "threads = -1"), "got: %s", gi_last_error(ctx));
    cr_assert_eq(gi_context_set_threads(ctx, GI_MAX_THREADS + 1), GI_STATUS_INVALID_ARGUMENT);
    cr_assert_eq(gi_context_threads(ctx), 3, "a rejected setting must not change it");
    cr_assert_eq(gi_context_set_threads(ctx, 0), GI_STATUS_OK);
    cr_assert_str_eq(gi_last_error(ctx), "", "success clears the last error");
    gi_context_destroy(ctx);
}

/* What a device maps in this process beside a workload's data comes from its backend (the
 * gemm command's address-space check adds it to the matrices): OpenBLAS's per-thread buffers for
 * openmp, PoCL's compiler and threads for an OpenCL CPU device, nothing for serial. */
Test(context, devices_say_what_they_map_beside_the_data)
{
    const uint64_t mib = 1 << 20;
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    int seen = 0;
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        cr_assert_eq(gi_device_get(ctx, i, &d), GI_STATUS_OK);
        if (d.index < 0)
            continue;
        if (strcmp(d.backend, "serial") == 0) {
            seen |= 1;
            cr_assert_eq(d.host_bytes + d.host_bytes_per_thread, 0);
            cr_assert_str_empty(d.host_bytes_what);
        } else if (strcmp(d.backend, "openmp") == 0) {
            seen |= 2;
            int openblas = strstr(d.detail, "dgemm: none") == NULL;
            cr_assert_eq(d.host_bytes, 0);
            cr_assert_eq(d.host_bytes_per_thread, openblas ? 128 * mib : 0, "%s", d.detail);
            cr_assert_str_eq(d.host_bytes_what,
                             openblas ? "OpenBLAS's buffers, 128 MiB per thread" : "");
        } else if (strcmp(d.backend, "opencl") == 0 && d.kind == GI_DEVICE_CPU) {
            cr_assert_eq(d.host_bytes, (512 + 128 * (uint64_t)d.compute_units) * mib, "%s", d.spec);
            cr_assert_eq(d.host_bytes_per_thread, 0);
            cr_assert_str_eq(d.host_bytes_what,
                             "the OpenCL CPU device's compiler and threads in this process");
        }
    }
    cr_assert_eq(seen & 3, 3, "serial and openmp listed");
    gi_context_destroy(ctx);
}
