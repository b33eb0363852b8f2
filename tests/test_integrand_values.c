/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_integrate_function on each backend of $GI_TEST_DEVICES against closed forms, with a
 * tolerance derived from each rule's error term (registered for cpu with serial,openmp and for
 * opencl with opencl).
 *
 * The rules' error terms, for a tensor rule Qx⊗Qy with positive weights on [x0,x1]×[y0,y1]:
 * I − QxQy = (Ix − Qx)Iy + Qx(Iy − Qy), so |E| ≤ A·(C·hx^p·Mx + C·hy^p·My), A the area and Mx a
 * bound of |∂ˣ^p f| (likewise My), with
 *     midpoint  p = 2,  C = 1/24;     simpson  p = 4,  C = 1/2880;
 *     gauss:K   p = 2K, C = (K!)⁴ / ((2K+1)·((2K)!)³)        (per cell, summed over cells).
 * Rounding adds at most A·max|f|·(16 ulp of each value, libmvec's 4 ulp and the points' and
 * Neumaier's roundings) — bounded here by A·max|f|·1e-13 (≈ 450 u) plus the truncation bound.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "integrate_check.h"

typedef struct rect {
    double x0, x1, y0, y1;
} rect;

static const rect rects[] = {
    {0, 1, 0, 1}, {-1.5, 0.5, 0.25, 2.0}, {2.0, 2.5, -3.0, -1.0}, {-0.3, 0.3, -2.0, 2.0}};

static double factorial(int n)
{
    double f = 1;
    for (int k = 2; k <= n; k++)
        f *= k;
    return f;
}

/* The error constant C and order p of a rule (see the top of the file). */
static void rule_constants(const gi_rule *r, double *C, int *p)
{
    if (r->kind == GI_RULE_MIDPOINT || (r->kind == GI_RULE_GAUSS && r->order == 1)) {
        *C = 1.0 / 24.0;
        *p = 2;
    } else if (r->kind == GI_RULE_SIMPSON) {
        *C = 1.0 / 2880.0;
        *p = 4;
    } else {
        int K = r->order;
        *C = pow(factorial(K), 4) / ((2.0 * K + 1.0) * pow(factorial(2 * K), 3));
        *p = 2 * K;
    }
}

typedef struct integrand_case {
    const char *expr;
    const char *names[2];
    double values[2];
    int nparams;
    /* exact integral, bounds of |∂x^p f| and |∂y^p f| and of |f| on the rectangle */
    double (*exact)(const rect *, const double *);
    void (*bounds)(const rect *, const double *, int p, double *Mx, double *My, double *F);
} integrand_case;

static double exact_exp(const rect *r, const double *v)
{
    (void)v;
    return (exp(r->x1) - exp(r->x0)) * (exp(r->y1) - exp(r->y0));
}

static void bounds_exp(const rect *r, const double *v, int p, double *Mx, double *My, double *F)
{
    (void)v;
    (void)p;
    *Mx = *My = *F = exp(r->x1 + r->y1);
}

/* ∫ e^{-t²/2} = √(π/2)·erf(t/√2). Cramér: |dⁿ/dtⁿ e^{-t²/2}| ≤ 1.0865·√(n!). */
static double gauss_1d(double a, double b)
{
    return sqrt(M_PI / 2) * (erf(b / M_SQRT2) - erf(a / M_SQRT2));
}

static double exact_gauss(const rect *r, const double *v)
{
    (void)v;
    return gauss_1d(r->x0, r->x1) * gauss_1d(r->y0, r->y1);
}

static void bounds_gauss(const rect *r, const double *v, int p, double *Mx, double *My, double *F)
{
    (void)r;
    (void)v;
    *Mx = *My = 1.0865 * sqrt(factorial(p));
    *F = 1.0;
}

/* ∫∫ cos(ax+by) = −[cos(ax+by)]/(ab) over the corners. */
static double exact_cos(const rect *r, const double *v)
{
    double a = v[0], b = v[1];
    return -(cos(a * r->x1 + b * r->y1) - cos(a * r->x1 + b * r->y0) - cos(a * r->x0 + b * r->y1) +
             cos(a * r->x0 + b * r->y0)) /
           (a * b);
}

static void bounds_cos(const rect *r, const double *v, int p, double *Mx, double *My, double *F)
{
    (void)r;
    *Mx = pow(fabs(v[0]), p);
    *My = pow(fabs(v[1]), p);
    *F = 1.0;
}

static const integrand_case cases[] = {
    {"exp(x+y)", {0}, {0}, 0, exact_exp, bounds_exp},
    {"exp(-(x*x+y*y)/2)", {0}, {0}, 0, exact_gauss, bounds_gauss},
    {"exp(-x^2/2) * exp(-y^2/2)", {0}, {0}, 0, exact_gauss, bounds_gauss},
    {"cos(a*x + b*y)", {"a", "b"}, {3.0, -5.0}, 2, exact_cos, bounds_cos},
    {"cos(a*x + b*y)", {"a", "b"}, {0.5, 7.0}, 2, exact_cos, bounds_cos},
};

static gi_context *open_device(const char *device)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, device), GI_STATUS_OK, "%s: %s", device,
                 gi_last_error(ctx));
    return ctx;
}

static void check_case(gi_context *ctx, const char *device, const integrand_case *c,
                       const gi_rule *rule, const rect *r, int64_t nx, int64_t ny)
{
    gi_integrand *f;
    cr_assert_eq(gi_integrand_from_expression(ctx, c->expr, c->names, c->values, c->nparams, &f),
                 GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_integrate_params p = {r->x0, r->x1, r->y0, r->y1, nx, ny};
    gi_integral res;
    gi_status st = gi_integrate_function(ctx, f, rule, &p, &res);
    cr_assert_eq(st, GI_STATUS_OK, "%s %s: %s", device, c->expr, gi_last_error(ctx));
    double C, Mx, My, F;
    int order;
    rule_constants(rule, &C, &order);
    c->bounds(r, c->values, order, &Mx, &My, &F);
    double area = (r->x1 - r->x0) * (r->y1 - r->y0);
    double hx = (r->x1 - r->x0) / (double)nx, hy = (r->y1 - r->y0) / (double)ny;
    double tol = area * (C * pow(hx, order) * Mx + C * pow(hy, order) * My) + area * F * 1e-13;
    double want = c->exact(r, c->values), err = fabs(res.value - want);
    cr_assert_leq(err, tol,
                  "%s %s rule %d/%d on [%g,%g]x[%g,%g] %lldx%lld: %.17g, exact %.17g, error %.3g "
                  "> bound %.3g",
                  device, c->expr, rule->kind, rule->order, r->x0, r->x1, r->y0, r->y1,
                  (long long)nx, (long long)ny, res.value, want, err, tol);
    gi_integrand_destroy(f);
}

Test(integrand_values, closed_forms_within_the_rules_error_terms)
{
    const char *devices[16];
    int nd = gi_test_devices(devices);
    const gi_rule rules[] = {{GI_RULE_MIDPOINT, 1},
                             {GI_RULE_SIMPSON, 2},
                             {GI_RULE_GAUSS, 2},
                             {GI_RULE_GAUSS, 3},
                             {GI_RULE_GAUSS, 5}};
    for (int d = 0; d < nd; d++) {
        gi_context *ctx = open_device(devices[d]);
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
            for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++)
                for (size_t q = 0; q < sizeof rects / sizeof rects[0]; q++)
                    check_case(ctx, devices[d], &cases[c], &rules[k], &rects[q], 40 + (int64_t)q,
                               33 + 5 * (int64_t)q);
        gi_context_destroy(ctx);
    }
}

/* Gauss–Legendre of order K is exact for degree 2K−1 in each variable (Simpson for 3, midpoint
 * for 1): only rounding remains, even on a grid of one cell. */
Test(integrand_values, exact_on_polynomials_of_the_rules_degree)
{
    const char *devices[16];
    int nd = gi_test_devices(devices);
    const rect r = {-0.75, 1.25, 0.5, 2.0};
    char expr[512];
    for (int d = 0; d < nd; d++) {
        gi_context *ctx = open_device(devices[d]);
        for (int K = 1; K <= 8; K++) {
            int deg = 2 * K - 1;
            /* x^deg·y^deg + 3·x^(deg-1) − y + 2: every degree in play */
            snprintf(expr, sizeof expr, "x^%d * y^%d + 3 * x^%d - y + 2", deg, deg,
                     deg > 1 ? deg - 1 : 0);
            double ix = (pow(r.x1, deg + 1) - pow(r.x0, deg + 1)) / (deg + 1);
            double iy = (pow(r.y1, deg + 1) - pow(r.y0, deg + 1)) / (deg + 1);
            int e = deg > 1 ? deg - 1 : 0;
            double ix2 = (pow(r.x1, e + 1) - pow(r.x0, e + 1)) / (e + 1);
            double W = r.x1 - r.x0, H = r.y1 - r.y0;
            double want = ix * iy + 3 * ix2 * H - W * (r.y1 * r.y1 - r.y0 * r.y0) / 2 + 2 * W * H;
            gi_integrand *f;
            cr_assert_eq(gi_integrand_from_expression(ctx, expr, NULL, NULL, 0, &f), GI_STATUS_OK);
            gi_rule rule = {GI_RULE_GAUSS, K};
            for (int64_t n = 1; n <= 3; n++) {
                gi_integrate_params p = {r.x0, r.x1, r.y0, r.y1, n, n + 1};
                gi_integral res;
                cr_assert_eq(gi_integrate_function(ctx, f, &rule, &p, &res), GI_STATUS_OK, "%s",
                             gi_last_error(ctx));
                /* max |f| ≤ 1.25^15·2^15 + 3·1.25^14 + 4 ≈ 1.0e6: rounding ≤ 1e-13 of A·that */
                double bound =
                    1e-13 * W * H * (pow(1.25, deg) * pow(2, deg) + 3 * pow(1.25, e) + 4);
                cr_assert_leq(fabs(res.value - want), bound,
                              "%s gauss:%d on %lld cells, %s: %.17g, exact %.17g", devices[d], K,
                              (long long)n, expr, res.value, want);
            }
            gi_integrand_destroy(f);
        }
        gi_rule simpson = {GI_RULE_SIMPSON, 2}, midpoint = {GI_RULE_MIDPOINT, 1};
        gi_integrand *cubic, *linear;
        cr_assert_eq(gi_integrand_from_expression(ctx, "x^3*y^3 - 2*x*y^2", NULL, NULL, 0, &cubic),
                     GI_STATUS_OK);
        cr_assert_eq(gi_integrand_from_expression(ctx, "3*x - 2*y + 1", NULL, NULL, 0, &linear),
                     GI_STATUS_OK);
        gi_integrate_params p = {r.x0, r.x1, r.y0, r.y1, 1, 2};
        gi_integral a, b;
        cr_assert_eq(gi_integrate_function(ctx, cubic, &simpson, &p, &a), GI_STATUS_OK);
        cr_assert_eq(gi_integrate_function(ctx, linear, &midpoint, &p, &b), GI_STATUS_OK);
        double W = r.x1 - r.x0, H = r.y1 - r.y0;
        double want_a = (pow(r.x1, 4) - pow(r.x0, 4)) / 4 * (pow(r.y1, 4) - pow(r.y0, 4)) / 4 -
                        2 * (r.x1 * r.x1 - r.x0 * r.x0) / 2 * (pow(r.y1, 3) - pow(r.y0, 3)) / 3;
        double want_b = 3 * (r.x1 * r.x1 - r.x0 * r.x0) / 2 * H -
                        2 * (r.y1 * r.y1 - r.y0 * r.y0) / 2 * W + W * H;
        cr_assert_leq(fabs(a.value - want_a), 1e-13 * 64, "simpson on a cubic: %.17g vs %.17g",
                      a.value, want_a);
        cr_assert_leq(fabs(b.value - want_b), 1e-13 * 16, "midpoint on a line: %.17g vs %.17g",
                      b.value, want_b);
        gi_integrand_destroy(cubic);
        gi_integrand_destroy(linear);
        gi_context_destroy(ctx);
    }
}

/* The estimate |I(h) − I(2h)| ≈ (2^p − 1)·|E(h)| on smooth integrands where truncation dominates
 * rounding: it must bracket the true error, and not by more than 2·(2^p − 1). */
Test(integrand_values, error_estimate_brackets_the_true_error)
{
    const char *devices[16];
    int nd = gi_test_devices(devices);
    const gi_rule rules[] = {{GI_RULE_MIDPOINT, 1}, {GI_RULE_SIMPSON, 2}, {GI_RULE_GAUSS, 2}};
    const int64_t n[] = {64, 24, 16};
    for (int d = 0; d < nd; d++) {
        gi_context *ctx = open_device(devices[d]);
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            gi_integrand *f;
            cr_assert_eq(gi_integrand_from_expression(ctx, cases[c].expr, cases[c].names,
                                                      cases[c].values, cases[c].nparams, &f),
                         GI_STATUS_OK);
            for (size_t k = 0; k < 3; k++) {
                const rect *r = &rects[1];
                gi_integrate_params p = {r->x0, r->x1, r->y0, r->y1, n[k], n[k]};
                gi_integral res;
                cr_assert_eq(gi_integrate_function(ctx, f, &rules[k], &p, &res), GI_STATUS_OK);
                double C;
                int order;
                rule_constants(&rules[k], &C, &order);
                double err = fabs(res.value - cases[c].exact(r, cases[c].values));
                cr_assert_gt(err, 1e-11, "%s: truncation must dominate for this check (%g)",
                             cases[c].expr, err);
                cr_assert_geq(res.error_estimate, err, "%s %s rule %d: estimate %.3g < error %.3g",
                              devices[d], cases[c].expr, rules[k].kind, res.error_estimate, err);
                cr_assert_leq(res.error_estimate, 2 * (pow(2, order) - 1) * err,
                              "%s %s rule %d: estimate %.3g, error %.3g", devices[d], cases[c].expr,
                              rules[k].kind, res.error_estimate, err);
                /* both grids: n×n and n/2×n/2 cells (n even), k points per cell and axis,
                 * Simpson's right ends */
                uint64_t m = (uint64_t)n[k], h = m / 2;
                uint64_t want = k == 0   ? m * m + h * h
                                : k == 1 ? (2 * m + 1) * (2 * m + 1) + (2 * h + 1) * (2 * h + 1)
                                         : 4 * m * m + 4 * h * h;
                cr_assert_eq(res.evaluations, want);
            }
            gi_integrand_destroy(f);
        }
        gi_context_destroy(ctx);
    }
}
