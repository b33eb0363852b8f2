/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/opencl/opencl_program.h — building a program from OpenCL C source at run time.
 */
#ifndef GI_OPENCL_PROGRAM_H
#define GI_OPENCL_PROGRAM_H

#include <CL/cl.h>

#include "util/error.h"

/* Builds source (len bytes) for device in context with the given options. On success *out is
 * the program (the caller releases it with clReleaseProgram). On failure *out is NULL and err
 * reads "<who>: clBuildProgram(<what>): CL_BUILD_PROGRAM_FAILURE: build log: <the device's
 * log>", the log cut to what fits in a gi_error. who names the device ("opencl:0:0"), what the
 * program ("kernels/opencl/integrate.cl"). */
gi_status opencl_program_build(cl_context context, cl_device_id device, const char *source,
                               size_t len, const char *options, const char *who, const char *what,
                               cl_program *out, gi_error *err);

#endif /* GI_OPENCL_PROGRAM_H */
