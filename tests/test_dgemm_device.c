/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_dgemm_device where no backend computes on device memory (serial, openmp, opencl): the
 * same argument checks as gi_dgemm under its own name, the quick returns, and NOT_SUPPORTED
 * naming the backend, without touching the (here: host) arrays.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

static gi_context *ctx;
static double A[16], B[16], C[16];

static void setup(void)
{
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    for (int i = 0; i < 16; i++)
        C[i] = NAN;
}

static void teardown(void)
{
    gi_context_destroy(ctx);
}

TestSuite(dgemm_device, .init = setup, .fini = teardown);

Test(dgemm_device, host_backends_say_so)
{
    static const char *const devices[] = {"serial", "openmp", "opencl"};
    static const char *const messages[] = {
        "gi_dgemm_device: the serial backend (device serial) computes on host memory only; "
        "arrays in device memory need the cuda backend",
        "gi_dgemm_device: the openmp backend (device openmp) computes on host memory only; "
        "arrays in device memory need the cuda backend",
        "gi_dgemm_device: the opencl backend (device opencl:0:0) computes on host memory only; "
        "arrays in device memory need the cuda backend",
    };
    for (size_t i = 0; i < sizeof devices / sizeof *devices; i++) {
        if (gi_context_select(ctx, devices[i]) != GI_STATUS_OK)
            continue; /* a backend this build left out */
        cr_assert_eq(gi_dgemm_device(ctx, 'N', 'N', 2, 2, 2, 1.0, A, 2, B, 2, 0.0, C, 2, 0),
                     GI_STATUS_NOT_SUPPORTED, "%s", devices[i]);
        cr_assert_str_eq(gi_last_error(ctx), messages[i]);
        cr_assert(isnan(C[0]), "C was written on %s", devices[i]);
    }
}

Test(dgemm_device, arguments_are_checked_as_gi_dgemm_checks_them)
{
    cr_assert_eq(gi_context_select(ctx, "serial"), GI_STATUS_OK);
    cr_assert_eq(gi_dgemm_device(ctx, 'N', 'N', 3, 3, 3, 1.0, A, 2, B, 3, 0.0, C, 3, 0),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_assert_str_eq(gi_last_error(ctx),
                     "gi_dgemm_device: argument 8 (lda) = 2 must be >= max(1, m) = 3");
    cr_assert_eq(gi_last_error_argument(ctx), 8);
    cr_assert_eq(gi_dgemm_device(ctx, 'X', 'N', 3, 3, 3, 1.0, A, 3, B, 3, 0.0, C, 3, 0),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_assert_eq(gi_last_error_argument(ctx), 1);
    cr_assert_eq(gi_dgemm_device(ctx, 'N', 'N', 2, 2, 2, 1.0, NULL, 2, B, 2, 0.0, C, 2, 0),
                 GI_STATUS_MISUSE);
    cr_assert_str_eq(gi_last_error(ctx),
                     "gi_dgemm_device: argument 7 (A) is NULL but alpha = 1 and k = 2 need it");
    cr_assert_eq(gi_dgemm_device(NULL, 'N', 'N', 2, 2, 2, 1.0, A, 2, B, 2, 0.0, C, 2, 0),
                 GI_STATUS_MISUSE);
}

Test(dgemm_device, quick_returns_need_no_device_memory)
{
    cr_assert_eq(gi_context_select(ctx, "serial"), GI_STATUS_OK);
    cr_assert_eq(gi_dgemm_device(ctx, 'N', 'N', 0, 2, 2, 1.0, NULL, 1, NULL, 2, 0.0, NULL, 1, 0),
                 GI_STATUS_OK);
    cr_assert_eq(gi_dgemm_device(ctx, 'T', 'N', 2, 2, 2, 0.0, NULL, 2, NULL, 2, 1.0, C, 2, 7),
                 GI_STATUS_OK);
    cr_assert(isnan(C[0]));
}
