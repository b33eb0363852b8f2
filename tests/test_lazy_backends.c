/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Backends are opened when needed: an explicit device opens only its backend, "auto" its
 * candidates until one is usable, the device list every one. prepare is done once, timed
 * apart from the workloads. Seen from inside the process: /proc/self/maps lists the plugins
 * that are loaded.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

/* 1 if a mapping of this process has `needle` in its path. */
static int mapped(const char *needle)
{
    FILE *f = fopen("/proc/self/maps", "r");
    cr_assert(f);
    char line[4096];
    int found = 0;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, needle) != NULL;
    fclose(f);
    return found;
}

static void use_fake_gpu(void)
{
    const char *dir = getenv("GI_TEST_FAKE_GPU_DIR");
    cr_assert(dir);
    setenv("GPUINTEG_PLUGIN_PATH", dir, 1);
}

Test(lazy_backends, an_explicit_cpu_device_loads_no_plugin)
{
    /* The build's own plugin folder (cuda, opencl), as a user's run would have it. */
    unsetenv("GPUINTEG_PLUGIN_PATH");
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_not(mapped("gpuinteg-"), "creating a context loaded a plugin");
    cr_assert_eq(gi_context_select(ctx, "serial"), GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    p.nx = p.ny = 10;
    gi_integrate_result r;
    cr_assert_eq(gi_integrate(ctx, &p, &r), GI_STATUS_OK);
    cr_assert_not(mapped("gpuinteg-cuda.so"), "--device serial loaded the cuda plugin");
    cr_assert_not(mapped("gpuinteg-opencl.so"), "--device serial loaded the opencl plugin");
    /* Nor OpenBLAS, whose pthreads flavour starts a thread per CPU when loaded: the openmp
     * backend opens it on first use. */
    cr_assert_not(mapped("libopenblas"), "--device serial loaded OpenBLAS");
    /* The device list needs every backend. */
    cr_assert_gt(gi_device_count(ctx), 2);
    gi_context_destroy(ctx);
}

Test(lazy_backends, an_explicit_plugin_is_the_only_one_loaded)
{
    use_fake_gpu();
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, "cuda:0"), GI_STATUS_OK, "%s", gi_last_error(ctx));
    cr_assert(mapped("fake_gpu_corrupt/gpuinteg-cuda.so"));
    cr_assert_not(mapped("gpuinteg-opencl.so"));
    gi_context_destroy(ctx);
}

Test(lazy_backends, auto_stops_at_the_first_usable_backend)
{
    use_fake_gpu();
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    gi_device_info d;
    const char *why;
    cr_assert_eq(gi_context_selected(ctx, &d, &why), GI_STATUS_OK, "%s", gi_last_error(ctx));
    cr_assert_str_eq(d.spec, "cuda:0", "auto chose %s: %s", d.spec, why);
    cr_assert_str_eq(why, "auto: cuda:0 (Fake GPU 0 (test plugin)) is the first available GPU");
    gi_context_destroy(ctx);
}

Test(lazy_backends, device_strings_survive_opening_the_others)
{
    /* A selection made before the list is complete keeps its strings valid. */
    use_fake_gpu();
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, "cuda"), GI_STATUS_OK);
    gi_device_info d;
    cr_assert_eq(gi_context_selected(ctx, &d, NULL), GI_STATUS_OK);
    const char *spec = d.spec, *name = d.name;
    size_t n = gi_device_count(ctx);
    cr_assert_geq(n, 3);
    cr_assert_str_eq(spec, "cuda:0");
    cr_assert_str_eq(name, "Fake GPU 0 (test plugin)");
    /* Address and ordinal are in the info (since 0.2). */
    cr_assert_eq(d.address_len, 1);
    cr_assert_eq(d.address[0], 0);
    gi_context_destroy(ctx);
}

Test(lazy_backends, select_by_index)
{
    use_fake_gpu();
    setenv("GI_FAKE_GPU_DEVICES", "2", 1);
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    size_t found = (size_t)-1;
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        cr_assert_eq(gi_device_get(ctx, i, &d), GI_STATUS_OK);
        if (strcmp(d.spec, "cuda:1") == 0)
            found = i;
    }
    cr_assert_neq(found, (size_t)-1);
    cr_assert_eq(gi_context_select_index(ctx, found), GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_device_info d;
    cr_assert_eq(gi_context_selected(ctx, &d, NULL), GI_STATUS_OK);
    cr_assert_str_eq(d.spec, "cuda:1");
    cr_assert_eq(gi_context_select_index(ctx, 999), GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_last_error(ctx), "entry 999 does not exist"), "%s", gi_last_error(ctx));
    gi_context_destroy(ctx);
}

Test(lazy_backends, a_failed_describe_keeps_the_device_address)
{
    /* Before: the entry of device 1 whose describe failed was called "cuda", the backend,
     * and --device cuda:1 said "does not exist". */
    use_fake_gpu();
    setenv("GI_FAKE_GPU_DEVICES", "2", 1);
    setenv("GI_FAKE_GPU_DESCRIBE_FAILS", "1", 1);
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    int seen = 0;
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        gi_device_get(ctx, i, &d);
        if (strcmp(d.backend, "cuda") != 0 || d.index != 1)
            continue;
        seen = 1;
        cr_assert_str_eq(d.spec, "cuda:1");
        cr_assert_eq(d.available, 0);
        cr_assert(strstr(d.reason, "cudaGetDeviceProperties(1): a fake failure"), "%s", d.reason);
    }
    cr_assert(seen, "device cuda:1 is not listed");
    cr_assert_eq(gi_context_select(ctx, "cuda:1"), GI_STATUS_NOT_SUPPORTED);
    cr_assert(strstr(gi_last_error(ctx), "a fake failure"), "%s", gi_last_error(ctx));
    cr_assert_eq(gi_context_select(ctx, "cuda:0"), GI_STATUS_OK);
    gi_context_destroy(ctx);
}

/* A context on the fake GPU whose prepare takes `ms` milliseconds and writes a line into the
 * file made from the mkstemp template `count` at each call. */
static gi_context *fake_gpu_counting_prepare(char *count, const char *ms)
{
    use_fake_gpu();
    int fd = mkstemp(count);
    cr_assert_geq(fd, 0);
    close(fd);
    setenv("GI_FAKE_GPU_PREPARE_MS", ms, 1);
    setenv("GI_FAKE_GPU_PREPARE_COUNT", count, 1);
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, "cuda:0"), GI_STATUS_OK);
    return ctx;
}

Test(lazy_backends, prepare_is_timed_apart_and_done_once)
{
    char count[] = "/tmp/gi-prepare-XXXXXX";
    gi_context *ctx = fake_gpu_counting_prepare(count, "200");
    /* The fake product: 2x2, instant. Its time must not contain the 200 ms set-up. */
    double A[4] = {1, 2, 3, 4}, B[4] = {1, 0, 0, 1}, C[4];
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 2, 2, 2, 1.0, A, 2, B, 2, 0.0, C, 2), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    gi_timing t;
    cr_assert_eq(gi_last_timing(ctx, &t), GI_STATUS_OK);
    cr_assert_geq(t.setup_s, 0.2, "setup_s = %g", t.setup_s);
    cr_assert_lt(t.time_s, 0.1, "the set-up leaked into time_s = %g", t.time_s);
    double again = -1;
    cr_assert_eq(gi_context_prepare(ctx, &again), GI_STATUS_OK);
    cr_assert_eq(again, t.setup_s, "a second prepare reports the first one's time");
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 2, 2, 2, 1.0, A, 2, B, 2, 0.0, C, 2), GI_STATUS_OK);
    gi_context_destroy(ctx);
    FILE *f = fopen(count, "r");
    cr_assert(f);
    char line[64];
    int calls = 0;
    while (fgets(line, sizeof line, f))
        calls++;
    fclose(f);
    unlink(count);
    cr_assert_eq(calls, 1, "prepare ran %d times", calls);
}

/* The lines the fake plugin's prepare wrote ("prepare W", W its workloads), in order, into buf. */
static void prepare_calls(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    cr_assert(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* prepare gets ready for the workloads asked for, each once: a command that will multiply does
 * not build what integrating needs (CLBlast's kernels take seconds to compile on PoCL), and a
 * workload whose set-up was not asked for gets it before its first call, still outside its
 * time. */
Test(lazy_backends, prepare_is_done_once_per_workload)
{
    char count[] = "/tmp/gi-prepare-XXXXXX";
    gi_context *ctx = fake_gpu_counting_prepare(count, "100");
    double first = -1, both = -1;
    cr_assert_eq(gi_context_prepare_for(ctx, GI_WORKLOAD_INTEGRATE, &first), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    cr_assert_geq(first, 0.1, "setup_s = %g", first);
    double A[4] = {1, 2, 3, 4}, B[4] = {1, 0, 0, 1}, C[4];
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 2, 2, 2, 1.0, A, 2, B, 2, 0.0, C, 2), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    gi_timing t;
    cr_assert_eq(gi_last_timing(ctx, &t), GI_STATUS_OK);
    cr_assert_lt(t.time_s, 0.05, "gemm's set-up leaked into time_s = %g", t.time_s);
    cr_assert_eq(gi_context_prepare_for(ctx, GI_WORKLOAD_INTEGRATE | GI_WORKLOAD_DGEMM, &both),
                 GI_STATUS_OK);
    cr_assert_geq(both, first + 0.1, "both set-ups: %g after %g", both, first);
    cr_assert_eq(t.setup_s, both, "gi_last_timing has the device's set-up so far");
    char calls[256];
    prepare_calls(count, calls, sizeof calls);
    cr_assert_str_eq(calls, "prepare 1\nprepare 2\n");
    const unsigned bad[] = {0, 4, GI_WORKLOAD_DGEMM | 8};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(gi_context_prepare_for(ctx, bad[i], NULL), GI_STATUS_INVALID_ARGUMENT);
        char want[160];
        snprintf(want, sizeof want,
                 "gi_context_prepare_for: workloads %#x: allowed are GI_WORKLOAD_INTEGRATE (0x1), "
                 "GI_WORKLOAD_DGEMM (0x2) or both",
                 bad[i]);
        cr_assert_str_eq(gi_last_error(ctx), want);
    }
    gi_context_destroy(ctx);
    prepare_calls(count, calls, sizeof calls);
    cr_assert_str_eq(calls, "prepare 1\nprepare 2\n", "nothing prepared twice");
    unlink(count);
}

Test(lazy_backends, each_backend_describes_itself)
{
    use_fake_gpu();
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    int seen = 0;
    for (size_t i = 0; i < gi_backend_count(ctx); i++) {
        gi_backend_info b;
        cr_assert_eq(gi_backend_get(ctx, i, &b), GI_STATUS_OK);
        if (strcmp(b.name, "cuda") == 0) {
            seen |= 1;
            cr_assert(b.loaded);
            cr_assert_str_eq(b.address, "[:D]");
            cr_assert_str_eq(b.help, "a stand-in GPU for tests");
            cr_assert(b.gpu_only_for_auto);
            cr_assert(b.auto_candidate);
            cr_assert_not(b.reference);
        } else if (strcmp(b.name, "openmp") == 0) {
            seen |= 2;
            cr_assert_str_eq(b.address, "");
            cr_assert(b.cpu_threads);
            cr_assert_not(b.reference);
        } else if (strcmp(b.name, "serial") == 0) {
            seen |= 8;
            cr_assert(b.reference, "the reference backend says so (the BLAS library takes it)");
        } else if (strcmp(b.name, "opencl") == 0) {
            seen |= 4;
            cr_assert_not(b.loaded, "no opencl plugin in the fake folder");
            cr_assert(strstr(b.reason, "gpuinteg-opencl.so"), "%s", b.reason);
        }
    }
    cr_assert_eq(seen, 15);
    gi_backend_info b;
    cr_assert_eq(gi_backend_get(ctx, 99, &b), GI_STATUS_INVALID_ARGUMENT);
    cr_assert_eq(gi_backend_get_sized(ctx, 0, &b, 4), GI_STATUS_MISUSE);
    /* A caller built before `reference`: no byte written past its struct. */
    unsigned char buf[sizeof b + 8];
    memset(buf, 0xAB, sizeof buf);
    cr_assert_eq(gi_backend_get_sized(ctx, 0, (gi_backend_info *)buf, GI_BACKEND_INFO_SIZE_0_2),
                 GI_STATUS_OK);
    for (size_t k = GI_BACKEND_INFO_SIZE_0_2; k < sizeof buf; k++)
        cr_assert_eq(buf[k], 0xAB, "byte %zu written", k);
    gi_context_destroy(ctx);
}

Test(lazy_backends, sized_structs_take_the_callers_size)
{
    /* A caller built against the 0.1 header: the library writes no byte past its struct. */
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    unsigned char buf[sizeof(gi_device_info) + 16];
    memset(buf, 0xAB, sizeof buf);
    cr_assert_eq(gi_device_get_sized(ctx, 0, (gi_device_info *)buf, GI_DEVICE_INFO_SIZE_0_1),
                 GI_STATUS_OK);
    for (size_t i = GI_DEVICE_INFO_SIZE_0_1; i < sizeof buf; i++)
        cr_assert_eq(buf[i], 0xAB, "byte %zu past the 0.1 struct was written", i);
    cr_assert_eq(gi_device_get_sized(ctx, 0, (gi_device_info *)buf, 8), GI_STATUS_MISUSE);
    gi_context_destroy(ctx);
}
