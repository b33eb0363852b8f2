/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * OpenCL and CLBlast status codes by name, and the messages built from them. No device needed.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "opencl_errors.h"

Test(opencl_errors, every_core_code_has_its_name)
{
    cr_assert_str_eq(opencl_error_name(CL_SUCCESS), "CL_SUCCESS");
    cr_assert_str_eq(opencl_error_name(CL_OUT_OF_RESOURCES), "CL_OUT_OF_RESOURCES");
    cr_assert_str_eq(opencl_error_name(CL_BUILD_PROGRAM_FAILURE), "CL_BUILD_PROGRAM_FAILURE");
    cr_assert_str_eq(opencl_error_name(CL_INVALID_WORK_GROUP_SIZE), "CL_INVALID_WORK_GROUP_SIZE");
    cr_assert_str_eq(opencl_error_name(-1001), "CL_PLATFORM_NOT_FOUND_KHR");
    cr_assert_str_eq(opencl_error_name(-72), "CL_MAX_SIZE_RESTRICTION_EXCEEDED");
    /* OpenCL 3.0 defines -1…-19 and -30…-72 without gaps. */
    for (int code = -1; code >= -72; code--) {
        if (code < -19 && code > -30)
            continue;
        const char *name = opencl_error_name(code);
        cr_assert(name && strncmp(name, "CL_", 3) == 0, "code %d has no name", code);
    }
    cr_assert_null(opencl_error_name(-25));
    cr_assert_null(opencl_error_name(12345));
}

Test(opencl_errors, clblast_codes_prefer_clblast_names)
{
    cr_assert_str_eq(opencl_clblast_status_name(-2050), "CLBlastInsufficientMemoryTemp");
    cr_assert_str_eq(opencl_clblast_status_name(-1017), "CLBlastInvalidDimension");
    cr_assert_str_eq(opencl_clblast_status_name(-5), "CL_OUT_OF_RESOURCES");
    cr_assert_null(opencl_clblast_status_name(-3000));
}

Test(opencl_errors, messages_name_call_and_code)
{
    gi_error err;
    cr_assert_eq(opencl_fail(&err, CL_INVALID_VALUE, "%s: clFoo(%d)", "opencl:0:1", 7),
                 GI_STATUS_DEVICE_ERROR);
    cr_assert_str_eq(err.msg, "opencl:0:1: clFoo(7): CL_INVALID_VALUE");
    cr_assert_eq(opencl_fail(&err, CL_MEM_OBJECT_ALLOCATION_FAILURE, "clCreateBuffer"),
                 GI_STATUS_OUT_OF_MEMORY);
    cr_assert_str_eq(err.msg, "clCreateBuffer: CL_MEM_OBJECT_ALLOCATION_FAILURE");
    cr_assert_eq(opencl_fail(&err, CL_OUT_OF_HOST_MEMORY, "x"), GI_STATUS_OUT_OF_MEMORY);
    opencl_fail(&err, -4242, "clBar");
    cr_assert_str_eq(err.msg, "clBar: unknown OpenCL error -4242");
    cr_assert_eq(opencl_fail(NULL, CL_INVALID_VALUE, "no message"), GI_STATUS_DEVICE_ERROR);
}
