/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU backends' inner loop (host/backends/common/sin_row.c) against the exact sum of the
 * very sines it computes.
 *
 * One term in lane 0 of a fresh gi_lane_sums comes back exactly: s = fl(B + v) − B and c the
 * exact Fast2Sum error, so s + c = v, and fl(s + c) = v since v is a double. libmvec computes
 * each lane on its own, so this is the value the loop adds when v sits in a full vector. The
 * exact sum of those values (Shewchuk's partials, as Python's math.fsum) is the reference.
 *
 * The tolerance, from sin_row.h: a row piece is off by at most 5e-26 per lane, the TwoSum that
 * folds pieces into the running sums by at most u·|sum| per lane, and the test's own fold of
 * 8 lanes by the same: |kernel − exact| ≤ 1e-24 + 4u·Σ|lane sums|. A plain sum of 1024 terms
 * near ±1 is off by ~1e-14: the cases with cancellation fail for any uncompensated loop.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "common/sin_row.h"

/* The sine the kernel adds for x + y. It must be within libmvec's 4 ulp of libm's sin (which
 * is within 1): this also keeps the reference honest, since a kernel that lost its
 * compensation would return v rounded to a multiple of 2⁻⁴⁴ here. */
static double kernel_sine(double x, double y)
{
    double pad[GI_SIN_LANES];
    for (int l = 0; l < GI_SIN_LANES; l++)
        pad[l] = y;
    gi_lane_sums one = {{0}, {0}};
    gi_sin_row_sum(x, pad, 1, &one);
    double v = one.s[0] + one.c[0], want = sin(x + y);
    cr_assert_leq(fabs(v - want), 5 * DBL_EPSILON * fabs(want) + DBL_MIN,
                  "sin(%.17g) = %.17g, libm says %.17g", x + y, v, want);
    return v;
}

/* Exact running sum as a list of non-overlapping partials (Shewchuk). */
typedef struct exact_sum {
    double p[64];
    int n;
} exact_sum;

static void exact_add(exact_sum *e, double x)
{
    int k = 0;
    for (int j = 0; j < e->n; j++) {
        double y = e->p[j];
        if (fabs(x) < fabs(y)) {
            double t = x;
            x = y;
            y = t;
        }
        double hi = x + y, lo = y - (hi - x);
        if (lo != 0.0)
            e->p[k++] = lo;
        x = hi;
    }
    cr_assert_lt(k, 63, "too many partials");
    e->p[k++] = x;
    e->n = k;
}

static double exact_value(const exact_sum *e)
{
    double s = 0.0;
    for (int j = e->n - 1; j >= 0; j--)
        s += e->p[j];
    return s;
}

/* Adds sin(x + y[k]) for each of `pieces` row pieces of length n, with the kernel and exactly,
 * and compares. y holds pieces·n values (padded by the caller where needed). */
static void check(double x, const double *y, size_t n, int pieces, const char *what)
{
    gi_lane_sums acc = {{0}, {0}};
    exact_sum want = {.n = 0}, got = {.n = 0}, mass = {.n = 0};
    for (int p = 0; p < pieces; p++) {
        gi_sin_row_sum(x, y + (size_t)p * n, n, &acc);
        for (size_t k = 0; k < n; k++) {
            double v = kernel_sine(x, y[(size_t)p * n + k]);
            exact_add(&want, v);
            exact_add(&mass, fabs(v));
        }
    }
    double lanes = 0.0;
    for (int l = 0; l < GI_SIN_LANES; l++) {
        exact_add(&got, acc.s[l]);
        exact_add(&got, acc.c[l]);
        lanes += fabs(acc.s[l]) + fabs(acc.c[l]);
    }
    double diff = fabs(exact_value(&got) - exact_value(&want));
    double tol = 1e-24 + 4 * (DBL_EPSILON / 2) * lanes;
    cr_assert_leq(diff, tol,
                  "%s: kernel %.17g, exact %.17g (sum of |terms| %.4g): off by %.3g > %.3g", what,
                  exact_value(&got), exact_value(&want), exact_value(&mass), diff, tol);
}

static double uniform(unsigned *seed, double lo, double hi)
{
    return lo + (hi - lo) * ((double)rand_r(seed) / RAND_MAX);
}

Test(cpu_kernel, random_points_sum_exactly)
{
    static double y[3 * GI_SIN_ROW_MAX];
    unsigned seed = 1;
    for (size_t k = 0; k < 3 * GI_SIN_ROW_MAX; k++)
        y[k] = uniform(&seed, -4.0, 4.0);
    check(0.3, y, GI_SIN_ROW_MAX, 3, "random points, 3 full pieces");
}

Test(cpu_kernel, sines_near_one_fill_the_bias_range)
{
    /* Every term ~1: each lane's piece sum reaches 128, the top of what the bias allows. */
    static double y[2 * GI_SIN_ROW_MAX];
    unsigned seed = 2;
    for (size_t k = 0; k < 2 * GI_SIN_ROW_MAX; k++)
        y[k] = M_PI / 2 - 0.25 + uniform(&seed, -1e-3, 1e-3);
    check(0.25, y, GI_SIN_ROW_MAX, 2, "sines near +1");
}

Test(cpu_kernel, cancelling_pieces_keep_the_remainder)
{
    /* A piece of sines near +1, then one near −1: the ~256 per lane cancels and what is left
     * is ~1e-3 of it; a plain sum loses the last ~1e-14 absolute. */
    static double y[2 * GI_SIN_ROW_MAX];
    unsigned seed = 3;
    for (size_t k = 0; k < GI_SIN_ROW_MAX; k++) {
        y[k] = M_PI / 2 + uniform(&seed, -0.05, 0.05);
        y[GI_SIN_ROW_MAX + k] = -M_PI / 2 + uniform(&seed, -0.05, 0.05);
    }
    check(0.0, y, GI_SIN_ROW_MAX, 2, "cancelling pieces");
}

Test(cpu_kernel, cancelling_terms_within_a_piece)
{
    static double y[GI_SIN_ROW_MAX];
    unsigned seed = 4;
    for (size_t k = 0; k < GI_SIN_ROW_MAX; k++)
        y[k] = (k % 16 < 8 ? 1.0 : -1.0) * (M_PI / 2 + uniform(&seed, -0.5, 0.5));
    check(0.0, y, GI_SIN_ROW_MAX, 1, "alternating signs");
}

Test(cpu_kernel, partial_vector_drops_the_padding)
{
    /* 13 terms: the last vector has 3 real lanes; the padding points have sine 1, so adding
     * any of them would be off by 1. */
    static double y[16];
    for (size_t k = 0; k < 16; k++)
        y[k] = k < 13 ? 0.1 * (double)k - 0.6 : M_PI / 2;
    check(0.0, y, 13, 1, "13 terms");
    gi_lane_sums acc = {{0}, {0}};
    gi_sin_row_sum(0.0, y, 13, &acc);
    for (int l = 5; l < GI_SIN_LANES; l++) /* lanes 5..7 got term l only */
        cr_assert_eq(acc.s[l] + acc.c[l], kernel_sine(0.0, y[l]), "lane %d holds more than term %d",
                     l, l);
}
