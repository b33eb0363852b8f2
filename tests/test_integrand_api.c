/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The integrand API around the numbers: C callbacks (scalar and vectorised, called from several
 * threads), the same bits for 1, 2, 3 threads and between serial and openmp, tile ranges
 * combined into the whole value, rule parsing, statuses and messages.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

static gi_context *open_device(const char *device, int threads)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, device), GI_STATUS_OK, "%s", gi_last_error(ctx));
    if (threads > 0)
        cr_assert_eq(gi_context_set_threads(ctx, threads), GI_STATUS_OK);
    return ctx;
}

static atomic_long calls;

static double f_scalar(double x, double y, void *user)
{
    atomic_fetch_add(&calls, 1);
    return *(const double *)user * exp(-(x * x + y * y) / 2);
}

static void f_vector(size_t n, const double *x, const double *y, double *f, void *user)
{
    atomic_fetch_add(&calls, (long)n);
    for (size_t k = 0; k < n; k++)
        f[k] = *(const double *)user * exp(-(x[k] * x[k] + y[k] * y[k]) / 2);
}

Test(integrand_api, callbacks_scalar_and_vector_agree_to_the_bit)
{
    double scale = 2.0;
    gi_integrate_params p = {-1, 2, -0.5, 1.5, 300, 517};
    gi_rule rule = {GI_RULE_GAUSS, 3};
    double values[2];
    for (int v = 0; v < 2; v++) {
        gi_context *ctx = open_device("openmp", 2);
        gi_integrand *f;
        gi_status st = v ? gi_integrand_from_vector_function(ctx, f_vector, &scale, &f)
                         : gi_integrand_from_function(ctx, f_scalar, &scale, &f);
        cr_assert_eq(st, GI_STATUS_OK);
        atomic_store(&calls, 0);
        gi_integral res;
        cr_assert_eq(gi_integrate_function(ctx, f, &rule, &p, &res), GI_STATUS_OK, "%s",
                     gi_last_error(ctx));
        /* every point evaluated exactly once, whichever thread did it */
        cr_assert_eq((uint64_t)atomic_load(&calls), res.evaluations);
        cr_assert_eq(res.evaluations, 9u * 300 * 517 + 9u * 150 * 259);
        double exact = 2 * M_PI / 2 * (erf(2 / M_SQRT2) - erf(-1 / M_SQRT2)) *
                       (erf(1.5 / M_SQRT2) - erf(-0.5 / M_SQRT2));
        cr_assert_leq(fabs(res.value - exact), 1e-13, "%.17g vs %.17g", res.value, exact);
        values[v] = res.value;
        gi_integrand_destroy(f);
        gi_context_destroy(ctx);
    }
    cr_assert_eq(values[0], values[1], "%.17g vs %.17g", values[0], values[1]);
}

static double run(const char *device, int threads, const char *expr, const gi_rule *rule,
                  const gi_integrate_params *p, double *estimate)
{
    gi_context *ctx = open_device(device, threads);
    gi_integrand *f;
    cr_assert_eq(gi_integrand_from_expression(ctx, expr, NULL, NULL, 0, &f), GI_STATUS_OK);
    gi_integral res;
    cr_assert_eq(gi_integrate_function(ctx, f, rule, p, &res), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    if (device[0] == 'o')
        cr_assert_eq(res.threads, threads);
    *estimate = res.error_estimate;
    gi_integrand_destroy(f);
    gi_context_destroy(ctx);
    return res.value;
}

Test(integrand_api, same_bits_for_1_2_3_threads_and_serial)
{
    /* a grid of many tiles (rows) and ragged edges, a sum with heavy cancellation */
    gi_integrate_params p = {0, M_PI, 0, M_PI, 3001, 2999};
    const gi_rule rules[] = {{GI_RULE_MIDPOINT, 1}, {GI_RULE_SIMPSON, 2}};
    for (int k = 0; k < 2; k++) {
        double e0, e;
        double ref = run("serial", 0, "sin(x+y) * exp(-x*y/10)", &rules[k], &p, &e0);
        for (int t = 1; t <= 3; t++) {
            double v = run("openmp", t, "sin(x+y) * exp(-x*y/10)", &rules[k], &p, &e);
            cr_assert(memcmp(&v, &ref, sizeof v) == 0 && memcmp(&e, &e0, sizeof e) == 0,
                      "rule %d, %d threads: %a vs serial %a", k, t, v, ref);
        }
    }
}

Test(integrand_api, tile_ranges_combine_to_the_same_bits)
{
    gi_context *ctx = open_device("openmp", 2);
    gi_integrand *f;
    cr_assert_eq(gi_integrand_from_expression(ctx, "cos(3*x - y) / (1 + x*x)", NULL, NULL, 0, &f),
                 GI_STATUS_OK);
    gi_integrate_params p = {-2, 1, 0, 4, 9000, 5000};
    gi_rule rule = {GI_RULE_GAUSS, 2};
    gi_integral whole;
    cr_assert_eq(gi_integrate_function(ctx, f, &rule, &p, &whole), GI_STATUS_OK);
    for (int coarse = 0; coarse < 2; coarse++) {
        int64_t count = gi_integrate_function_tile_count(&rule, &p, coarse);
        cr_assert_gt(count, 2);
        double *pairs = calloc((size_t)count * 2, sizeof(double));
        int64_t split = count / 3;
        cr_assert_eq(gi_integrate_function_tiles(ctx, f, &rule, &p, coarse, 0, split, pairs),
                     GI_STATUS_OK);
        cr_assert_eq(gi_integrate_function_tiles(ctx, f, &rule, &p, coarse, split, count - split,
                                                 pairs + 2 * split),
                     GI_STATUS_OK);
        double v;
        cr_assert_eq(gi_integrate_function_combine(ctx, &rule, &p, coarse, pairs, count, &v),
                     GI_STATUS_OK);
        double want = coarse ? whole.coarse_value : whole.value;
        cr_assert(memcmp(&v, &want, sizeof v) == 0, "coarse %d: %a vs %a", coarse, v, want);
        cr_assert_eq(gi_integrate_function_tiles(ctx, f, &rule, &p, coarse, count - 1, 2, pairs),
                     GI_STATUS_INVALID_ARGUMENT);
        cr_assert(strstr(gi_last_error(ctx), "must lie within"), "%s", gi_last_error(ctx));
        cr_assert_eq(gi_integrate_function_combine(ctx, &rule, &p, coarse, pairs, count - 1, &v),
                     GI_STATUS_INVALID_ARGUMENT);
        free(pairs);
    }
    gi_integrand_destroy(f);
    gi_context_destroy(ctx);
}

Test(integrand_api, midpoint_has_the_builtin_grid)
{
    /* the midpoint rule evaluates gi_integrate's very points: for sin(x+y) the two agree within
     * their (different) summations' rounding, ~1e-16 of Σ|terms| */
    gi_context *ctx = open_device("serial", 0);
    gi_integrand *f;
    cr_assert_eq(gi_integrand_from_expression(ctx, "sin(x+y)", NULL, NULL, 0, &f), GI_STATUS_OK);
    gi_integrate_params p = {0.5, 3, -1, 2, 1000, 999};
    gi_integral res;
    gi_integrate_result builtin;
    cr_assert_eq(gi_integrate_function(ctx, f, NULL, &p, &res), GI_STATUS_OK);
    cr_assert_eq(gi_integrate(ctx, &p, &builtin), GI_STATUS_OK);
    cr_assert_leq(fabs(res.value - builtin.value), 1e-14, "%.17g vs %.17g", res.value,
                  builtin.value);
    cr_assert_leq(fabs(res.value - gi_integrate_closed_form(&p)), 1e-14);
    gi_integrand_destroy(f);
    gi_context_destroy(ctx);
}

Test(integrand_api, statuses_and_messages)
{
    gi_context *ctx = open_device("serial", 0);
    gi_integrand *f = (gi_integrand *)1;
    cr_assert_eq(gi_integrand_from_expression(ctx, "1 + sinn(x)", NULL, NULL, 0, &f),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_assert_null(f);
    cr_assert_str_eq(gi_last_error(ctx), "unknown function 'sinn' at column 5");
    const char *names[] = {"sin"};
    double values[] = {1};
    cr_assert_eq(gi_integrand_from_expression(ctx, "x", names, values, 1, &f),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_last_error(ctx), "is reserved"));
    cr_assert_eq(gi_integrand_from_expression(ctx, NULL, NULL, NULL, 0, &f), GI_STATUS_MISUSE);
    cr_assert_eq(gi_integrand_from_function(ctx, NULL, NULL, &f), GI_STATUS_MISUSE);
    cr_assert_eq(gi_integrand_from_expression(NULL, "x", NULL, NULL, 0, &f), GI_STATUS_MISUSE);
    gi_integrand_destroy(NULL);

    gi_rule r;
    cr_assert_eq(gi_rule_parse(ctx, "gauss:4", &r), GI_STATUS_OK);
    cr_assert(r.kind == GI_RULE_GAUSS && r.order == 4);
    cr_assert_eq(gi_rule_parse(ctx, "simpson", &r), GI_STATUS_OK);
    cr_assert_eq(r.kind, GI_RULE_SIMPSON);
    const char *bad[] = {"gauss:0", "gauss:21", "gauss:", "gauss:3x", "trapezoid", "", "Midpoint"};
    for (int k = 0; k < 7; k++) {
        cr_assert_eq(gi_rule_parse(ctx, bad[k], &r), GI_STATUS_INVALID_ARGUMENT, "%s", bad[k]);
        char want[160];
        snprintf(want, sizeof want,
                 "rule '%s' is not one of midpoint, simpson, gauss:K with K from 1 to 20", bad[k]);
        cr_assert_str_eq(gi_last_error(ctx), want);
    }

    cr_assert_eq(gi_integrand_from_expression(ctx, "x*y", NULL, NULL, 0, &f), GI_STATUS_OK);
    gi_integrate_params p = {0, 1, 0, 1, 10, 0};
    gi_integral res;
    cr_assert_eq(gi_integrate_function(ctx, f, NULL, &p, &res), GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_last_error(ctx), "ny = 0 must be between 1 and"), "%s", gi_last_error(ctx));
    p.ny = 10;
    gi_rule g = {GI_RULE_GAUSS, 99};
    cr_assert_eq(gi_integrate_function(ctx, f, &g, &p, &res), GI_STATUS_INVALID_ARGUMENT);
    cr_assert_str_eq(gi_last_error(ctx), "gauss:99: the order must be between 1 and 20");
    cr_assert_eq(gi_integrate_function(ctx, NULL, NULL, &p, &res), GI_STATUS_MISUSE);
    /* one cell: no coarser grid, the estimate says nothing */
    gi_integrate_params one = {0, 1, 0, 1, 1, 1};
    cr_assert_eq(gi_integrate_function(ctx, f, NULL, &one, &res), GI_STATUS_OK);
    cr_assert_eq(res.value, 0.25);
    cr_assert_eq(res.error_estimate, 0.0);
    gi_integrand_destroy(f);
    gi_context_destroy(ctx);
}
