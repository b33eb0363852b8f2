/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A program outside the project that uses an installed libgpuinteg: built by
 * tests/install/consumer_test.sh through pkg-config and through find_package(gpuinteg), then run
 * without LD_LIBRARY_PATH. Prints "consumer <library version> <backend> <error>" and exits 0 when
 * the integral is right, 1 otherwise.
 */
#include <stdio.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

int main(void)
{
    gi_context *ctx;
    if (gi_context_create(&ctx) != GI_STATUS_OK) {
        fputs("consumer: gi_context_create failed\n", stderr);
        return 1;
    }
    int rc = 1;
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    p.nx = p.ny = 500;
    gi_integrate_result r;
    if (gi_context_select(ctx, "serial") != GI_STATUS_OK ||
        gi_integrate(ctx, &p, &r) != GI_STATUS_OK) {
        fprintf(stderr, "consumer: %s\n", gi_last_error(ctx));
    } else if (strcmp(gi_version_string(), GI_VERSION_STRING) != 0) {
        fprintf(stderr, "consumer: header %s, library %s\n", GI_VERSION_STRING,
                gi_version_string());
    } else {
        /* The midpoint sum is exactly 0 in exact arithmetic; 2.5e5 compensated terms of size ≤ 1
         * leave a few ulp, far below 1e-12. */
        printf("consumer %s %s %.3g\n", gi_version_string(), r.backend, r.error);
        rc = r.error < 1e-12 ? 0 : 1;
    }
    gi_context_destroy(ctx);
    return rc;
}
