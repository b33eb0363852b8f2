/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The same bits for any thread count, and the same bits from serial and openmp (they share
 * the tile arithmetic and differ only in who sums which tile). With the gi sine (the default)
 * the value is also checked against an independent computation of its definition: every
 * sin(x_i + y_j) of kernels/gi_sine.h rounded to a multiple of 2⁻⁵⁷, summed exactly, rounded
 * once, times hx·hy.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "gi_sine.h"

__extension__ typedef __int128 i128;

static double run_sine(const char *device, int threads, gi_sine_kind sine,
                       const gi_integrate_params *p)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, device), GI_STATUS_OK);
    cr_assert_eq(gi_context_set_threads(ctx, threads), GI_STATUS_OK);
    cr_assert_eq(gi_integrate_set_sine(ctx, sine), GI_STATUS_OK);
    gi_integrate_result r;
    cr_assert_eq(gi_integrate(ctx, p, &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
    if (strcmp(device, "openmp") == 0)
        cr_assert_eq(r.threads, threads);
    gi_context_destroy(ctx);
    return r.value;
}

static void same_bits(double a, double b, const char *what)
{
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s: %.17g vs %.17g", what, a, b);
}

static double run(const char *device, int threads, const gi_integrate_params *p)
{
    return run_sine(device, threads, GI_SINE_GI, p);
}

/* The gi sine's value by its definition, computed here without the library's code paths: the
 * grid points as the library defines them, each sine rounded to the nearest multiple of 2⁻⁵⁷
 * in long double, a 128-bit sum, one rounding to double (GCC's conversion rounds to nearest). */
static double reference(const gi_integrate_params *p)
{
    const double hx = (p->x1 - p->x0) / (double)p->nx, hy = (p->y1 - p->y0) / (double)p->ny;
    i128 T = 0;
    for (int64_t i = 0; i < p->nx; i++) {
        const double x = p->x0 + ((double)i + 0.5) * hx;
        for (int64_t j = 0; j < p->ny; j++)
            T += (i128)nearbyintl(ldexpl(gi_sine(x + (p->y0 + ((double)j + 0.5) * hy)), 57));
    }
    return ldexp((double)T, -57) * (hx * hy);
}

Test(integrate_determinism, gi_sine_same_bits_for_every_cpu_backend_and_thread_count,
     .timeout = 240)
{
    const gi_integrate_params grids[] = {
        {0.0, M_PI, 0.0, M_PI, 2000, 2000},
        {-3.0, 1.0, 2.0, 2.5, 1237, 4099}, /* ragged tiles both ways */
        {0.5, 3.0, -2.0, 1.0, 700, 5000},
        {-20.0, 13.0, 5.0, 7.5, 333, 7777}, /* arguments in several quadrants, both signs */
        {1e5, 1e5 + 3.0, -1.0, 2.0, 64, 3000},
    };
    for (size_t g = 0; g < sizeof grids / sizeof grids[0]; g++) {
        const gi_integrate_params *p = &grids[g];
        double ref = reference(p), got;
        char what[128];
        snprintf(what, sizeof what, "grid %zu: serial vs the definition", g);
        same_bits(run("serial", 1, p), ref, what);
        const int threads[] = {1, 2, 3, 5};
        for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
            got = run("openmp", threads[t], p);
            snprintf(what, sizeof what, "grid %zu: openmp with %d threads", g, threads[t]);
            same_bits(got, ref, what);
        }
    }
}

Test(integrate_determinism, gi_sine_course_problem_within_1e_16_of_the_midpoint_sum, .timeout = 120)
{
    /* The exact midpoint sum of the double grid (closed form, long double) is 5.939e-16: the
     * grid ends a hair short of π. The gi sine's value is within 1e-16 of it (measured: 1e-19);
     * the libm sine's, 6.268e-16, was 3.3e-17 off. */
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    double v = run("openmp", 2, &p), want = gi_integrate_closed_form(&p);
    cr_assert_leq(fabs(v - want), 1e-16, "%.17g vs the midpoint sum %.17g", v, want);
    same_bits(v, 5.938399146714809e-16, "the value README and the course output show");
}

Test(integrate_determinism, libm_sine_keeps_its_own_bits)
{
    /* --sine libm is the older path: libmvec and compensated sums, the same bits for any
     * thread count on one CPU type. */
    gi_integrate_params p = {-3.0, 1.0, 2.0, 2.5, 1237, 4099};
    double ref = run_sine("serial", 1, GI_SINE_LIBM, &p);
    same_bits(run_sine("openmp", 3, GI_SINE_LIBM, &p), ref, "libm: openmp 3 threads vs serial");
    cr_assert_lt(fabs(ref - gi_integrate_closed_form(&p)), 1e-12);
}

Test(integrate_determinism, thread_counts_give_identical_bits, .timeout = 240)
{
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    double ref = run("serial", 1, &p);
    const int threads[] = {1, 2, 3, 8};
    for (size_t i = 0; i < sizeof threads / sizeof threads[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "openmp with %d threads vs serial", threads[i]);
        same_bits(run("openmp", threads[i], &p), ref, what);
    }
}

Test(integrate_determinism, odd_grid_identical_bits)
{
    gi_integrate_params p = {-3.0, 1.0, 2.0, 2.5, 1237, 4099};
    double ref = run("openmp", 1, &p);
    same_bits(run("openmp", 5, &p), ref, "openmp 5 threads vs 1");
    same_bits(run("serial", 1, &p), ref, "serial vs openmp");
}

Test(integrate_determinism, repeated_runs_identical)
{
    gi_integrate_params p = {0, 2, 0, 2, 3000, 3000};
    same_bits(run("openmp", 2, &p), run("openmp", 2, &p), "two runs");
}
