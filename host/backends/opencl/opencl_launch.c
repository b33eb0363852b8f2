/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "opencl_launch.h"

#include <stdlib.h>

#include "util/tiles.h"
#include "opencl_errors.h"
#include "opencl_queue.h"

#define BATCH_POINTS (INT64_C(1) << 25)

size_t opencl_floor_pow2(size_t x)
{
    size_t p = 1;
    while (p <= x / 2)
        p *= 2;
    return p;
}

gi_status opencl_kernel_max_group(const opencl_device *d, cl_kernel kernel, const char *name,
                                  size_t lanes, size_t *max_group, gi_error *err)
{
    size_t kernel_max = 0, item_max[3] = {0, 0, 0};
    cl_int rc = clGetKernelWorkGroupInfo(kernel, d->id, CL_KERNEL_WORK_GROUP_SIZE,
                                         sizeof kernel_max, &kernel_max, NULL);
    if (rc == CL_SUCCESS)
        rc = clGetDeviceInfo(d->id, CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof item_max, item_max, NULL);
    if (rc != CL_SUCCESS)
        return opencl_fail(err, rc, "%s: clGetKernelWorkGroupInfo(%s, CL_KERNEL_WORK_GROUP_SIZE)",
                           d->spec, name);
    size_t limit = lanes;
    if (kernel_max < limit)
        limit = kernel_max;
    if (item_max[0] > 0 && item_max[0] < limit)
        limit = item_max[0];
    *max_group = opencl_floor_pow2(limit > 0 ? limit : 1);
    return GI_STATUS_OK;
}

/* Queues the batches, checking *stop before each. events[b] is batch b's kernel. */
static gi_status run_batches(opencl_device *d, cl_kernel kernel, const char *name, cl_uint base_arg,
                             size_t group, const atomic_int *stop, int64_t first, int64_t count,
                             int64_t batch, cl_event *events, gi_error *err)
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
        cl_int rc = clSetKernelArg(kernel, base_arg, sizeof base, &base);
        if (rc == CL_SUCCESS)
            rc = clEnqueueNDRangeKernel(d->queue, kernel, 1, NULL, &global, &group, 0, NULL,
                                        &events[b]);
        if (rc == CL_SUCCESS)
            rc = clFlush(d->queue);
        if (rc != CL_SUCCESS)
            return opencl_fail(err, rc, "%s: clEnqueueNDRangeKernel(%s, %lld x %zu)", d->spec, name,
                               (long long)n, group);
        if (b >= 1) {
            gi_status st = opencl_event_wait(d, events[b - 1], name, err);
            if (st != GI_STATUS_OK)
                return st;
        }
    }
    return opencl_event_wait(d, events[batches - 1], name, err);
}

gi_status opencl_tiles_run(opencl_device *d, cl_kernel kernel, const char *name, cl_uint base_arg,
                           size_t group, const atomic_int *stop, int64_t first, int64_t count,
                           int64_t per_tile, cl_mem buf, void *out, gi_workload_timing *t,
                           gi_error *err)
{
    int64_t batch = BATCH_POINTS / (per_tile > 0 ? per_tile : 1);
    batch = batch < 1 ? 1 : batch > count ? count : batch;
    const int64_t batches = gi_ceil_div(count, batch);
    const size_t bytes = (size_t)count * 16;
    cl_event *events = calloc((size_t)batches, sizeof *events);
    if (!events)
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                            "%s: integrate: out of host memory for %lld events", d->spec,
                            (long long)batches);
    gi_status st =
        run_batches(d, kernel, name, base_arg, group, stop, first, count, batch, events, err);
    cl_event read = NULL;
    if (st == GI_STATUS_OK) {
        cl_int rc = clEnqueueReadBuffer(d->queue, buf, CL_TRUE, 0, bytes, out, 0, NULL, &read);
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
    /* Every queued batch is waited for (the buffer must outlive them) before its release. */
    for (int64_t b = 0; b < batches; b++)
        if (events[b]) {
            clWaitForEvents(1, &events[b]);
            clReleaseEvent(events[b]);
        }
    opencl_event_release(read);
    free(events);
    return st;
}
