/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_integrate_tile_count, gi_integrate_tiles, gi_integrate_combine: one integral computed as
 * tile ranges in several processes and finished in one, with gi_integrate's bits.
 */
#include <gpuinteg/integrate.h>

#include <math.h>
#include <string.h>

#include "util/clock.h"
#include "util/error.h"
#include "core/context_impl.h"
#include "core/dispatch.h"
#include "core/integrate_impl.h"
#include "core/tile_layout.h"

/* The public API speaks of pairs of doubles; the backends fill gi_sum. */
_Static_assert(sizeof(gi_sum) == 2 * sizeof(double), "gi_sum must be two packed doubles");

int64_t gi_integrate_tile_count(const gi_integrate_params *p)
{
    gi_error scratch;
    if (!p || gi_integrate_check(&scratch, p) != GI_STATUS_OK)
        return 0;
    return gi_integrate_layout(p, GI_SINE_GI).count; /* the same tiles for either sine */
}

gi_status gi_integrate_tiles(gi_context *ctx, const gi_integrate_params *p, int64_t first,
                             int64_t count, double *pairs)
{
    gi_status st = gi_context_enter(ctx, "gi_integrate_tiles", 2, "params", p, "pairs", pairs);
    if (st == GI_STATUS_OK)
        st = gi_integrate_check_all(ctx, p);
    if (st != GI_STATUS_OK)
        return st;
    gi_tile_layout L = gi_integrate_layout(p, ctx->sine);
    int64_t total = L.count;
    if (first < 0 || count < 1 || first > total - count)
        return gi_error_set(&ctx->err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate_tiles: the range first = %lld, count = %lld (count ≥ 1) "
                            "must lie within 0 … %lld, the %lld tiles of a %lld×%lld grid",
                            (long long)first, (long long)count, (long long)(total - 1),
                            (long long)total, (long long)p->nx, (long long)p->ny);

    gi_target target;
    if ((st = gi_integrate_target(ctx, &target)) != GI_STATUS_OK)
        return st;
    gi_workload_timing t = {0};
    double start = gi_now();
    st = target.slot->ops->integrate_tiles(target.slot->state, target.rec->index, &target.cfg, &L,
                                           first, count, (gi_sum *)pairs, &t, &ctx->err);
    double wall = gi_now() - start;
    if (st != GI_STATUS_OK)
        return gi_dispatch_failed(ctx, st, "gi_integrate_tiles");
    gi_dispatch_record_timing(ctx, &target, wall, &t);
    return GI_STATUS_OK;
}

gi_status gi_integrate_combine(gi_context *ctx, const gi_integrate_params *p, const double *pairs,
                               int64_t count, gi_integrate_result *r)
{
    if (r)
        memset(r, 0, sizeof *r);
    gi_status st =
        gi_context_enter(ctx, "gi_integrate_combine", 3, "params", p, "pairs", pairs, "result", r);
    if (st != GI_STATUS_OK)
        return st;
    st = gi_integrate_check(&ctx->err, p);
    if (st != GI_STATUS_OK)
        return st;
    gi_tile_layout L = gi_integrate_layout(p, ctx->sine);
    if (count != L.count)
        return gi_error_set(&ctx->err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate_combine: count = %lld must be the tile count of a "
                            "%lld×%lld grid, %lld",
                            (long long)count, (long long)p->nx, (long long)p->ny,
                            (long long)L.count);
    r->value = gi_tiles_finish(&L, (const gi_sum *)pairs);
    if (L.sum == GI_TILE_SUM_FIXED && isnan(r->value)) {
        gi_fix128 T = {0, 0};
        int64_t k = 0;
        while (gi_fix128_add_double(&T, pairs[k]))
            k++;
        memset(r, 0, sizeof *r);
        return gi_error_set(&ctx->err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate_combine: pairs[%lld] = %.17g is not part of a "
                            "fixed-point tile sum (a multiple of 2^-57 below 2^60), which the gi "
                            "sine's tiles are",
                            (long long)k, pairs[k]);
    }
    r->exact = gi_integrate_exact(p);
    r->error = fabs(r->value - r->exact);
    r->evaluations = (uint64_t)p->nx * (uint64_t)p->ny;
    r->backend = "";
    r->device = "";
    return GI_STATUS_OK;
}
