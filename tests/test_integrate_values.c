/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Each backend in $GI_TEST_DEVICES against the closed form of the midpoint sum, within the
 * tolerance derived in support/integrate_check.h. Registered once per backend family (cpu,
 * opencl, cuda) with its own device list.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>

#include <gpuinteg/gpuinteg.h>

#include "integrate_check.h"

typedef struct rect_case {
    double x0, x1, y0, y1;
    int64_t nx, ny;
} rect_case;

static const rect_case rects[] = {
    {0, M_PI, 0, M_PI, 1000, 1000},        /* the course's square */
    {0, M_PI, 0, M_PI, 1, 1},              /* one cell */
    {0, M_PI, 0, M_PI, 7, 3001},           /* nx ≠ ny, ragged tiles */
    {-2.5, 4.0, 0.25, 1.75, 513, 2049},    /* non-symmetric, negative x */
    {10.0, 10.5, -30.0, -1.0, 4097, 17},   /* far from the origin */
    {-1e-3, 1e-3, 5.0, 5.0 + 1e-3, 64, 64}, /* tiny cells */
    {0, 1, 0, 1, 20000, 3},                /* many tile rows, few columns */
};

static void check_one(const char *device, const rect_case *c)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    gi_status st = gi_context_select(ctx, device);
    cr_assert_eq(st, GI_STATUS_OK, "%s: %s", device, gi_last_error(ctx));
    gi_integrate_params p = {c->x0, c->x1, c->y0, c->y1, c->nx, c->ny};
    gi_integrate_result r;
    st = gi_integrate(ctx, &p, &r);
    cr_assert_eq(st, GI_STATUS_OK, "%s: %s", device, gi_last_error(ctx));
    double want = gi_integrate_closed_form(&p), tol = gi_test_integrate_tolerance(&p);
    cr_assert_leq(fabs(r.value - want), tol,
                  "%s on [%g,%g]x[%g,%g] %lldx%lld: value %.17g, closed form %.17g, "
                  "difference %.3g > tolerance %.3g",
                  device, c->x0, c->x1, c->y0, c->y1, (long long)c->nx, (long long)c->ny,
                  r.value, want, fabs(r.value - want), tol);
    cr_assert_eq(r.evaluations, (uint64_t)c->nx * (uint64_t)c->ny);
    gi_context_destroy(ctx);
}

Test(integrate_values, rectangles_match_closed_form)
{
    const char *devices[16];
    int n = gi_test_devices(devices);
    for (int d = 0; d < n; d++)
        for (size_t k = 0; k < sizeof rects / sizeof rects[0]; k++)
            check_one(devices[d], &rects[k]);
}

Test(integrate_values, closed_form_is_the_integral_in_the_limit)
{
    /* The closed form itself, against the integral: the midpoint rule's error on a smooth
     * integrand is (b-a)(d-c)/24·(hx²·f_xx + hy²·f_yy) at most, |f''| ≤ 1. */
    gi_integrate_params p = {-1.0, 2.0, 0.5, 3.0, 1000, 500};
    double exact = sin(2.0 + 0.5) - sin(2.0 + 3.0) - sin(-1.0 + 0.5) + sin(-1.0 + 3.0);
    double hx = 3.0 / 1000, hy = 2.5 / 500;
    double bound = 3.0 * 2.5 / 24 * (hx * hx + hy * hy);
    double cf = gi_integrate_closed_form(&p);
    cr_assert_leq(fabs(cf - exact), bound, "closed form %.17g vs integral %.17g", cf, exact);
    cr_assert_gt(fabs(cf - exact), bound / 100, "the midpoint error cannot vanish here");
}

Test(integrate_values, course_problem_error_at_n_10000, .timeout = 240)
{
    /* The bound: |error| ≤ 1e-14 at n = 10000 (the course's OpenMP program: 4.5e-12). */
    const char *devices[16];
    int n = gi_test_devices(devices);
    for (int d = 0; d < n; d++) {
        gi_context *ctx;
        cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
        cr_assert_eq(gi_context_select(ctx, devices[d]), GI_STATUS_OK, "%s", gi_last_error(ctx));
        gi_integrate_params p;
        gi_integrate_params_default(&p);
        gi_integrate_result r;
        cr_assert_eq(gi_integrate(ctx, &p, &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
        cr_assert_leq(r.error, 1e-14, "%s: error %.3g", devices[d], r.error);
        double want = gi_integrate_closed_form(&p);
        cr_assert_leq(fabs(r.value - want), gi_test_integrate_tolerance(&p));
        gi_context_destroy(ctx);
    }
}
