/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Building OpenCL C at run time: a compiler error comes back with the device's build log.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "opencl_pick.h"
#include "opencl_program.h"

Test(opencl_program, build_failure_carries_the_build_log)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    static const char bad[] = "__kernel void broken(__global double *out)\n"
                              "{\n"
                              "    out[0] = gi_no_such_variable;\n"
                              "}\n";
    cl_program program = (cl_program)1;
    gi_error err = {{0}};
    gi_status st = opencl_program_build(d->context, d->id, bad, strlen(bad), "", d->spec,
                                        "broken.cl", &program, &err);
    cr_assert_eq(st, GI_STATUS_DEVICE_ERROR, "%s", err.msg);
    cr_assert_null(program);
    char want[128];
    snprintf(want, sizeof want,
             "%s: clBuildProgram(broken.cl): CL_BUILD_PROGRAM_FAILURE: build log: ", d->spec);
    cr_assert(strncmp(err.msg, want, strlen(want)) == 0, "'%s' does not start with '%s'", err.msg,
              want);
    /* Every OpenCL C compiler names the undeclared identifier. */
    cr_assert(strstr(err.msg + strlen(want), "gi_no_such_variable"), "log: %s", err.msg);
    opencl_devices_release(s);
}

Test(opencl_program, valid_source_builds)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    static const char good[] = "__kernel void fine(__global int *out) { out[0] = 1; }\n";
    cl_program program = NULL;
    gi_error err = {{0}};
    cr_assert_eq(opencl_program_build(d->context, d->id, good, strlen(good), "-DX=1", d->spec,
                                      "fine.cl", &program, &err),
                 GI_STATUS_OK, "%s", err.msg);
    cr_assert_not_null(program);
    clReleaseProgram(program);
    opencl_devices_release(s);
}

Test(opencl_program, bad_options_are_reported_by_name)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    static const char good[] = "__kernel void fine(__global int *out) { out[0] = 1; }\n";
    cl_program program = NULL;
    gi_error err = {{0}};
    gi_status st = opencl_program_build(d->context, d->id, good, strlen(good),
                                        "-no-such-option-here", d->spec, "fine.cl", &program, &err);
    cr_assert_eq(st, GI_STATUS_DEVICE_ERROR);
    /* The specification's code for this is CL_INVALID_BUILD_OPTIONS; some compilers report a
     * failed build instead. Either way the call and the code's name are in the message. */
    cr_assert(strstr(err.msg, "clBuildProgram(fine.cl): CL_INVALID_BUILD_OPTIONS") ||
                  strstr(err.msg, "clBuildProgram(fine.cl): CL_BUILD_PROGRAM_FAILURE"),
              "%s", err.msg);
    opencl_devices_release(s);
}
