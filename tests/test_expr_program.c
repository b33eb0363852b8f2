/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU form of an expression (host/expr/program.c, vm.c) against the tree's reference
 * evaluation with scalar libm. The interpreter calls glibc's vector functions (libmvec, at most
 * 4 ulp from the correctly rounded value) where libm's scalar ones are within 1 ulp, so a point
 * may differ by a few ulp per function on its path, and sums of such terms cancel: the bound is
 * 1e-13 relative to max(1, |f|), a few hundred ulp — far below what any wrong operation,
 * operand or register would give.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr.h"
#include "expr/program.h"

static void check(const char *src, double x0, double x1, double y0, double y1)
{
    const double tol = 1e-13;
    static const char *const names[] = {"a", "b"};
    static const double values[] = {1.5, -0.25};
    gi_expr_error err;
    gi_expr *e = gi_expr_compile(src, names, values, 2, &err);
    cr_assert_not_null(e, "%.60s: %s", src, err.msg);
    gi_expr_program *p = gi_expr_program_build(e);
    cr_assert_not_null(p);
    void *scratch = aligned_alloc(64, (gi_expr_program_scratch_bytes(p) + 63) / 64 * 64);
    cr_assert_not_null(scratch);
    double y[GI_EXPR_BLOCK], out[GI_EXPR_BLOCK];
    /* full blocks and a ragged one: 256, 255, 1, 7 points */
    const size_t sizes[] = {GI_EXPR_BLOCK, GI_EXPR_BLOCK - 1, 1, 7};
    for (int r = 0; r < 9; r++) {
        double x = x0 + (x1 - x0) * r / 8.0;
        gi_expr_program_row(p, x, scratch);
        for (int s = 0; s < 4; s++) {
            size_t n = sizes[s];
            for (size_t k = 0; k < n; k++)
                y[k] = y0 + (y1 - y0) * (double)k / (double)(n > 1 ? n - 1 : 1);
            gi_expr_program_block(p, y, n, out, scratch);
            for (size_t k = 0; k < n; k++) {
                double want = gi_expr_eval(e, x, y[k]);
                if (!isfinite(want)) {
                    cr_assert(isnan(want) ? isnan(out[k]) : out[k] == want,
                              "%s at (%g, %g): %g, want %g", src, x, y[k], out[k], want);
                    continue;
                }
                cr_assert_leq(fabs(out[k] - want), tol * fmax(1.0, fabs(want)),
                              "%.60s at (%.17g, %.17g): %.17g, want %.17g", src, x, y[k], out[k],
                              want);
            }
        }
    }
    free(scratch);
    gi_expr_program_free(p);
    gi_expr_free(e);
}

Test(program, arithmetic_of_every_shape)
{
    check("x + y", -2, 2, -3, 3);
    check("y + x - 1", -2, 2, -3, 3);
    check("x * y / a - b * y + (x - y) / 3", -2, 2, 0.5, 3);
    check("-y", 0, 1, -1, 1);
    check("a", 0, 1, 0, 1);         /* constant: no instructions at all */
    check("x * x + 1", 0, 1, 0, 1); /* row value only */
    check("y", 0, 1, 0, 1);         /* the input itself */
    check("y^3 + 2^y + y^x", 0.5, 2, 0.5, 2);
}

Test(program, every_function)
{
    check("sin(x+y) + cos(x-y) + tan(y/4)", -3, 3, -3, 3);
    check("asin(y/4) + acos(y/4) + atan(y*x)", -1, 1, -3, 3);
    check("atan2(y, x) + hypot(x, y)", -1, 1, -3, 3);
    check("sinh(y) + cosh(y) + tanh(y*x)", -2, 2, -3, 3);
    check("exp(-(x*x+y*y)/2) * cos(3*x*y)", -2, 2, -2, 2);
    check("expm1(y) + log1p(y*y) + log(2+y) + log2(3+y) + log10(4+y)", -1, 1, -1, 1);
    check("sqrt(y*y) + cbrt(y) + fabs(y) + floor(y*3) + ceil(y*3)", -1, 1, -2, 2);
    check("fmin(x, y) + fmax(x, y) + pow(y*y, 0.3)", -1, 1, -2, 2);
    check("erf(y) + erfc(y) + tgamma(y + 3) + lgamma(y + 3)", -1, 1, -2, 2);
}

Test(program, conditions_and_nan)
{
    check("if(x < y, sin(y), cos(y)) + if(y >= 0, y, -y) + if(y == 0, 1, 0) + if(y != x, 1, 2)", -1,
          1, -1, 1);
    check("if(y <= x, 1, 2) * if(y > x, 3, 4)", -1, 1, -1, 1);
    check("log(y)", 0, 1, -1, 1); /* NaN for y < 0 in both */
}

Test(program, deep_chains)
{
    /* 200 terms (about 700 nodes): register reuse must keep the program small and right. */
    static char src[GI_EXPR_MAX_LENGTH];
    strcpy(src, "sin(y)");
    for (int i = 0; i < 200; i++)
        strcat(src, i % 2 ? "+y*x" : "-cos(y)");
    check(src, -1, 1, -1, 1);
}
