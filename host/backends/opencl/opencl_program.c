/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Building OpenCL C at run time. The compiler's log is what a user needs when a driver rejects a
 * kernel, so a failed build carries it in the message.
 */
#include "opencl_program.h"

#include <stdlib.h>
#include <string.h>

#include "opencl_errors.h"

/* Appends the device's build log to err, trimmed of surrounding blank lines. */
static void append_log(cl_program program, cl_device_id device, gi_error *err)
{
    size_t len = 0;
    if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, NULL, &len) != CL_SUCCESS ||
        len == 0)
        return;
    char *log = malloc(len + 1);
    if (!log)
        return;
    if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, len, log, NULL) ==
        CL_SUCCESS) {
        log[len] = '\0';
        char *start = log;
        while (*start == '\n' || *start == '\r' || *start == ' ')
            start++;
        size_t n = strlen(start);
        while (n > 0 && (start[n - 1] == '\n' || start[n - 1] == '\r' || start[n - 1] == ' '))
            start[--n] = '\0';
        if (n > 0)
            gi_error_append(err, ": build log: %s", start);
    }
    free(log);
}

gi_status opencl_program_build(cl_context context, cl_device_id device, const char *source,
                               size_t len, const char *options, const char *who, const char *what,
                               cl_program *out, gi_error *err)
{
    *out = NULL;
    cl_int rc;
    cl_program program = clCreateProgramWithSource(context, 1, &source, &len, &rc);
    if (rc != CL_SUCCESS)
        return opencl_fail(err, rc, "%s: clCreateProgramWithSource(%s)", who, what);
    rc = clBuildProgram(program, 1, &device, options, NULL, NULL);
    if (rc != CL_SUCCESS) {
        gi_status st = opencl_fail(err, rc, "%s: clBuildProgram(%s)", who, what);
        append_log(program, device, err);
        clReleaseProgram(program);
        return st;
    }
    *out = program;
    return GI_STATUS_OK;
}
