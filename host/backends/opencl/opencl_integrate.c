/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * integrate on an OpenCL device, as ranges of tiles. The kernel writes one compensated (s, c)
 * pair per tile; the caller combines them in tile order with gi_tiles_finish, so repeated runs
 * give the same bits and the device's work-group size does not enter the result (see
 * kernels/opencl/integrate.cl).
 */
#include "opencl_integrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opencl_errors.h"
#include "opencl_kernels.h"
#include "opencl_program.h"
#include "opencl_queue.h"

/* Cells per batch of tiles: ~0.1 s on two CPU cores, ~0.1 ms on a large GPU — short enough to
 * honour a stop request soon, long enough that launches cost nothing. */
#define BATCH_CELLS (INT64_C(1) << 25)

static size_t floor_pow2(size_t x)
{
    size_t p = 1;
    while (p <= x / 2)
        p *= 2;
    return p;
}

gi_status opencl_integrate_kernel_build(opencl_device *d, int vec, opencl_integrate_kernel *k,
                                        gi_error *err)
{
    memset(k, 0, sizeof *k);
    char options[128];
    snprintf(options, sizeof options, "-DGI_LANES=%d -DGI_VEC=%d", OPENCL_INTEGRATE_LANES, vec);
    gi_status st = opencl_program_build(d->context, d->id, (const char *)opencl_kernel_integrate,
                                        (size_t)opencl_kernel_integrate_len, options, d->spec,
                                        "kernels/opencl/integrate.cl", &k->program, err);
    if (st != GI_STATUS_OK)
        return st;
    cl_int rc;
    k->kernel = clCreateKernel(k->program, "gi_integrate_tiles", &rc);
    if (rc != CL_SUCCESS) {
        k->kernel = NULL;
        opencl_integrate_kernel_release(k);
        return opencl_fail(err, rc, "%s: clCreateKernel(gi_integrate_tiles)", d->spec);
    }
    size_t kernel_max = 0, item_max[3] = {0, 0, 0};
    rc = clGetKernelWorkGroupInfo(k->kernel, d->id, CL_KERNEL_WORK_GROUP_SIZE, sizeof kernel_max,
                                  &kernel_max, NULL);
    if (rc == CL_SUCCESS)
        rc = clGetDeviceInfo(d->id, CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof item_max, item_max, NULL);
    if (rc != CL_SUCCESS) {
        opencl_integrate_kernel_release(k);
        return opencl_fail(err, rc, "%s: clGetKernelWorkGroupInfo(CL_KERNEL_WORK_GROUP_SIZE)",
                           d->spec);
    }
    size_t limit = OPENCL_INTEGRATE_LANES / (size_t)vec;
    if (kernel_max < limit)
        limit = kernel_max;
    if (item_max[0] > 0 && item_max[0] < limit)
        limit = item_max[0];
    k->vec = vec;
    k->max_group = floor_pow2(limit > 0 ? limit : 1);
    return GI_STATUS_OK;
}

void opencl_integrate_kernel_release(opencl_integrate_kernel *k)
{
    if (k->kernel)
        clReleaseKernel(k->kernel);
    if (k->program)
        clReleaseProgram(k->program);
    memset(k, 0, sizeof *k);
}

/* Waits for every batch that was queued (the tile buffer must outlive them) and releases
 * their events. */
static void drain(cl_event *events, int64_t n)
{
    for (int64_t b = 0; b < n; b++) {
        if (events[b]) {
            clWaitForEvents(1, &events[b]);
            clReleaseEvent(events[b]);
        }
    }
}

static gi_status set_args(const opencl_device *d, cl_kernel kernel, const gi_tile_layout *L,
                          int64_t first, cl_mem out, gi_error *err)
{
    const cl_long ints[5] = {L->nx, L->ny, L->tile_nx, L->tile_ny, L->cols};
    const cl_double reals[4] = {L->x0, L->y0, L->hx, L->hy};
    const cl_long range_first = first;
    cl_int rc = CL_SUCCESS;
    cl_uint arg = 0;
    for (int i = 0; i < 5 && rc == CL_SUCCESS; i++)
        rc = clSetKernelArg(kernel, arg++, sizeof ints[i], &ints[i]);
    for (int i = 0; i < 4 && rc == CL_SUCCESS; i++)
        rc = clSetKernelArg(kernel, arg++, sizeof reals[i], &reals[i]);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(kernel, arg++, sizeof range_first, &range_first);
    arg++; /* tile_base (argument 10): set per batch */
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(kernel, arg, sizeof out, &out);
    if (rc != CL_SUCCESS)
        return opencl_fail(err, rc, "%s: clSetKernelArg(gi_integrate_tiles)", d->spec);
    return GI_STATUS_OK;
}

/* Queues the batches of the range, one ahead of the one waited for (which keeps the device
 * busy), checking *stop before each. events[b] is batch b's kernel. */
static gi_status run_batches(opencl_device *d, const opencl_integrate_kernel *k, size_t group,
                             const atomic_int *stop, int64_t first, int64_t count, int64_t batch,
                             cl_event *events, gi_error *err)
{
    const int64_t batches = gi_ceil_div(count, batch);
    for (int64_t b = 0; b < batches; b++) {
        if (atomic_load_explicit(stop, memory_order_relaxed))
            return gi_error_set(err, GI_STATUS_INTERRUPTED,
                                "%s: integrate stopped on request after %lld of %lld tiles",
                                d->spec, (long long)(b * batch), (long long)count);
        const cl_long base = first + b * batch;
        const int64_t n = count - b * batch < batch ? count - b * batch : batch;
        const size_t global = (size_t)n * group;
        cl_int rc = clSetKernelArg(k->kernel, 10, sizeof base, &base);
        if (rc == CL_SUCCESS)
            rc = clEnqueueNDRangeKernel(d->queue, k->kernel, 1, NULL, &global, &group, 0, NULL,
                                        &events[b]);
        if (rc == CL_SUCCESS)
            rc = clFlush(d->queue);
        if (rc != CL_SUCCESS)
            return opencl_fail(err, rc,
                               "%s: clEnqueueNDRangeKernel(gi_integrate_tiles, %lld x %zu)",
                               d->spec, (long long)n, group);
        if (b >= 1) {
            gi_status st = opencl_event_wait(d, events[b - 1], "gi_integrate_tiles", err);
            if (st != GI_STATUS_OK)
                return st;
        }
    }
    return opencl_event_wait(d, events[batches - 1], "gi_integrate_tiles", err);
}

gi_status opencl_integrate_tiles(opencl_device *d, const opencl_integrate_kernel *k, size_t group,
                                 const atomic_int *stop, const gi_tile_layout *L, int64_t first,
                                 int64_t count, gi_sum *out, gi_workload_timing *t, gi_error *err)
{
    const int64_t per_tile = L->tile_nx * L->tile_ny;
    int64_t batch = BATCH_CELLS / per_tile;
    batch = batch < 1 ? 1 : batch > count ? count : batch;
    const int64_t batches = gi_ceil_div(count, batch);
    const size_t bytes = (size_t)count * sizeof(gi_sum);

    cl_event *events = calloc((size_t)batches, sizeof *events);
    if (!events)
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                            "%s: integrate: out of host memory for %lld events", d->spec,
                            (long long)batches);
    cl_int rc;
    cl_mem buf = clCreateBuffer(d->context, CL_MEM_WRITE_ONLY, bytes, NULL, &rc);
    if (rc != CL_SUCCESS) {
        free(events);
        return opencl_fail(err, rc, "%s: clCreateBuffer(tile sums, %zu bytes)", d->spec, bytes);
    }

    gi_status st = set_args(d, k->kernel, L, first, buf, err);
    if (st == GI_STATUS_OK)
        st = run_batches(d, k, group, stop, first, count, batch, events, err);
    cl_event read = NULL;
    if (st == GI_STATUS_OK) {
        rc = clEnqueueReadBuffer(d->queue, buf, CL_TRUE, 0, bytes, out, 0, NULL, &read);
        if (rc != CL_SUCCESS)
            st = opencl_fail(err, rc, "%s: clEnqueueReadBuffer(tile sums, %zu bytes)", d->spec,
                             bytes);
    }
    if (st == GI_STATUS_OK) {
        double busy = 0.0;
        for (int64_t b = 0; b < batches; b++)
            busy += opencl_event_seconds(events[b]);
        t->kernel_time_s = busy;
        t->transfer_time_s = opencl_event_seconds(read);
        t->threads_used = 1;
    }
    drain(events, batches);
    opencl_event_release(read);
    clReleaseMemObject(buf);
    free(events);
    return st;
}

/* The device's natural double vector width, as a lane count the kernel accepts. */
static int natural_vec(const opencl_device *d)
{
    size_t w = d->native_double > 16 ? 16 : d->native_double;
    return (int)floor_pow2(w > 0 ? w : 1);
}

gi_status opencl_integrate_prepare(opencl_device *d, gi_error *err)
{
    gi_status st = opencl_queue_open(d, err);
    if (st != GI_STATUS_OK || d->integrate.kernel)
        return st;
    return opencl_integrate_kernel_build(d, natural_vec(d), &d->integrate, err);
}

gi_status opencl_integrate_range(opencl_device *d, const gi_run_config *cfg,
                                 const gi_tile_layout *L, int64_t first, int64_t count, gi_sum *out,
                                 gi_workload_timing *t, gi_error *err)
{
    gi_status st = opencl_integrate_prepare(d, err);
    if (st != GI_STATUS_OK)
        return st;
    return opencl_integrate_tiles(d, &d->integrate, d->integrate.max_group, cfg->stop, L, first,
                                  count, out, t, err);
}
