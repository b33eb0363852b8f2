/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/opencl/opencl_queue.h — a device's context and profiling command queue, made on
 * first use, and waiting on and timing the commands put into it.
 */
#ifndef GI_OPENCL_QUEUE_H
#define GI_OPENCL_QUEUE_H

#include "opencl_devices.h"

/* Makes d->context and d->queue (in order, profiling enabled) unless they exist. They belong to
 * d and are released with the state. Returns GI_STATUS_OK or the failed call in err. */
gi_status opencl_queue_open(opencl_device *d, gi_error *err);

/* Waits for ev; a command that failed on the device is reported by its own status (e.g.
 * CL_OUT_OF_RESOURCES), not as CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST. what names the
 * command in the message. */
gi_status opencl_event_wait(const opencl_device *d, cl_event ev, const char *what, gi_error *err);

/* Device time from the start to the end of ev's command, in seconds; 0 if the driver has no
 * profiling data for it. ev must be complete. */
double opencl_event_seconds(cl_event ev);

/* Device time from the end of `before` to the end of `after`, in seconds (0 when unknown): the
 * busy time of everything an in-order queue ran between them. Both must be complete. */
double opencl_events_span(cl_event before, cl_event after);

/* Releases ev unless NULL. */
void opencl_event_release(cl_event ev);

#endif /* GI_OPENCL_QUEUE_H */
