/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "opencl_pick.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "opencl_queue.h"

const char *gi_test_opencl_spec(void)
{
    static char spec[64];
    const char *env = getenv("GI_TEST_OPENCL_DEVICE");
    if (env && *env) {
        snprintf(spec, sizeof spec, "%s", env);
        return spec;
    }
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    char reasons[2048] = "";
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        gi_device_get(ctx, i, &d);
        if (strcmp(d.backend, "opencl") != 0)
            continue;
        if (d.available) {
            snprintf(spec, sizeof spec, "%s", d.spec);
            gi_context_destroy(ctx);
            return spec;
        }
        size_t used = strlen(reasons);
        snprintf(reasons + used, sizeof reasons - used, "%s: %s; ", d.spec, d.reason);
    }
    gi_context_destroy(ctx);
    cr_assert_fail("no available OpenCL device for the opencl tests (%s)", reasons);
    return NULL;
}

opencl_device *gi_test_opencl_device(opencl_state **state)
{
    const char *spec = gi_test_opencl_spec();
    gi_error why = {{0}};
    int n = opencl_devices_probe(state, &why);
    cr_assert_gt(n, 0, "%s", why.msg);
    for (int i = 0; i < n; i++) {
        opencl_device *d = &(*state)->devices[i];
        if (strcmp(d->spec, spec) == 0) {
            gi_error err = {{0}};
            cr_assert_eq(opencl_queue_open(d, &err), GI_STATUS_OK, "%s", err.msg);
            return d;
        }
    }
    cr_assert_fail("%s not found by the backend's probe", spec);
    return NULL;
}
