/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_integrate_function and its tile-range calls: the user's integrand under a rule, on the
 * selected backend, with the error estimate from the coarse grid.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/error.h"
#include "core/dispatch.h"
#include "util/result_timing.h"
#include "core/integrand_impl.h"
#include "core/integrate_impl.h"

_Static_assert(sizeof(gi_sum) == 2 * sizeof(double), "gi_sum must be two packed doubles");

/* The rule's point counts must stay within what a tile layout and a GPU index can hold. */
static gi_status check_all(gi_error *err, const gi_rule *rule, const gi_integrate_params *p)
{
    gi_status st = gi_integrate_check(err, p);
    if (st == GI_STATUS_OK)
        st = gi_rule_check(err, rule);
    return st;
}

int64_t gi_integrate_function_tile_count(const gi_rule *rule, const gi_integrate_params *p,
                                         int coarse)
{
    gi_error scratch;
    if (!p || check_all(&scratch, rule, p) != GI_STATUS_OK)
        return 0;
    gi_rule_layout R;
    gi_rule_layout_make(rule, p, coarse, &R);
    return R.tiles.count;
}

uint64_t gi_integrate_function_points(const gi_rule *rule, const gi_integrate_params *p, int coarse)
{
    gi_error scratch;
    if (!p || check_all(&scratch, rule, p) != GI_STATUS_OK)
        return 0;
    gi_rule_layout R;
    gi_rule_layout_make(rule, p, coarse, &R);
    return (uint64_t)R.x.points * (uint64_t)R.y.points;
}

/* Runs tiles [first, first+count) of one grid on the selected device; adds the timing to *sum. */
static gi_status run_tiles(gi_context *ctx, const gi_integrand *f, const gi_rule_layout *R,
                           int64_t first, int64_t count, gi_sum *out, gi_workload_timing *sum,
                           gi_target *target)
{
    gi_status st = gi_dispatch_target(ctx, GI_WORKLOAD_INTEGRATE, target);
    if (st != GI_STATUS_OK)
        return st;
    const gi_backend_slot *slot = target->slot;
    if (!slot->ops->integrate_rule_tiles)
        return gi_error_set(&ctx->err, GI_STATUS_NOT_SUPPORTED,
                            "the %s backend integrates sin(x+y) only, not the user's function",
                            slot->name);
    gi_workload_timing t = {0};
    st = slot->ops->integrate_rule_tiles(slot->state, target->rec->index, &target->cfg, &f->desc, R,
                                         first, count, out, &t, &ctx->err);
    if (st != GI_STATUS_OK)
        return gi_dispatch_failed(ctx, st, "gi_integrate_function");
    sum->kernel_time_s += t.kernel_time_s;
    sum->transfer_time_s += t.transfer_time_s;
    sum->prepare_time_s += t.prepare_time_s;
    sum->threads_used = t.threads_used;
    return GI_STATUS_OK;
}

/* One whole grid: every tile, then the tiles in order. */
static gi_status run_grid(gi_context *ctx, const gi_integrand *f, const gi_rule *rule,
                          const gi_integrate_params *p, int coarse, double *value,
                          uint64_t *evaluations, gi_workload_timing *t, gi_target *target)
{
    gi_rule_layout R;
    gi_rule_layout_make(rule, p, coarse, &R);
    size_t bytes = (size_t)R.tiles.count * sizeof(gi_sum);
    gi_sum *sums = malloc(bytes);
    if (!sums)
        return gi_error_set(&ctx->err, GI_STATUS_OUT_OF_MEMORY,
                            "gi_integrate_function: malloc of %zu bytes for tile sums failed",
                            bytes);
    gi_status st = run_tiles(ctx, f, &R, 0, R.tiles.count, sums, t, target);
    if (st == GI_STATUS_OK)
        *value = gi_tiles_finish(&R.tiles, sums);
    *evaluations += (uint64_t)R.x.points * (uint64_t)R.y.points;
    free(sums);
    return st;
}

gi_status gi_integrate_function(gi_context *ctx, const gi_integrand *f, const gi_rule *rule,
                                const gi_integrate_params *p, gi_integral *r)
{
    if (r)
        memset(r, 0, sizeof *r);
    gi_status st =
        gi_context_enter(ctx, "gi_integrate_function", 3, "f", f, "params", p, "result", r);
    if (st != GI_STATUS_OK)
        return st;
    st = check_all(&ctx->err, rule, p);
    if (st != GI_STATUS_OK)
        return st;

    gi_workload_timing t = {0};
    gi_target target;
    uint64_t evaluations = 0;
    double value = 0.0, coarse = 0.0, start = gi_now();
    st = run_grid(ctx, f, rule, p, 0, &value, &evaluations, &t, &target);
    if (st == GI_STATUS_OK)
        st = run_grid(ctx, f, rule, p, 1, &coarse, &evaluations, &t, &target);
    double wall = gi_now() - start;
    if (st != GI_STATUS_OK)
        return st;

    gi_dispatch_record_timing(ctx, &target, wall, &t);
    r->value = value;
    r->coarse_value = coarse;
    r->error_estimate = p->nx == 1 && p->ny == 1 ? 0.0 : fabs(value - coarse);
    r->evaluations = evaluations;
    GI_RESULT_SET_TIMING(r, ctx->timing);
    r->compile_time_s = t.prepare_time_s;
    return GI_STATUS_OK;
}

gi_status gi_integrate_function_tiles(gi_context *ctx, const gi_integrand *f, const gi_rule *rule,
                                      const gi_integrate_params *p, int coarse, int64_t first,
                                      int64_t count, double *pairs)
{
    gi_status st = gi_context_enter(ctx, "gi_integrate_function_tiles", 3, "f", f, "params", p,
                                    "pairs", pairs);
    if (st != GI_STATUS_OK)
        return st;
    st = check_all(&ctx->err, rule, p);
    if (st != GI_STATUS_OK)
        return st;
    gi_rule_layout R;
    gi_rule_layout_make(rule, p, coarse, &R);
    int64_t total = R.tiles.count;
    if (first < 0 || count < 1 || first > total - count)
        return gi_error_set(&ctx->err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate_function_tiles: the range first = %lld, count = %lld "
                            "(count ≥ 1) must lie within 0 … %lld, the %lld tiles of this grid",
                            (long long)first, (long long)count, (long long)(total - 1),
                            (long long)total);
    gi_workload_timing t = {0};
    gi_target target;
    double start = gi_now();
    st = run_tiles(ctx, f, &R, first, count, (gi_sum *)pairs, &t, &target);
    if (st != GI_STATUS_OK)
        return st;
    gi_dispatch_record_timing(ctx, &target, gi_now() - start, &t);
    return GI_STATUS_OK;
}

gi_status gi_integrate_function_combine(gi_context *ctx, const gi_rule *rule,
                                        const gi_integrate_params *p, int coarse,
                                        const double *pairs, int64_t count, double *value)
{
    gi_status st = gi_context_enter(ctx, "gi_integrate_function_combine", 3, "params", p, "pairs",
                                    pairs, "value", value);
    if (st != GI_STATUS_OK)
        return st;
    st = check_all(&ctx->err, rule, p);
    if (st != GI_STATUS_OK)
        return st;
    gi_rule_layout R;
    gi_rule_layout_make(rule, p, coarse, &R);
    if (count != R.tiles.count)
        return gi_error_set(&ctx->err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate_function_combine: count = %lld must be the grid's tile "
                            "count, %lld",
                            (long long)count, (long long)R.tiles.count);
    *value = gi_tiles_finish(&R.tiles, (const gi_sum *)pairs);
    return GI_STATUS_OK;
}
