/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CUDA path of the user's integrand, host side, without a GPU: NVRTC (the real one: it
 * runs on the CPU) compiles the emitted integrand and the rule kernel to a CUBIN for the
 * device's architecture, the disk cache keys and reuses it, a failing compile reports NVRTC's
 * log; and with the mock CUDA runtime (support/mock_cuda.c), the backend's launches cover every
 * tile of the range exactly once in order, keep the loaded program per device, honour a stop
 * request and refuse C callbacks. The kernel's arithmetic runs on a GPU only (label cuda).
 */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/tile_layout.h"
#include "cuda_nvrtc.h"
#include "cuda_state.h"
#include "expr/expr.h"
#include "mock_cuda.h"

static char cache[256];

static void use_fresh_cache(void)
{
    snprintf(cache, sizeof cache, "/tmp/gi-nvrtc-test-%ld", (long)getpid());
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", cache);
    cr_assert_eq(system(cmd), 0);
    setenv("GPUINTEG_CUDA_CACHE", cache, 1);
}

static char *emit(const char *text)
{
    gi_expr_error err;
    const char *names[] = {"a"};
    const double values[] = {0.5};
    gi_expr *e = gi_expr_compile(text, names, values, 1, &err);
    cr_assert_not_null(e, "%s", err.msg);
    char *src = gi_expr_emit_c(e, GI_EXPR_CUDA);
    gi_expr_free(e);
    return src;
}

Test(cuda_rule, nvrtc_compiles_the_integrand_and_caches_it, .timeout = 180)
{
    use_fresh_cache();
    char *src = emit("exp(-a*(x*x+y*y)) * if(x < y, cos(3*x*y), lgamma(y+2)) + x^y");
    gi_nvrtc_target h100 = {9, 0, "NVIDIA H100 80GB HBM3"};
    gi_nvrtc_result r;
    gi_error err = {{0}};
    gi_status st = gi_nvrtc_compile(src, &h100, &r, &err);
    cr_assert_eq(st, GI_STATUS_OK, "%s", err.msg);
    cr_assert_not(r.from_cache);
    cr_assert_gt(r.compile_s, 0.0);
    cr_assert_gt(r.size, 1000u);
    cr_assert(memcmp(r.cubin, "\177ELF", 4) == 0, "a CUBIN is an ELF file");
    struct stat sb;
    cr_assert_eq(stat(r.cache_path, &sb), 0, "cached at %s", r.cache_path);
    cr_assert_eq((size_t)sb.st_size, r.size);
    cr_assert(strncmp(r.cache_path, cache, strlen(cache)) == 0);

    gi_nvrtc_result again;
    cr_assert_eq(gi_nvrtc_compile(src, &h100, &again, &err), GI_STATUS_OK);
    cr_assert(again.from_cache, "the second compile reads the cache");
    cr_assert_eq(again.compile_s, 0.0);
    cr_assert_eq(again.size, r.size);
    cr_assert(memcmp(again.cubin, r.cubin, r.size) == 0);
    cr_assert_str_eq(again.cache_path, r.cache_path);

    /* the key covers the source, the architecture and the GPU */
    char *text = gi_nvrtc_program_text(src);
    gi_nvrtc_target a100 = {8, 0, "NVIDIA A100-SXM4-80GB"}, other = {9, 0, "NVIDIA H200"};
    uint64_t k = gi_nvrtc_key(text, &h100, 13, 0);
    cr_assert_neq(k, gi_nvrtc_key(text, &a100, 13, 0));
    cr_assert_neq(k, gi_nvrtc_key(text, &other, 13, 0));
    cr_assert_neq(k, gi_nvrtc_key(text, &h100, 13, 1));
    char *src2 = emit("exp(-a*(x*x+y*y)) * if(x < y, cos(3*x*y), lgamma(y+2)) + x^y + 0");
    char *text2 = gi_nvrtc_program_text(src2);
    cr_assert_neq(k, gi_nvrtc_key(text2, &h100, 13, 0));
    free(text);
    free(text2);
    free(src2);
    free(r.cubin);
    free(again.cubin);
    free(src);
}

Test(cuda_rule, nvrtc_errors_carry_the_log, .timeout = 120)
{
    use_fresh_cache();
    /* not reachable from an expression (the emitter writes only checked trees): a guard that a
     * compile failure is reported, not hidden */
    const char *bad = "__device__ static double gi_user_f(double x, double y) { return nope; }\n";
    gi_nvrtc_target t = {9, 0, "test"};
    gi_nvrtc_result r;
    gi_error err = {{0}};
    cr_assert_eq(gi_nvrtc_compile(bad, &t, &r, &err), GI_STATUS_DEVICE_ERROR);
    cr_assert(strstr(err.msg, "cuda: nvrtcCompileProgram(--gpu-architecture=sm_90): "
                              "NVRTC_ERROR_COMPILATION: log: "),
              "%s", err.msg);
    cr_assert(strstr(err.msg, "nope"), "the log names the fault: %s", err.msg);
    cr_assert_null(r.cubin);
}

static cuda_state *state_for_mock(void)
{
    cuda_state *s = calloc(1, sizeof *s);
    s->count = 1;
    s->launch_evals = (int64_t)1 << 20;
    s->ws = calloc(1, sizeof *s->ws);
    return s;
}

static void free_state(cuda_state *s)
{
    gi_cuda_rule_release(&s->ws[0]);
    gi_cuda_workspace_free(&s->ws[0]);
    free(s->ws);
    free(s);
}

static gi_rule_layout layout(int64_t nx, int64_t ny)
{
    gi_rule_layout R;
    memset(&R, 0, sizeof R);
    R.x = (gi_rule_axis){.lo = 0, .h = 1.0 / (double)nx, .cells = nx, .points = 2 * nx, .k = 2};
    R.y = (gi_rule_axis){.lo = 0, .h = 1.0 / (double)ny, .cells = ny, .points = 2 * ny, .k = 2};
    R.tiles = gi_tile_layout_make(0, 1, 0, 1, R.x.points, R.y.points);
    return R;
}

Test(cuda_rule, launches_cover_the_range_once_and_keep_the_program, .timeout = 180)
{
    use_fresh_cache();
    mock_cuda_reset(1);
    mock_cuda_set_compute_capability(9, 0);
    cuda_state *s = state_for_mock();
    char *src = emit("sin(a*x + y)");
    gi_integrand_desc f = {.cuda_source = src, .text = "sin(a*x + y)"};
    gi_rule_layout R = layout(20000, 9000); /* 40000 × 18000 points */
    cr_assert_gt(R.tiles.count, 100);
    atomic_int stop = 0;
    gi_run_config cfg = {.threads = 1, .stop = &stop};
    int64_t first = 7, count = R.tiles.count - 20;
    gi_sum *out = calloc((size_t)count, sizeof *out);
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    gi_status st = gi_cuda_integrate_rule_tiles(s, 0, &cfg, &f, &R, first, count, out, &t, &err);
    cr_assert_eq(st, GI_STATUS_OK, "%s", err.msg);
    for (int64_t k = 0; k < count; k++)
        cr_assert(out[k].s == (double)(first + k) && out[k].c == 0.25, "tile %lld: %g",
                  (long long)(first + k), out[k].s);
    /* launches of at most launch_evals points each: several for this range */
    int64_t per_tile = R.tiles.tile_nx * R.tiles.tile_ny;
    int64_t batch = s->launch_evals / per_tile > 0 ? s->launch_evals / per_tile : 1;
    cr_assert_eq(mock_cuda_rule_launches(), (int)((count + batch - 1) / batch));
    cr_assert_gt(t.prepare_time_s, 0.0, "the first call compiles and loads");
    cr_assert_eq(mock_cuda_libraries_loaded(), 1);

    gi_workload_timing t2 = {0};
    cr_assert_eq(gi_cuda_integrate_rule_tiles(s, 0, &cfg, &f, &R, 0, 3, out, &t2, &err),
                 GI_STATUS_OK);
    cr_assert_eq(t2.prepare_time_s, 0.0, "kept on the device");
    cr_assert_eq(mock_cuda_libraries_loaded(), 1);
    cr_assert(out[0].s == 0.0 && out[2].s == 2.0);

    /* a stop request between launches */
    mock_cuda_stop_after(mock_cuda_rule_launches() + 2, &stop);
    st = gi_cuda_integrate_rule_tiles(s, 0, &cfg, &f, &R, 0, R.tiles.count, out, &t2, &err);
    cr_assert_eq(st, GI_STATUS_INTERRUPTED, "%s", err.msg);
    cr_assert(strstr(err.msg, "cuda: integrate stopped on request after "), "%s", err.msg);

    free_state(s);
    cr_assert_eq(mock_cuda_libraries_loaded(), 0, "released with the workspace");
    free(out);
    free(src);
}

Test(cuda_rule, callbacks_are_refused)
{
    cuda_state *s = state_for_mock();
    gi_integrand_desc f = {.cuda_source = NULL, .text = "C callback"};
    gi_rule_layout R = layout(10, 10);
    atomic_int stop = 0;
    gi_run_config cfg = {.threads = 1, .stop = &stop};
    gi_sum out[4];
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    cr_assert_eq(gi_cuda_integrate_rule_tiles(s, 0, &cfg, &f, &R, 0, 1, out, &t, &err),
                 GI_STATUS_NOT_SUPPORTED);
    cr_assert(strstr(err.msg, "cuda: a C callback runs on the CPU backends only"), "%s", err.msg);
    free(s->ws);
    free(s);
}
