/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The quadrature rules: reading "midpoint|simpson|gauss:K", Gauss–Legendre nodes, and the
 * point/weight/tile layout of common/rule.h that every backend sums.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "core/context_impl.h"
#include "core/integrand_impl.h"
#include "core/tile_layout.h"

gi_status gi_rule_check(gi_error *err, const gi_rule *rule)
{
    if (!rule || rule->kind == GI_RULE_MIDPOINT || rule->kind == GI_RULE_SIMPSON)
        return GI_STATUS_OK;
    if (rule->kind != GI_RULE_GAUSS)
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "rule kind %d is not one of midpoint (0), simpson (1), gauss (2)",
                            (int)rule->kind);
    if (rule->order < 1 || rule->order > GI_RULE_GAUSS_MAX_ORDER)
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "gauss:%d: the order must be between 1 and %d", rule->order,
                            GI_RULE_GAUSS_MAX_ORDER);
    return GI_STATUS_OK;
}

gi_status gi_rule_parse(gi_context *ctx, const char *text, gi_rule *rule)
{
    gi_status st = gi_context_enter(ctx, "gi_rule_parse", 2, "text", text, "rule", rule);
    if (st != GI_STATUS_OK)
        return st;
    if (strcmp(text, "midpoint") == 0) {
        *rule = (gi_rule){GI_RULE_MIDPOINT, 1};
        return GI_STATUS_OK;
    }
    if (strcmp(text, "simpson") == 0) {
        *rule = (gi_rule){GI_RULE_SIMPSON, 2};
        return GI_STATUS_OK;
    }
    if (strncmp(text, "gauss:", 6) == 0 && text[6] >= '0' && text[6] <= '9') {
        char *end;
        errno = 0;
        long k = strtol(text + 6, &end, 10);
        if (*end == '\0' && errno == 0 && k >= 1 && k <= GI_RULE_GAUSS_MAX_ORDER) {
            *rule = (gi_rule){GI_RULE_GAUSS, (int)k};
            return GI_STATUS_OK;
        }
    }
    return gi_error_set(&ctx->err, GI_STATUS_INVALID_ARGUMENT,
                        "rule '%.64s' is not one of midpoint, simpson, gauss:K with K from 1 to %d",
                        text, GI_RULE_GAUSS_MAX_ORDER);
}

/* The k Gauss–Legendre nodes and weights mapped to [0, 1], in ascending order: Newton's method on
 * the Legendre polynomial P_k (three-term recurrence) in long double, from the usual cosine
 * guesses, then rounded once. */
static void gauss_nodes(int k, double *t, double *w)
{
    for (int i = 0; i < (k + 1) / 2; i++) {
        long double z = cosl(3.14159265358979323846264338327950288L * ((long double)i + 0.75L) /
                             ((long double)k + 0.5L));
        long double dp = 1.0L;
        for (int iter = 0; iter < 100; iter++) {
            long double p0 = 1.0L, p1 = z;
            for (int n = 2; n <= k; n++) {
                long double p2 = ((2.0L * n - 1.0L) * z * p1 - (n - 1.0L) * p0) / n;
                p0 = p1;
                p1 = p2;
            }
            if (k == 1)
                p0 = 1.0L, p1 = z;
            dp = k * (z * p1 - p0) / (z * z - 1.0L);
            long double dz = p1 / dp;
            z -= dz;
            if (fabsl(dz) < 1e-19L)
                break;
        }
        /* recompute the derivative at the converged node */
        long double p0 = 1.0L, p1 = z;
        for (int n = 2; n <= k; n++) {
            long double p2 = ((2.0L * n - 1.0L) * z * p1 - (n - 1.0L) * p0) / n;
            p0 = p1;
            p1 = p2;
        }
        dp = k == 1 ? 1.0L : k * (z * p1 - p0) / (z * z - 1.0L);
        long double weight = 2.0L / ((1.0L - z * z) * dp * dp);
        /* z is the i-th largest node: mirror it */
        t[k - 1 - i] = (double)((1.0L + z) / 2.0L);
        t[i] = (double)((1.0L - z) / 2.0L);
        w[k - 1 - i] = w[i] = (double)(weight / 2.0L);
    }
    if (k % 2 == 1)
        t[k / 2] = 0.5; /* the middle node is 0 exactly */
}

static void axis_make(const gi_rule *rule, double lo, double hi, int64_t n, gi_rule_axis *a)
{
    memset(a, 0, sizeof *a);
    a->lo = lo;
    a->cells = n;
    a->h = (hi - lo) / (double)n;
    gi_rule_kind kind = rule ? rule->kind : GI_RULE_MIDPOINT;
    if (kind == GI_RULE_SIMPSON) {
        a->k = 2;
        a->t[0] = 0.0, a->t[1] = 0.5;
        a->w[0] = 1.0 / 3.0, a->w[1] = 2.0 / 3.0;
        a->ends = 1;
        a->w_end = 1.0 / 6.0;
    } else if (kind == GI_RULE_GAUSS && rule->order > 1) {
        a->k = rule->order;
        gauss_nodes(a->k, a->t, a->w);
    } else { /* midpoint, and gauss:1 which is the midpoint rule */
        a->k = 1;
        a->t[0] = 0.5;
        a->w[0] = 1.0;
    }
    a->points = a->k * n + a->ends;
}

void gi_rule_layout_make(const gi_rule *rule, const gi_integrate_params *p, int coarse,
                         gi_rule_layout *R)
{
    int64_t nx = coarse ? (p->nx + 1) / 2 : p->nx, ny = coarse ? (p->ny + 1) / 2 : p->ny;
    axis_make(rule, p->x0, p->x1, nx, &R->x);
    axis_make(rule, p->y0, p->y1, ny, &R->y);
    R->tiles = gi_tile_layout_make(p->x0, p->x1, p->y0, p->y1, R->x.points, R->y.points);
    /* gi_tiles_value scales by these: the weights are per cell of these widths. */
    R->tiles.hx = R->x.h;
    R->tiles.hy = R->y.h;
    R->unit_weights = R->x.k == 1 && !R->x.ends;
}
