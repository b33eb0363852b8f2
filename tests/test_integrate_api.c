/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

static gi_context *ctx;

static void setup(void)
{
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, "serial"), GI_STATUS_OK);
}

static void teardown(void)
{
    gi_context_destroy(ctx);
}

TestSuite(integrate_api, .init = setup, .fini = teardown);

static void expect_invalid(gi_integrate_params p, const char *text)
{
    gi_integrate_result r;
    memset(&r, 0x5a, sizeof r);
    gi_status st = gi_integrate(ctx, &p, &r);
    cr_assert_eq(st, GI_STATUS_INVALID_ARGUMENT, "status %d, message '%s'", st, gi_last_error(ctx));
    cr_assert(strstr(gi_last_error(ctx), text), "message '%s' lacks '%s'", gi_last_error(ctx), text);
    cr_assert_eq(r.value, 0.0, "the result must be zeroed on failure");
    cr_assert_null(r.backend);
}

Test(integrate_api, defaults_are_the_course_problem)
{
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    cr_assert_eq(p.x0, 0.0);
    cr_assert_eq(p.x1, M_PI);
    cr_assert_eq(p.y0, 0.0);
    cr_assert_eq(p.y1, M_PI);
    cr_assert_eq(p.nx, 10000);
    cr_assert_eq(p.ny, 10000);
    gi_integrate_params_default(NULL);
}

Test(integrate_api, null_arguments)
{
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    gi_integrate_result r;
    cr_assert_eq(gi_integrate(NULL, &p, &r), GI_STATUS_MISUSE);
    cr_assert_eq(gi_integrate(ctx, NULL, &r), GI_STATUS_MISUSE);
    cr_assert(strstr(gi_last_error(ctx), "params is NULL"));
    cr_assert_eq(gi_integrate(ctx, &p, NULL), GI_STATUS_MISUSE);
    cr_assert(strstr(gi_last_error(ctx), "result is NULL"));
    cr_assert(isnan(gi_integrate_closed_form(NULL)));
}

Test(integrate_api, zero_and_too_many_cells)
{
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    p.nx = 0;
    expect_invalid(p, "nx = 0 must be between 1 and 1000000000");
    p.nx = 10;
    p.ny = -5;
    expect_invalid(p, "ny = -5 must be between 1 and");
    p.ny = GI_INTEGRATE_MAX_CELLS + 1;
    expect_invalid(p, "ny = 1000000001 must be between 1 and 1000000000");
}

Test(integrate_api, bad_bounds)
{
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    p.x0 = NAN;
    expect_invalid(p, "x bounds (nan, 3.14159) must be finite");
    p.x0 = 0;
    p.y1 = INFINITY;
    expect_invalid(p, "y bounds (0, inf) must be finite");
    p.y1 = 1;
    p.x0 = 3;
    p.x1 = 1;
    expect_invalid(p, "x bounds (3, 1) must satisfy x0 < x1");
    p.x0 = p.x1 = 1;
    expect_invalid(p, "must satisfy x0 < x1");
    /* Cells narrower than the spacing of doubles at the bounds. */
    p.x0 = 1e6;
    p.x1 = 1e6 + 1e-9;
    p.nx = 1000000;
    expect_invalid(p, "below the resolution");
}

Test(integrate_api, result_fields)
{
    gi_integrate_params p = {.x0 = 0, .x1 = 1, .y0 = 0, .y1 = 2, .nx = 300, .ny = 200};
    gi_integrate_result r;
    cr_assert_eq(gi_integrate(ctx, &p, &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
    cr_assert_str_eq(gi_last_error(ctx), "");
    cr_assert_eq(r.evaluations, 60000);
    cr_assert_str_eq(r.backend, "serial");
    cr_assert_str_not_empty(r.device);
    cr_assert_eq(r.threads, 1);
    cr_assert_geq(r.time_s, r.kernel_time_s);
    cr_assert_gt(r.kernel_time_s, 0);
    cr_assert_eq(r.transfer_time_s, 0);
    /* exact = sin(1) - sin(3) - sin(0) + sin(2) */
    cr_assert_float_eq(r.exact, sin(1.0) - sin(3.0) + sin(2.0), 1e-15);
    cr_assert_eq(r.error, fabs(r.value - r.exact));
    gi_timing t;
    cr_assert_eq(gi_last_timing(ctx, &t), GI_STATUS_OK);
    cr_assert_eq(t.time_s, r.time_s);
    cr_assert_str_eq(t.backend, "serial");
}

Test(integrate_api, interrupt_stops_the_run)
{
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    gi_integrate_result r;
    for (int k = 0; k < 2; k++) {
        cr_assert_eq(gi_context_select(ctx, k ? "openmp" : "serial"), GI_STATUS_OK);
        gi_context_interrupt(ctx);
        cr_assert_eq(gi_integrate(ctx, &p, &r), GI_STATUS_INTERRUPTED);
        cr_assert(strstr(gi_last_error(ctx), "stopped"), "got '%s'", gi_last_error(ctx));
        gi_context_clear_interrupt(ctx);
    }
    p.nx = p.ny = 100;
    cr_assert_eq(gi_integrate(ctx, &p, &r), GI_STATUS_OK);
}
