/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The rule's tile sum on the CPU. Compiled like sin_row.c (-O3 -fopenmp-simd -ffp-contract=off,
 * never -ffast-math): the Neumaier steps depend on IEEE order.
 */
#include "cpu_rule_tile.h"

#include <math.h>
#include <stdint.h>

#include "simd.h"

#define LANES 8
#define BLOCK GI_INTEGRAND_BLOCK
_Static_assert(BLOCK % LANES == 0, "blocks hold whole vectors of lanes");

/* The per-thread scratch: the integrand's own, then the block's y, weights and values. */
size_t gi_cpu_rule_scratch_bytes(const gi_integrand_desc *f)
{
    return (f->scratch_bytes + 63) / 64 * 64 + 3 * BLOCK * sizeof(double);
}

/* The compensated step on 8 lanes at once, with Knuth's TwoSum: the same exact rounding error
 * as Neumaier's compare-and-branch form (so the same bits), without a branch, so the compiler
 * vectorises it (the branchy form compiled to scalar code with mispredicted jumps). The lanes
 * live in locals, kept in registers across the block. */
GI_VECTOR_CLONES
static void lanes_add(double *restrict s_io, double *restrict c_io, const double *restrict v,
                      size_t n)
{
    double s[LANES], c[LANES];
    for (int l = 0; l < LANES; l++) {
        s[l] = s_io[l];
        c[l] = c_io[l];
    }
    for (size_t k = 0; k < n; k += LANES) {
#pragma omp simd
        for (int l = 0; l < LANES; l++) {
            double x = v[k + (size_t)l];
            double t = s[l] + x;
            double z = t - s[l];
            c[l] += (s[l] - (t - z)) + (x - z);
            s[l] = t;
        }
    }
    for (int l = 0; l < LANES; l++) {
        s_io[l] = s[l];
        c_io[l] = c[l];
    }
}

/* v[k] *= w·wy[k] for the weighted rules. */
GI_VECTOR_CLONES
static void weigh(double *restrict v, double w, const double *restrict wy, size_t n)
{
#pragma omp simd
    for (size_t k = 0; k < n; k++)
        v[k] = (w * wy[k]) * v[k];
}

/* y[k] = gi_rule_point(a, j + k) and wy[k] = gi_rule_weight(a, j + k), the same bits, with one
 * division per block instead of one per point (an int64 division costs more than the point). */
static void block_points(const gi_rule_axis *a, int64_t j, size_t n, double *y, double *wy)
{
    int64_t cell = j / a->k;
    int q = (int)(j % a->k);
    for (size_t k = 0; k < n; k++) {
        y[k] = a->lo + ((double)cell + a->t[q]) * a->h;
        wy[k] = a->w[q];
        if (++q == a->k)
            q = 0, cell++;
    }
    if (a->ends) {
        if (j == 0)
            wy[0] = a->w_end;
        if (j + (int64_t)n == a->points)
            wy[n - 1] = a->w_end;
    }
}

int gi_cpu_rule_tile_sum(const gi_rule_layout *R, const gi_integrand_desc *f, int64_t t,
                         const atomic_int *stop, void *scratch, gi_sum *out)
{
    int64_t i0, i1, j0, j1;
    gi_tile_bounds(&R->tiles, t, &i0, &i1, &j0, &j1);
    void *fs = scratch;
    double *y = (double *)((char *)scratch + (f->scratch_bytes + 63) / 64 * 64);
    double *wy = y + BLOCK, *v = wy + BLOCK;
    double s[LANES] = {0}, c[LANES] = {0};
    int stopped = 0;

    for (int64_t j = j0; j < j1 && !stopped; j += BLOCK) {
        size_t n = (size_t)(j1 - j < BLOCK ? j1 - j : BLOCK);
        block_points(&R->y, j, n, y, wy);
        /* The last block's padding: real points (the integrand sees no made-up values), whose
         * terms are replaced by zeros below. */
        size_t padded = (n + LANES - 1) / LANES * LANES;
        for (size_t k = n; k < padded; k++) {
            y[k] = y[n - 1];
            wy[k] = 0.0;
        }
        for (int64_t i = i0; i < i1; i++) {
            if (atomic_load_explicit(stop, memory_order_relaxed)) {
                stopped = 1;
                break;
            }
            double x = gi_rule_point(&R->x, i);
            if (f->row)
                f->row(f->impl, x, fs);
            f->block(f->impl, x, y, n, v, fs);
            if (!R->unit_weights)
                weigh(v, gi_rule_weight(&R->x, i), wy, n);
            for (size_t k = n; k < padded; k++)
                v[k] = 0.0;
            lanes_add(s, c, v, padded);
        }
    }
    double S = 0.0, C = 0.0;
    for (int l = 0; l < LANES; l++)
        gi_sum_merge(&S, &C, (gi_sum){s[l], c[l]});
    out->s = S;
    out->c = C;
    return stopped;
}
