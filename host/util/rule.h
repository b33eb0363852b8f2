/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/rule.h — where a quadrature rule puts its points and what they weigh,
 * laid out in the fixed tiles of tiles.h, so that every backend sums the same terms in the same
 * tiles.
 *
 * A rule is a tensor product of one 1-D rule per axis. Along an axis of n cells of width h from
 * lo, point p (0 ≤ p < points) lies at
 *     lo + ((double)(p / k) + t[p % k]) · h         (cell p / k, node p % k of that cell)
 * and weighs w[p % k], except the first and last point of a rule with `ends` set, which weigh
 * w_end. The integral is (Σ_i Σ_j wx_i · wy_j · f(x_i, y_j)) · hx · hy, the sum over the points
 * cut into tiles (gi_tile_layout over the point counts) and summed with Neumaier's sum per tile,
 * the tiles combined in tile order (gi_tiles_finish's order).
 *
 *   midpoint  k = 1: t = ½, w = 1 — the grid of gi_integrate, the same points to the bit;
 *   simpson   k = 2: t = 0, ½; w = ⅓, ⅔; plus the right end (ends): w_end = ⅙ — composite
 *             Simpson per cell, n·2+1 points;
 *   gauss:K   k = K: t = (1+ξ)/2 and w = ω/2 for the Gauss–Legendre nodes ξ and weights ω.
 *
 * Plain C99, header only: also read by the OpenCL and CUDA host code.
 */
#ifndef GI_UTIL_RULE_H
#define GI_UTIL_RULE_H

#include <stdint.h>

#include "util/tiles.h"

#define GI_RULE_MAX_NODES 20 /* nodes per cell: gauss:K for K ≤ 20 */

typedef struct gi_rule_axis {
    double lo, h;   /* first cell's left end, cell width (rounded once, as tiles.h's) */
    int64_t cells;  /* n */
    int64_t points; /* k·n, plus 1 with ends */
    int k;          /* nodes per cell */
    int ends;       /* 1: the last point is the right end of the last cell; ends weigh w_end */
    double w_end;
    double t[GI_RULE_MAX_NODES]; /* node offsets within a cell, in [0, 1) */
    double w[GI_RULE_MAX_NODES]; /* node weights, summing to 1 per cell */
} gi_rule_axis;

typedef struct gi_rule_layout {
    gi_rule_axis x, y;
    gi_tile_layout tiles; /* over x.points × y.points; its hx, hy are the cell widths */
    int unit_weights;     /* every weight is 1 (midpoint): the terms are f itself */
} gi_rule_layout;

static inline double gi_rule_point(const gi_rule_axis *a, int64_t p)
{
    return a->lo + ((double)(p / a->k) + a->t[p % a->k]) * a->h;
}

static inline double gi_rule_weight(const gi_rule_axis *a, int64_t p)
{
    if (a->ends && (p == 0 || p == a->points - 1))
        return a->w_end;
    return a->w[p % a->k];
}

#endif /* GI_UTIL_RULE_H */
