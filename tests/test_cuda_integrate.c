/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CUDA integrate kernels beyond the shared value checks (test_integrate_values.c, registered
 * with GI_TEST_DEVICES=cuda:0): gpuinteg's sine gives the serial backend's bits; either sine gives
 * the same bits on repeated runs and for any cut of the grid into launches, the libm path its C
 * transcription's; stop requests, timings, and the CLI. Needs a GPU (label cuda).
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_run.h"
#include "integrate_check.h"
#include "integrate_emulation.h"

/* Runs p on cuda:0 with `sine` (GI_SINE_GI: gpuinteg's sine and the exact sum; GI_SINE_LIBM: the
 * kernel's libm path); launch_evals sets GPUINTEG_CUDA_LAUNCH_EVALS for the context (0: unset),
 * which the plugin reads when the context probes it. */
static gi_integrate_result run_sine(const gi_integrate_params *p, gi_sine_kind sine,
                                    long long launch_evals)
{
    if (launch_evals > 0) {
        char v[32];
        snprintf(v, sizeof v, "%lld", launch_evals);
        setenv("GPUINTEG_CUDA_LAUNCH_EVALS", v, 1);
    } else {
        unsetenv("GPUINTEG_CUDA_LAUNCH_EVALS");
    }
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, "cuda:0"), GI_STATUS_OK, "%s", gi_last_error(ctx));
    cr_assert_eq(gi_integrate_set_sine(ctx, sine), GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_integrate_result r;
    cr_assert_eq(gi_integrate(ctx, p, &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
    cr_assert_str_eq(r.backend, "cuda");
    gi_context_destroy(ctx);
    /* The names are owned by the context (integrate.h): none may outlive it. */
    r.backend = r.device = NULL;
    unsetenv("GPUINTEG_CUDA_LAUNCH_EVALS");
    return r;
}

/* The default: gpuinteg's sine and the exact sum. */
static gi_integrate_result run(const gi_integrate_params *p, long long launch_evals)
{
    return run_sine(p, GI_SINE_GI, launch_evals);
}

/* p on the serial backend (gpuinteg's sine): the bits every backend must give. */
static double serial_value(const gi_integrate_params *p)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, "serial"), GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_integrate_result r;
    cr_assert_eq(gi_integrate(ctx, p, &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_context_destroy(ctx);
    return r.value;
}

static void same_bits(double a, double b, const char *what)
{
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s: %.17g vs %.17g", what, a, b);
}

static void near_closed_form(const gi_integrate_params *p, double value)
{
    double want = gi_integrate_closed_form(p), tol = gi_test_integrate_tolerance(p);
    cr_assert_leq(fabs(value - want), tol, "value %.17g, closed form %.17g, tolerance %.3g", value,
                  want, tol);
}

Test(cuda_integrate, repeated_runs_give_identical_bits)
{
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    gi_integrate_result a = run(&p, 0), b = run(&p, 0);
    same_bits(a.value, b.value, "two runs of n = 10000");
    cr_assert_leq(a.error, 1e-14, "error %.3g", a.error);
}

/* gpuinteg's sine on the GPU gives the serial backend's bits (kernels/gi_sine.h: every step one
 * rounded operation; the exact sum: integer adds in any order), the course's problem included. */
Test(cuda_integrate, gi_sine_gives_the_serial_bits, .timeout = 240)
{
    gi_integrate_params grids[] = {
        {0, 0, 0, 0, 0, 0}, /* the course's problem, set below */
        {0.5, 3.0, -2.0, 1.0, 700, 5000},
        {-20.0, 13.0, 5.0, 7.5, 333, 7777},
        {1e5, 1e5 + 3.0, -1.0, 2.0, 64, 3000},
        {-3.0, 1.0, 2.0, 2.5, 1237, 4099},
        {0.0, 1.0, 0.0, 1.0, 1, 1},
    };
    gi_integrate_params_default(&grids[0]);
    for (size_t g = 0; g < sizeof grids / sizeof grids[0]; g++) {
        char what[96];
        snprintf(what, sizeof what, "grid %zu (%lldx%lld): cuda vs serial", g,
                 (long long)grids[g].nx, (long long)grids[g].ny);
        same_bits(run(&grids[g], 0).value, serial_value(&grids[g]), what);
    }
    same_bits(run(&grids[0], 0).value, 5.938399146714809e-16, "the value README shows");
}

/* Grids and launch sizes that exercise each way of cutting: one launch; whole tiles over several
 * launches; tall tiles whose rows are split over launches (the lanes' sums carried in device
 * memory: 128-bit integers for the gi sine, compensated pairs for libm); ragged tiles. Every cut
 * must give the bits of the single-launch run, with either sine. */
Test(cuda_integrate, any_cut_into_launches_gives_identical_bits, .timeout = 240)
{
    const gi_integrate_params grids[] = {
        {0, M_PI, 0, M_PI, 40000, 40000},      /* 20000 tiles of 40 × 2048 */
        {0, 1, 0, 1, 1000000, 2048},           /* 1024 tiles of 977 × 2048: rows split */
        {-3.0, 1.0, 2.0, 2.5, 1237, 4099},     /* ragged tiles */
        {10.0, 10.5, -30.0, -1.0, 70001, 300}, /* one tile column, ragged last tile row */
    };
    const gi_sine_kind sines[] = {GI_SINE_GI, GI_SINE_LIBM};
    const long long cuts[] = {1LL << 40, 1LL << 24, 1LL << 18, 1};
    for (size_t k = 0; k < sizeof sines / sizeof sines[0]; k++)
        for (size_t g = 0; g < sizeof grids / sizeof grids[0]; g++) {
            const gi_integrate_params *p = &grids[g];
            double ref = run_sine(p, sines[k], cuts[0]).value;
            near_closed_form(p, ref);
            same_bits(run_sine(p, sines[k], 0).value, ref, "default launch size vs one launch");
            for (size_t c = 1; c < sizeof cuts / sizeof cuts[0]; c++) {
                char what[192];
                snprintf(what, sizeof what,
                         "%s sine: %lldx%lld on [%g,%g]x[%g,%g], %lld evaluations per launch",
                         sines[k] == GI_SINE_GI ? "gi" : "libm", (long long)p->nx, (long long)p->ny,
                         p->x0, p->x1, p->y0, p->y1, cuts[c]);
                same_bits(run_sine(p, sines[k], cuts[c]).value, ref, what);
            }
        }
}

/* The libm path: sine.h rounds alike on the CPU and the GPU, and integrate_emulation.c sums in
 * the order the kernel is specified to, so for grids within sine.h's range the GPU's value must
 * have exactly the transcription's bits. This checks the libm kernel's arithmetic and its
 * summation order on the GPU. */
Test(cuda_integrate, libm_bits_match_the_kernels_c_transcription, .timeout = 240)
{
    gi_integrate_params grids[] = {
        {0, 0, 0, 0, 0, 0}, /* the course's problem, set below */
        {-3.0, 1.0, 2.0, 2.5, 1237, 4099},
        {0, 1, 0, 1, 40000, 3},
        {10.0, 10.5, -30.0, -1.0, 70001, 30},
        {-1e-3, 1e-3, 5.0, 5.0 + 1e-3, 64, 64},
    };
    gi_integrate_params_default(&grids[0]);
    for (size_t g = 0; g < sizeof grids / sizeof grids[0]; g++) {
        cr_assert(gi_emulate_fast_sine(&grids[g]));
        char what[96];
        snprintf(what, sizeof what, "grid %zu (%lldx%lld): GPU vs C transcription", g,
                 (long long)grids[g].nx, (long long)grids[g].ny);
        same_bits(run_sine(&grids[g], GI_SINE_LIBM, 0).value, gi_emulate_integrate(&grids[g]),
                  what);
    }
}

/* gi_integrate_tiles, as MPI ranks use it: the tiles in parts, each on its own context, combine
 * to the whole run's bits. */
Test(cuda_integrate, tile_ranges_combine_to_the_whole_bits)
{
    gi_integrate_params p = {0, M_PI, 0, M_PI, 40000, 40000};
    double whole = run(&p, 0).value;
    int64_t total = gi_integrate_tile_count(&p);
    double *pairs = malloc((size_t)total * 2 * sizeof *pairs);
    cr_assert_not_null(pairs);
    const int parts = 3;
    for (int64_t k = 0, first = 0; k < parts; k++) {
        int64_t count = total / parts + (k < total % parts);
        gi_context *ctx;
        cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
        cr_assert_eq(gi_context_select(ctx, "cuda:0"), GI_STATUS_OK, "%s", gi_last_error(ctx));
        cr_assert_eq(gi_integrate_tiles(ctx, &p, first, count, pairs + 2 * first), GI_STATUS_OK,
                     "%s", gi_last_error(ctx));
        gi_context_destroy(ctx);
        first += count;
    }
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    gi_integrate_result r;
    cr_assert_eq(gi_integrate_combine(ctx, &p, pairs, total, &r), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    gi_context_destroy(ctx);
    same_bits(r.value, whole, "3 tile ranges vs the whole");
    free(pairs);
}

/* The libm path: grids beyond sine.h's range, and any grid with GPUINTEG_CUDA_SINE=cuda, use
 * CUDA's sin(). (gpuinteg's sine refuses bounds past GI_SINE_RANGE; the libm path takes them.) */
Test(cuda_integrate, cuda_sine_path_matches_the_closed_form)
{
    gi_integrate_params far = {3.0e6, 3.0e6 + 2.0, -1.0e6, -1.0e6 + 0.5, 3000, 2000};
    near_closed_form(&far, run_sine(&far, GI_SINE_LIBM, 0).value);
    setenv("GPUINTEG_CUDA_SINE", "cuda", 1);
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    gi_integrate_result r = run_sine(&p, GI_SINE_LIBM, 0);
    unsetenv("GPUINTEG_CUDA_SINE");
    near_closed_form(&p, r.value);
    cr_assert_leq(r.error, 1e-14, "error %.3g", r.error);
}

Test(cuda_integrate, timings_come_from_the_device)
{
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    gi_integrate_result r = run(&p, 0); /* run() checks that cuda ran it */
    cr_assert_gt(r.kernel_time_s, 0.0);
    cr_assert_leq(r.kernel_time_s, r.time_s, "kernel %.3g s > wall %.3g s", r.kernel_time_s,
                  r.time_s);
    cr_assert_geq(r.transfer_time_s, 0.0);
    cr_assert_eq(r.threads, 1);
}

Test(cuda_integrate, stop_request_interrupts_and_the_device_stays_usable)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, "cuda:0"), GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_integrate_params p = {0, 1, 0, 1, 100000, 100000};
    gi_integrate_result r;
    gi_context_interrupt(ctx);
    cr_assert_eq(gi_integrate(ctx, &p, &r), GI_STATUS_INTERRUPTED, "%s", gi_last_error(ctx));
    cr_assert(strstr(gi_last_error(ctx), "stopped"), "%s", gi_last_error(ctx));
    gi_context_clear_interrupt(ctx);
    gi_integrate_params small = {0, 1, 0, 1, 3000, 3000};
    cr_assert_eq(gi_integrate(ctx, &small, &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
    near_closed_form(&small, r.value);
    gi_context_destroy(ctx);
}

Test(cuda_integrate, cli_json_reports_the_gpu_run)
{
    const char *args[] = {"--device", "cuda", "-n", "10000", "--repeat", "3", "--json", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(cJSON_IsObject(j), "%s", r->out);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "backend")->valuestring, "cuda");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "device_spec")->valuestring, "cuda:0");
    cr_assert_leq(cJSON_GetObjectItem(j, "error")->valuedouble, 1e-14);
    cr_assert_gt(cJSON_GetObjectItem(j, "kernel_time_s")->valuedouble, 0.0);
    cJSON_Delete(j);
    free(r);
}

Test(cuda_integrate, missing_device_index_is_named)
{
    const char *args[] = {"--device", "cuda:99", "-n", "10", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 3, "%s", r->err);
    cr_assert_str_empty(r->out);
    cr_assert_eq(gi_count_lines(r->err), 1, "%s", r->err);
    cr_assert(strstr(r->err, "'cuda:99' does not exist") && strstr(r->err, "cuda:0"), "%s", r->err);
    free(r);
}
