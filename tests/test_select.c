/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <stdio.h>

#include <gpuinteg/gpuinteg.h>

static gi_context *ctx;

static void setup(void)
{
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
}

static void teardown(void)
{
    gi_context_destroy(ctx);
}

TestSuite(select, .init = setup, .fini = teardown);

static void expect(const char *spec, gi_status want, const char *text)
{
    gi_status st = gi_context_select(ctx, spec);
    cr_assert_eq(st, want, "select(\"%s\") = %d (%s), want %d", spec, st, gi_last_error(ctx), want);
    if (text)
        cr_assert(strstr(gi_last_error(ctx), text), "select(\"%s\"): message '%s' lacks '%s'", spec,
                  gi_last_error(ctx), text);
}

Test(select, explicit_cpu_backends)
{
    gi_device_info d;
    const char *why;
    expect("serial", GI_STATUS_OK, NULL);
    cr_assert_eq(gi_context_selected(ctx, &d, &why), GI_STATUS_OK);
    cr_assert_str_eq(d.spec, "serial");
    cr_assert_str_eq(d.backend, "serial");
    cr_assert_str_eq(why, "requested");
    expect("openmp", GI_STATUS_OK, NULL);
    cr_assert_eq(gi_context_selected(ctx, &d, NULL), GI_STATUS_OK);
    cr_assert_str_eq(d.backend, "openmp");
}

Test(select, auto_says_which_and_why)
{
    gi_device_info d;
    const char *why;
    expect("auto", GI_STATUS_OK, NULL);
    cr_assert_eq(gi_context_selected(ctx, &d, &why), GI_STATUS_OK);
    cr_assert(strncmp(why, "auto: ", 6) == 0, "why = '%s'", why);
    /* auto never takes a CPU OpenCL device, and prefers any GPU to the CPU backends. */
    if (strcmp(d.backend, "opencl") == 0 || strcmp(d.backend, "cuda") == 0)
        cr_assert_eq(d.kind, GI_DEVICE_GPU);
    else
        cr_assert_str_eq(d.backend, "openmp", "auto chose %s", d.spec);
}

Test(select, bad_specs)
{
    expect("fpga", GI_STATUS_BAD_DEVICE_SPEC, "device 'fpga' is not known; allowed: auto");
    expect("", GI_STATUS_BAD_DEVICE_SPEC, "is not known");
    expect("openmp:7", GI_STATUS_BAD_DEVICE_SPEC, "openmp takes no index");
    expect("serial:0", GI_STATUS_BAD_DEVICE_SPEC, "serial takes no index");
    expect("opencl:x", GI_STATUS_BAD_DEVICE_SPEC, "'x' is not an index");
    expect("opencl:0:0:0", GI_STATUS_BAD_DEVICE_SPEC, "fewer indices");
    expect("cuda:-1", GI_STATUS_BAD_DEVICE_SPEC, "'-1' is not an index");
    expect("cuda:", GI_STATUS_BAD_DEVICE_SPEC, "is not an index");
    expect("OPENMP", GI_STATUS_BAD_DEVICE_SPEC, "is not known");
}

Test(select, failed_select_keeps_previous)
{
    gi_device_info d;
    expect("serial", GI_STATUS_OK, NULL);
    expect("fpga", GI_STATUS_BAD_DEVICE_SPEC, NULL);
    cr_assert_eq(gi_context_selected(ctx, &d, NULL), GI_STATUS_OK);
    cr_assert_str_eq(d.spec, "serial");
}

Test(select, unavailable_backend_names_reason)
{
    /* Whatever this machine has, a backend with no devices is unavailable with its reason, and
     * a device index past the end is "not found" with the list. */
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        gi_device_get(ctx, i, &d);
        if (!d.available && d.index < 0) {
            expect(d.backend, GI_STATUS_BACKEND_UNAVAILABLE, d.reason);
            cr_assert(strstr(gi_last_error(ctx), "is unavailable"));
        }
    }
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        gi_device_get(ctx, i, &d);
        if (strcmp(d.backend, "opencl") == 0 && d.index >= 0)
            expect("opencl:999", GI_STATUS_DEVICE_NOT_FOUND, "opencl has");
        if (strcmp(d.backend, "cuda") == 0 && d.index >= 0)
            expect("cuda:999", GI_STATUS_DEVICE_NOT_FOUND, "cuda has");
    }
}

Test(select, auto_cuts_a_long_reason_at_a_word)
{
    /* A cuda plugin that cannot be loaded, in a folder whose name is a row of words: its reason
     * ("cannot load <path>: <path>: invalid ELF header") is longer than auto's room for it,
     * whether or not this build has the cuda backend. Before, it was cut at 100 bytes,
     * mid-word ("…for CUDA runtim;"). */
    char dir[512] = "/tmp/gi-cut-XXXXXX";
    cr_assert(mkdtemp(dir));
    char top[sizeof dir];
    snprintf(top, sizeof top, "%s", dir);
    strcat(dir, "/");
    for (int i = 0; i < 30; i++)
        strcat(dir, "words ");
    cr_assert_eq(mkdir(dir, 0700), 0);
    char plugin[600];
    snprintf(plugin, sizeof plugin, "%s/gpuinteg-cuda.so", dir);
    FILE *f = fopen(plugin, "w");
    cr_assert(f);
    fputs("not an ELF file\n", f);
    fclose(f);
    setenv("GPUINTEG_PLUGIN_PATH", dir, 1);
    gi_context *c;
    cr_assert_eq(gi_context_create(&c), GI_STATUS_OK);
    const char *why;
    cr_assert_eq(gi_context_selected(c, NULL, &why), GI_STATUS_OK);
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", why);
    gi_context_destroy(c);
    unsetenv("GPUINTEG_PLUGIN_PATH");
    unlink(plugin);
    rmdir(dir);
    rmdir(top);

    const char *cuda = strstr(copy, "cuda: cannot load ");
    cr_assert(cuda, "%s", copy);
    const char *end = strstr(cuda, ";");
    cr_assert(end, "%s", copy);
    /* The reason ends in a whole word and the ellipsis. */
    cr_assert(end - cuda > 8 && strncmp(end - 8, "words…", 8) == 0, "cut mid-word: '%.*s'",
              (int)(end - cuda), cuda);
}
