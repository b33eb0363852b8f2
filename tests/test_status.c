/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

Test(status, every_code_has_its_own_text)
{
    const gi_status codes[] = {GI_STATUS_OK,
                               GI_STATUS_MISUSE,
                               GI_STATUS_INVALID_ARGUMENT,
                               GI_STATUS_BAD_DEVICE_SPEC,
                               GI_STATUS_BACKEND_UNAVAILABLE,
                               GI_STATUS_DEVICE_NOT_FOUND,
                               GI_STATUS_NOT_SUPPORTED,
                               GI_STATUS_OUT_OF_MEMORY,
                               GI_STATUS_DEVICE_ERROR,
                               GI_STATUS_IO_ERROR,
                               GI_STATUS_INTERRUPTED,
                               GI_STATUS_DEVICE_LOST,
                               GI_STATUS_INTERNAL,
                               GI_STATUS_VERIFICATION_FAILED};
    size_t n = sizeof codes / sizeof codes[0];
    for (size_t i = 0; i < n; i++) {
        const char *s = gi_status_string(codes[i]);
        cr_assert_str_neq(s, "unknown status", "code %d has no text", codes[i]);
        for (size_t j = 0; j < i; j++)
            cr_assert_str_neq(s, gi_status_string(codes[j]), "codes %d and %d share a text",
                              codes[i], codes[j]);
    }
    cr_assert_str_eq(gi_status_string((gi_status)12345), "unknown status");
}

Test(status, values_are_stable)
{
    /* Scripts and bindings depend on these numbers: they must never change. */
    cr_assert_eq(GI_STATUS_OK, 0);
    cr_assert_eq(GI_STATUS_MISUSE, 100);
    cr_assert_eq(GI_STATUS_INVALID_ARGUMENT, 200);
    cr_assert_eq(GI_STATUS_BACKEND_UNAVAILABLE, 300);
    cr_assert_eq(GI_STATUS_DEVICE_ERROR, 401);
    cr_assert_eq(GI_STATUS_INTERRUPTED, 403);
    cr_assert_eq(GI_STATUS_DEVICE_LOST, 404);
    cr_assert_eq(GI_STATUS_VERIFICATION_FAILED, 500);
}

/* The one code a user cannot recover from inside the process: the text says what to do. */
Test(status, device_lost_says_the_device_must_be_reset)
{
    cr_assert_str_eq(gi_status_string(GI_STATUS_DEVICE_LOST),
                     "device lost: it must be reset before it can be used again (restart the "
                     "program)");
}

Test(status, version_matches_header)
{
    cr_assert_str_eq(gi_version_string(), GI_VERSION_STRING);
    /* The number orders versions and agrees with the string. */
    cr_assert_eq(gi_version_number(), GI_VERSION_NUMBER);
    char text[32];
    snprintf(text, sizeof text, "%d.%d.%d", gi_version_number() / 10000,
             gi_version_number() / 100 % 100, gi_version_number() % 100);
    cr_assert_str_eq(text, gi_version_string());
}
