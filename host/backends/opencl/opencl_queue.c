/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device's context and profiling queue, and the events of its commands: one in-order queue
 * per device, so that the commands of one call run one after the other and profiling times add
 * up to busy time.
 */
#include "opencl_queue.h"

#include "opencl_errors.h"

gi_status opencl_queue_open(opencl_device *d, gi_error *err)
{
    cl_int rc;
    if (!d->context) {
        cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)d->platform,
                                         0};
        d->context = clCreateContext(props, 1, &d->id, NULL, NULL, &rc);
        if (rc != CL_SUCCESS) {
            d->context = NULL;
            return opencl_fail(err, rc, "%s: clCreateContext", d->spec);
        }
    }
    if (!d->queue) {
        d->queue = clCreateCommandQueue(d->context, d->id, CL_QUEUE_PROFILING_ENABLE, &rc);
        if (rc != CL_SUCCESS) {
            d->queue = NULL;
            return opencl_fail(err, rc, "%s: clCreateCommandQueue(CL_QUEUE_PROFILING_ENABLE)",
                               d->spec);
        }
    }
    return GI_STATUS_OK;
}

gi_status opencl_event_wait(const opencl_device *d, cl_event ev, const char *what, gi_error *err)
{
    cl_int rc = clWaitForEvents(1, &ev);
    if (rc == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST) {
        cl_int status = 0;
        if (clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof status, &status, NULL) ==
                CL_SUCCESS &&
            status < 0)
            return opencl_fail(err, status, "%s: %s failed on the device", d->spec, what);
    }
    if (rc != CL_SUCCESS)
        return opencl_fail(err, rc, "%s: clWaitForEvents(%s)", d->spec, what);
    return GI_STATUS_OK;
}

static int profile(cl_event ev, cl_profiling_info what, cl_ulong *ns)
{
    return ev && clGetEventProfilingInfo(ev, what, sizeof *ns, ns, NULL) == CL_SUCCESS;
}

double opencl_event_seconds(cl_event ev)
{
    cl_ulong start, end;
    if (!profile(ev, CL_PROFILING_COMMAND_START, &start) ||
        !profile(ev, CL_PROFILING_COMMAND_END, &end) || end < start)
        return 0.0;
    return 1e-9 * (double)(end - start);
}

double opencl_events_span(cl_event before, cl_event after)
{
    cl_ulong from, to;
    if (!profile(before, CL_PROFILING_COMMAND_END, &from) ||
        !profile(after, CL_PROFILING_COMMAND_END, &to) || to < from)
        return 0.0;
    return 1e-9 * (double)(to - from);
}

void opencl_event_release(cl_event ev)
{
    if (ev)
        clReleaseEvent(ev);
}
