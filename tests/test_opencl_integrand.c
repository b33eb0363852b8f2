/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The user's integrand on OpenCL (PoCL in CI): the program is built once per device and source
 * and its build time is reported apart; the same bits run after run; the value agrees with the
 * CPU backends within the rounding of their different summation orders; a C callback is refused
 * with its reason; a program the device cannot build is impossible from a checked expression,
 * so every expression of the grammar's function list builds.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

static gi_context *open_device(const char *device)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, device), GI_STATUS_OK, "%s", gi_last_error(ctx));
    return ctx;
}

Test(opencl_integrand, built_once_then_cached_same_bits, .timeout = 240)
{
    gi_context *ctx = open_device("opencl");
    gi_integrand *f;
    const char *names[] = {"a"};
    const double values[] = {0.75};
    cr_assert_eq(
        gi_integrand_from_expression(ctx, "exp(-a*(x*x+y*y)) * cos(3*x*y)", names, values, 1, &f),
        GI_STATUS_OK);
    gi_integrate_params p = {-2, 2, -2, 2, 300, 301};
    gi_rule rule = {GI_RULE_GAUSS, 2};
    gi_integral first, again;
    cr_assert_eq(gi_integrate_function(ctx, f, &rule, &p, &first), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    cr_assert_gt(first.compile_time_s, 0.0, "the first call builds the program");
    cr_assert_eq(gi_integrate_function(ctx, f, &rule, &p, &again), GI_STATUS_OK);
    cr_assert_eq(again.compile_time_s, 0.0, "the second finds it built");
    cr_assert(memcmp(&first.value, &again.value, sizeof(double)) == 0, "%a vs %a", first.value,
              again.value);
    cr_assert_eq(first.error_estimate, again.error_estimate);
    cr_assert_str_eq(first.backend, "opencl");

    /* the CPU's value of the same terms: their sums differ only by rounding, ~1e-16·Σ|terms| */
    gi_context *cpu = open_device("serial");
    gi_integrand *g;
    cr_assert_eq(
        gi_integrand_from_expression(cpu, "exp(-a*(x*x+y*y)) * cos(3*x*y)", names, values, 1, &g),
        GI_STATUS_OK);
    gi_integral ref;
    cr_assert_eq(gi_integrate_function(cpu, g, &rule, &p, &ref), GI_STATUS_OK);
    cr_assert_leq(fabs(first.value - ref.value), 1e-13, "%.17g vs %.17g", first.value, ref.value);
    cr_assert_leq(fabs(first.coarse_value - ref.coarse_value), 1e-13);
    gi_integrand_destroy(g);
    gi_context_destroy(cpu);
    gi_integrand_destroy(f);
    gi_context_destroy(ctx);
}

static double callback(double x, double y, void *user)
{
    (void)user;
    return x * y;
}

Test(opencl_integrand, callbacks_are_cpu_only)
{
    gi_context *ctx = open_device("opencl");
    gi_integrand *f;
    cr_assert_eq(gi_integrand_from_function(ctx, callback, NULL, &f), GI_STATUS_OK);
    gi_integrate_params p = {0, 1, 0, 1, 10, 10};
    gi_integral r;
    cr_assert_eq(gi_integrate_function(ctx, f, NULL, &p, &r), GI_STATUS_NOT_SUPPORTED);
    cr_assert(strstr(gi_last_error(ctx), "a C callback runs on the CPU backends only"), "%s",
              gi_last_error(ctx));
    gi_integrand_destroy(f);
    gi_context_destroy(ctx);
}

Test(opencl_integrand, every_function_of_the_grammar_builds, .timeout = 240)
{
    gi_context *ctx = open_device("opencl");
    gi_integrand *f;
    const char *expr = "sin(x)+cos(y)+tan(x/4)+asin(y/4)+acos(x/4)+atan(y)+atan2(y,x+5)+sinh(x)"
                       "+cosh(y)+tanh(x)+exp(y)+expm1(x)+log(y+3)+log1p(x+2)+log2(y+3)+log10(x+3)"
                       "+sqrt(y+3)+cbrt(x)+pow(y+3,x)+hypot(x,y)+fabs(x)+floor(y)+ceil(x)"
                       "+fmin(x,y)+fmax(x,y)+erf(x)+erfc(y)+tgamma(x+3)+lgamma(y+3)"
                       "+if(x<y,1,0)+if(x<=y,1,0)+if(x>y,1,0)+if(x>=y,1,0)+if(x==y,1,0)"
                       "+if(x!=y,1,0)+x^2-y";
    cr_assert_eq(gi_integrand_from_expression(ctx, expr, NULL, NULL, 0, &f), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    gi_integrate_params p = {-1, 1, -1, 1, 40, 40};
    gi_integral r, ref;
    cr_assert_eq(gi_integrate_function(ctx, f, NULL, &p, &r), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    gi_context *cpu = open_device("serial");
    gi_integrand *g;
    cr_assert_eq(gi_integrand_from_expression(cpu, expr, NULL, NULL, 0, &g), GI_STATUS_OK);
    cr_assert_eq(gi_integrate_function(cpu, g, NULL, &p, &ref), GI_STATUS_OK);
    /* one value per point within a few ulp of each function; floor, ceil and the comparisons
     * are exact on these grids (no point on a step) */
    cr_assert_leq(fabs(r.value - ref.value), 1e-11 * fabs(ref.value), "%.17g vs %.17g", r.value,
                  ref.value);
    gi_integrand_destroy(g);
    gi_context_destroy(cpu);
    gi_integrand_destroy(f);
    gi_context_destroy(ctx);
}
