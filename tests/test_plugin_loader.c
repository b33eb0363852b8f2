/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The plugin loader's failure paths: each one leaves the backend unavailable with a reason and
 * the rest of gpuinteg working.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "core/backend.h"

static const char *reason_of(gi_context *ctx, const char *backend)
{
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        gi_device_get(ctx, i, &d);
        if (strcmp(d.backend, backend) == 0 && !d.available)
            return d.reason;
    }
    return NULL;
}

Test(plugin_loader, wrong_abi_is_refused)
{
    const char *dir = getenv("GI_TEST_BAD_ABI_DIR");
    cr_assert(dir);
    setenv("GPUINTEG_PLUGIN_PATH", dir, 1);
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    const char *why = reason_of(ctx, "cuda");
    /* The broken plugin reports this library's ABI version plus 41. */
    char expected[80];
    snprintf(expected, sizeof expected, "has plugin ABI %d, this libgpuinteg needs %d",
             GI_BACKEND_ABI_VERSION + 41, GI_BACKEND_ABI_VERSION);
    cr_assert(why && strstr(why, expected), "got '%s'", why);
    cr_assert_eq(gi_context_select(ctx, "cuda"), GI_STATUS_BACKEND_UNAVAILABLE);
    cr_assert_eq(gi_context_select(ctx, "auto"), GI_STATUS_OK, "auto still finds a CPU backend");
    gi_context_destroy(ctx);
}

Test(plugin_loader, not_a_shared_object)
{
    char dir[] = "/tmp/gi-plugins-XXXXXX";
    cr_assert(mkdtemp(dir));
    char path[512];
    snprintf(path, sizeof path, "%s/gpuinteg-opencl.so", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs("not an ELF file\n", f);
    fclose(f);
    setenv("GPUINTEG_PLUGIN_PATH", dir, 1);
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    const char *why = reason_of(ctx, "opencl");
    cr_assert(why && strstr(why, "cannot load") && strstr(why, path), "got '%s'", why);
    gi_context_destroy(ctx);
    unlink(path);
    rmdir(dir);
}

Test(plugin_loader, missing_folder)
{
    setenv("GPUINTEG_PLUGIN_PATH", "/nonexistent/a:/nonexistent/b", 1);
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    const char *why = reason_of(ctx, "opencl");
    cr_assert(why, "opencl must be listed as unavailable");
    cr_assert(strstr(why, "not found in /nonexistent/a:/nonexistent/b") ||
                  strstr(why, "not built in this gpuinteg"),
              "got '%s'", why);
    gi_context_destroy(ctx);
}

/* Right ABI number, wrong table: each refusal names what is wrong. */
static void expect_refused(const char *defect, const char *text)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/bad_ops_%s", getenv("GI_TEST_BAD_OPS_DIR"), defect);
    setenv("GPUINTEG_PLUGIN_PATH", dir, 1);
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    const char *why = reason_of(ctx, "cuda");
    cr_assert(why && strstr(why, text), "%s: got '%s', want '%s'", defect, why, text);
    cr_assert_eq(gi_context_select(ctx, "cuda"), GI_STATUS_BACKEND_UNAVAILABLE);
    cr_assert(strstr(gi_last_error(ctx), text), "%s", gi_last_error(ctx));
    gi_context_destroy(ctx);
}

Test(plugin_loader, a_table_from_smaller_headers_is_refused)
{
    expect_refused("size", "its ops table has");
}

Test(plugin_loader, a_missing_required_member_is_named)
{
    expect_refused("no_help", "required member 'help' of its ops table is NULL");
    expect_refused("no_integrate", "required member 'integrate_tiles' of its ops table is NULL");
}
