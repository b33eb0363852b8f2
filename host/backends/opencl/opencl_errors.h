/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/opencl/opencl_errors.h — OpenCL and CLBlast status codes by name, and gi_error
 * messages that name the failing call: "opencl:0:0: clCreateBuffer (A, 8000 bytes):
 * CL_MEM_OBJECT_ALLOCATION_FAILURE".
 */
#ifndef GI_OPENCL_ERRORS_H
#define GI_OPENCL_ERRORS_H

#include <CL/cl.h>

#include "util/error.h"

/* The name of an OpenCL error code (core, KHR and vendor extensions), e.g. "CL_OUT_OF_RESOURCES";
 * NULL for a code no header defines. Static text. */
const char *opencl_error_name(cl_int code);

/* The name of a CLBlast status code: the OpenCL name where CLBlast reuses an OpenCL code, else
 * CLBlast's own ("CLBlastInsufficientMemoryTemp"); NULL when unknown. Static text. */
const char *opencl_clblast_status_name(int code);

/* The gi_status an OpenCL error stands for: running out of device or host memory is
 * GI_STATUS_OUT_OF_MEMORY, everything else GI_STATUS_DEVICE_ERROR. */
gi_status opencl_status_of(cl_int code);

/* Sets err to "<fmt …>: <NAME>" (or "unknown OpenCL error <code>") and returns
 * opencl_status_of(code). fmt names the device and the call, e.g. "%s: clFinish", spec. */
gi_status opencl_fail(gi_error *err, cl_int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* GI_OPENCL_ERRORS_H */
