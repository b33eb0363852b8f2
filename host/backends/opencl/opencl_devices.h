/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/opencl/opencl_devices.h — the backend's state: every device of every OpenCL
 * platform, its facts, and the run-time objects made for it on first use.
 *
 * Ownership: opencl_devices_probe makes the state; opencl_devices_release frees it with every
 * OpenCL object any file of the backend attached to a device. Not thread-safe (the core uses a
 * context, and so this state, from one thread at a time).
 */
#ifndef GI_OPENCL_DEVICES_H
#define GI_OPENCL_DEVICES_H

#include <CL/cl.h>

#include "core/backend.h"

/* How an integrate kernel lays a tile's columns on its work-items (opencl_integrate.c). */
typedef struct opencl_integrate_shape {
    int vec;  /* lanes per work-item, 1, 2, 4, 8 or 16: GI_VEC or GI_SN_N of the kernel */
    int regs; /* the gi kernel's registers of vec lanes per row of a work-item's block (GI_REGS):
               * 1, 2, 4, 8 or 16 with vec·regs ≤ OPENCL_INTEGRATE_LANES; 1 for the libm one */
    int parts_only; /* the gi kernel: nonzero keeps gi_fix_split's parts where the device's
                     * compiler could round to integers directly (GI_PARTS_ONLY, for tests) */
} opencl_integrate_shape;

/* The integrate kernel as built for one device (opencl_integrate.c). */
typedef struct opencl_integrate_kernel {
    cl_program program;
    cl_kernel kernel;
    int sine;                     /* GI_TILE_SINE_*: integrate.cl or integrate_fixed.cl */
    opencl_integrate_shape shape; /* what it was built for */
    size_t max_group;             /* largest work-group this kernel may use: a power of two */
} opencl_integrate_kernel;

typedef struct opencl_device {
    cl_platform_id platform;
    cl_device_id id;
    char spec[32];          /* "opencl:P:D", the start of every message about it */
    gi_backend_device info; /* what describe reports (available, reason, facts) */
    cl_ulong max_alloc;     /* CL_DEVICE_MAX_MEM_ALLOC_SIZE */
    cl_uint native_double;  /* CL_DEVICE_NATIVE_VECTOR_WIDTH_DOUBLE */

    /* Made on first use, released with the state; NULL/0 until then. */
    cl_context context;
    cl_command_queue queue;               /* in order, with CL_QUEUE_PROFILING_ENABLE */
    opencl_integrate_kernel integrate[2]; /* [0]: the libm sine's, [1]: the gi sine's */
    struct opencl_rule_kernel *rules;     /* the user's integrands built here (opencl_rule.c) */
    int used_clblast; /* CLBlast holds programs for this context (cleared on release) */
} opencl_device;

typedef struct opencl_state {
    opencl_device *devices;
    int count;
} opencl_state;

/* Lists every device of every platform into a new *state. Returns the device count; 0 with
 * why filled ("no OpenCL platform: clGetPlatformIDs: CL_PLATFORM_NOT_FOUND_KHR") when there
 * is none, and then *state may still be non-NULL (release it). A device whose facts cannot be
 * read, or that lacks fp64 or a compiler, is listed unavailable with the reason. */
int opencl_devices_probe(opencl_state **state, gi_error *why);

/* Frees the state and every OpenCL object made for its devices (in a process forked after
 * devices were listed: the memory only, the driver's objects being the parent's). NULL does
 * nothing. */
void opencl_devices_release(opencl_state *state);

/* GI_STATUS_OK, or GI_STATUS_BACKEND_UNAVAILABLE with the reason in a process forked after this
 * one's parent listed OpenCL devices: the drivers' threads do not survive fork, and their state
 * hangs or fails there. Every entry of the backend checks it. Thread-safe. */
gi_status opencl_fork_check(gi_error *err);

#endif /* GI_OPENCL_DEVICES_H */
