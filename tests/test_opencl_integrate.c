/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The opencl backend's integrate: the same bits for every work-group size the device allows and
 * on repeated runs, timings from the device's profiling, and stop requests between batches.
 * Runs on the device gi_test_opencl_spec() picks (PoCL on CI).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gpuinteg/gpuinteg.h>

#include "core/tile_layout.h"
#include "opencl_integrate.h"
#include "opencl_pick.h"

static void same_bits(double a, double b, const char *what)
{
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s: %.17g vs %.17g", what, a, b);
}

/* Every tile of L with kernel k in work-groups of `group`, combined in tile order. */
static double run_kernel(opencl_device *d, const opencl_integrate_kernel *k, size_t group,
                         const gi_tile_layout *L)
{
    atomic_int stop;
    atomic_init(&stop, 0);
    gi_error err = {{0}};
    gi_workload_timing t = {0};
    gi_sum *tiles = calloc((size_t)L->count, sizeof *tiles);
    cr_assert(tiles);
    cr_assert_eq(opencl_integrate_tiles(d, k, group, &stop, L, 0, L->count, tiles, &t, &err),
                 GI_STATUS_OK, "%s", err.msg);
    double v = gi_tiles_finish(L, tiles);
    free(tiles);
    return v;
}

Test(opencl_integrate, work_group_size_does_not_change_bits)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    /* Ragged tiles both ways: 1237 = 77·16 + 5 rows, 4099 = 2·2048 + 3 columns. */
    gi_tile_layout L = gi_tile_layout_make(-3.0, 1.0, 2.0, 2.5, 1237, 4099);
    gi_error err = {{0}};
    opencl_integrate_kernel k;
    const opencl_integrate_shape one = {1, 1, 0};
    cr_assert_eq(opencl_integrate_kernel_build(d, GI_TILE_SINE_LIBM, &one, &k, &err), GI_STATUS_OK,
                 "%s", err.msg);
    cr_assert_geq(k.max_group, 1);
    double ref = run_kernel(d, &k, k.max_group, &L);
    for (size_t g = 1; g < k.max_group; g *= 2) {
        char what[64];
        snprintf(what, sizeof what, "work-group %zu vs %zu", g, k.max_group);
        same_bits(run_kernel(d, &k, g, &L), ref, what);
    }
    /* The value itself: within the derived tolerance of the closed form. */
    gi_integrate_params p = {-3.0, 1.0, 2.0, 2.5, 1237, 4099};
    double want = gi_integrate_closed_form(&p);
    cr_assert_lt(fabs(ref - want), 1e-12, "%.17g vs closed form %.17g", ref, want);
    opencl_integrate_kernel_release(&k);
    opencl_devices_release(s);
}

Test(opencl_integrate, lanes_per_work_item_do_not_change_bits)
{
    /* Vector lanes compute what scalar work-items compute, lane by lane, as long as the device's
     * vector sin agrees with its scalar sin (PoCL: the same SLEEF routine). */
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    gi_tile_layout L = gi_tile_layout_make(0.0, 2.0, -1.0, 0.5, 300, 5000);
    gi_error err = {{0}};
    double ref = 0.0;
    for (int vec = 1; vec <= 16; vec *= 2) {
        opencl_integrate_kernel k;
        const opencl_integrate_shape shape = {vec, 1, 0};
        cr_assert_eq(opencl_integrate_kernel_build(d, GI_TILE_SINE_LIBM, &shape, &k, &err),
                     GI_STATUS_OK, "%s", err.msg);
        double v = run_kernel(d, &k, k.max_group, &L);
        if (vec == 1)
            ref = v;
        char what[64];
        snprintf(what, sizeof what, "%d lanes per work-item vs 1", vec);
        same_bits(v, ref, what);
        opencl_integrate_kernel_release(&k);
    }
    opencl_devices_release(s);
}

Test(opencl_integrate, any_split_into_tile_ranges_gives_the_same_pairs)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    gi_tile_layout L = gi_tile_layout_make(0.5, 3.0, -2.0, 1.0, 2000, 5000); /* 125 x 3 tiles */
    gi_error err = {{0}};
    opencl_integrate_kernel k;
    const opencl_integrate_shape one = {1, 1, 0};
    cr_assert_eq(opencl_integrate_kernel_build(d, GI_TILE_SINE_LIBM, &one, &k, &err), GI_STATUS_OK,
                 "%s", err.msg);
    atomic_int stop;
    atomic_init(&stop, 0);
    gi_workload_timing t = {0};
    gi_sum *whole = calloc((size_t)L.count, sizeof *whole);
    gi_sum *parts = calloc((size_t)L.count, sizeof *parts);
    cr_assert(whole && parts);
    cr_assert_eq(opencl_integrate_tiles(d, &k, k.max_group, &stop, &L, 0, L.count, whole, &t, &err),
                 GI_STATUS_OK, "%s", err.msg);
    const int64_t cuts[] = {0, 1, 7, 200, L.count - 1, L.count};
    for (size_t i = 0; i + 1 < sizeof cuts / sizeof cuts[0]; i++) {
        int64_t first = cuts[i], count = cuts[i + 1] - cuts[i];
        cr_assert_eq(opencl_integrate_tiles(d, &k, k.max_group, &stop, &L, first, count,
                                            parts + first, &t, &err),
                     GI_STATUS_OK, "%s", err.msg);
    }
    cr_assert(memcmp(whole, parts, (size_t)L.count * sizeof *whole) == 0,
              "tile pairs differ between one range and several");
    same_bits(gi_tiles_finish(&L, parts), run_kernel(d, &k, k.max_group, &L),
              "combined ranges vs one range");
    free(whole);
    free(parts);
    opencl_integrate_kernel_release(&k);
    opencl_devices_release(s);
}

/* The gi sine's kernel: the same bits for every work-group size, lanes per work-item, registers
 * per row of a work-item's block, way of rounding terms to integers (the direct conversion where
 * the device's compiler has one, as on PoCL with AVX-512, or gi_fix_split's parts) and split
 * into tile ranges (integer sums do not depend on order), and the same bits as the CPU. */
Test(opencl_integrate, gi_kernel_same_bits_for_any_shape_group_and_range, .timeout = 240)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    /* Ragged tiles both ways (1237 = 77·16 + 5 rows, 4099 = 2·2048 + 3 columns), quadrant
     * edges inside blocks of every width, and rows that cross none. */
    gi_tile_layout L = gi_tile_layout_make(-3.0, 1.0, 2.0, 2.5, 1237, 4099);
    L.sine = GI_TILE_SINE_GI;
    L.sum = GI_TILE_SUM_FIXED;
    gi_error err = {{0}};
    const opencl_integrate_shape shapes[] = {
        {1, 1, 0},  {2, 1, 0},  {4, 1, 0},  {8, 1, 0},   {16, 1, 0}, {8, 2, 0},
        {8, 16, 0}, {8, 16, 1}, {4, 16, 0}, {16, 16, 0}, {16, 4, 1}, {1, 16, 0},
    };
    double ref = 0.0;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        opencl_integrate_kernel k;
        cr_assert_eq(opencl_integrate_kernel_build(d, GI_TILE_SINE_GI, &shapes[i], &k, &err),
                     GI_STATUS_OK, "%s", err.msg);
        if (i == 0)
            ref = run_kernel(d, &k, k.max_group, &L);
        for (size_t g = 1; g <= k.max_group; g *= 4) {
            char what[96];
            snprintf(what, sizeof what, "%d lanes, %d registers%s, work-group %zu", shapes[i].vec,
                     shapes[i].regs, shapes[i].parts_only ? " (parts)" : "", g);
            same_bits(run_kernel(d, &k, g, &L), ref, what);
        }
        opencl_integrate_kernel_release(&k);
    }
    gi_integrate_params p = {-3.0, 1.0, 2.0, 2.5, 1237, 4099};
    cr_assert_lt(fabs(ref - gi_integrate_closed_form(&p)), 1e-12);
    opencl_devices_release(s);
}

/* The device through the library against serial: bit for bit on several grids. */
Test(opencl_integrate, gi_sine_same_bits_as_serial, .timeout = 240)
{
    const gi_integrate_params grids[] = {
        {0.0, M_PI, 0.0, M_PI, 2000, 2000}, {0.5, 3.0, -2.0, 1.0, 700, 5000},
        {-20.0, 13.0, 5.0, 7.5, 333, 7777}, {1e5, 1e5 + 3.0, -1.0, 2.0, 64, 3000},
        {0.0, 1.0, 0.0, 1.0, 1, 1},
    };
    for (size_t g = 0; g < sizeof grids / sizeof grids[0]; g++) {
        double v[2];
        const char *specs[2] = {"serial", gi_test_opencl_spec()};
        for (int k = 0; k < 2; k++) {
            gi_context *ctx;
            gi_integrate_result r;
            cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
            cr_assert_eq(gi_context_select(ctx, specs[k]), GI_STATUS_OK, "%s", gi_last_error(ctx));
            cr_assert_eq(gi_integrate(ctx, &grids[g], &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
            v[k] = r.value;
            gi_context_destroy(ctx);
        }
        char what[64];
        snprintf(what, sizeof what, "grid %zu: opencl vs serial", g);
        same_bits(v[1], v[0], what);
    }
}

static gi_status integrate(const char *spec, const gi_integrate_params *p, gi_integrate_result *r)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, spec), GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_status st = gi_integrate(ctx, p, r);
    cr_assert_eq(st, GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_context_destroy(ctx);
    return st;
}

Test(opencl_integrate, repeated_runs_give_the_same_bits)
{
    const char *spec = gi_test_opencl_spec();
    gi_integrate_params p = {0, 2, 0, 2, 3000, 3000};
    gi_integrate_result a, b, c;
    integrate(spec, &p, &a);
    integrate(spec, &p, &b);
    same_bits(a.value, b.value, "two contexts");

    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, spec), GI_STATUS_OK);
    cr_assert_eq(gi_integrate(ctx, &p, &c), GI_STATUS_OK, "%s", gi_last_error(ctx));
    same_bits(c.value, a.value, "first run of a context");
    cr_assert_eq(gi_integrate(ctx, &p, &c), GI_STATUS_OK, "%s", gi_last_error(ctx));
    same_bits(c.value, a.value, "second run, kernel reused");
    gi_context_destroy(ctx);
}

Test(opencl_integrate, timings_come_from_the_device)
{
    gi_integrate_params p = {0, 1, 0, 1, 2000, 2000};
    gi_integrate_result r;
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, gi_test_opencl_spec()), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    cr_assert_eq(gi_integrate(ctx, &p, &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
    /* r.backend is owned by the context (integrate.h): read it before the context goes. */
    cr_assert_str_eq(r.backend, "opencl");
    cr_assert_gt(r.kernel_time_s, 0.0, "profiling gave no kernel time");
    cr_assert_gt(r.transfer_time_s, 0.0, "profiling gave no transfer time");
    /* Device timers measure a part of the call the wall clock measures whole. */
    cr_assert_leq(r.kernel_time_s + r.transfer_time_s, r.time_s,
                  "kernel %g + transfer %g > wall %g", r.kernel_time_s, r.transfer_time_s,
                  r.time_s);
    cr_assert_eq(r.threads, 1);
    gi_context_destroy(ctx);
}

static void *interrupt_later(void *arg)
{
    struct timespec delay = {0, 200 * 1000 * 1000};
    nanosleep(&delay, NULL);
    gi_context_interrupt(arg);
    return NULL;
}

Test(opencl_integrate, stop_request_ends_a_long_run_between_batches)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, gi_test_opencl_spec()), GI_STATUS_OK);
    gi_integrate_result r;
    gi_integrate_params small = {0, 1, 0, 1, 100, 100};
    /* Builds the kernel first, so the stop lands in the long run's batches. */
    cr_assert_eq(gi_integrate(ctx, &small, &r), GI_STATUS_OK, "%s", gi_last_error(ctx));

    gi_context_interrupt(ctx);
    cr_assert_eq(gi_integrate(ctx, &small, &r), GI_STATUS_INTERRUPTED);
    gi_tile_layout L = gi_tile_layout_make(0, 1, 0, 1, 100, 100);
    char want[128];
    snprintf(want, sizeof want, "integrate stopped on request after 0 of %lld tiles",
             (long long)L.count);
    cr_assert(strstr(gi_last_error(ctx), want), "'%s' lacks '%s'", gi_last_error(ctx), want);
    gi_context_clear_interrupt(ctx);

    /* 4·10^10 sines: minutes on a CPU, ~0.1 s on the largest GPUs; the stop comes at 0.2 s. */
    gi_integrate_params big = {0, 1, 0, 1, 200000, 200000};
    pthread_t th;
    pthread_create(&th, NULL, interrupt_later, ctx);
    gi_status st = gi_integrate(ctx, &big, &r);
    pthread_join(th, NULL);
    cr_assert_eq(st, GI_STATUS_INTERRUPTED, "status %d: %s", st, gi_last_error(ctx));
    cr_assert(strstr(gi_last_error(ctx), "integrate stopped on request after"), "%s",
              gi_last_error(ctx));
    gi_context_destroy(ctx);
}
