/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_integrate: argument checks, the closed form, and the call into the selected backend.
 */
#include <gpuinteg/integrate.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/error.h"
#include "core/context_impl.h"
#include "core/dispatch.h"
#include "util/result_timing.h"
#include "core/integrate_impl.h"
#include "core/tile_layout.h"

void gi_integrate_params_default(gi_integrate_params *p)
{
    if (!p)
        return;
    p->x0 = 0.0;
    p->x1 = M_PI;
    p->y0 = 0.0;
    p->y1 = M_PI;
    p->nx = 10000;
    p->ny = 10000;
}

static gi_status check_axis(gi_error *err, const char *axis, double lo, double hi, int64_t n)
{
    if (!isfinite(lo) || !isfinite(hi))
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate: %s bounds (%g, %g) must be finite numbers", axis, lo,
                            hi);
    if (!(lo < hi))
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate: %s bounds (%g, %g) must satisfy %s0 < %s1", axis, lo, hi,
                            axis, axis);
    if (n < 1 || n > GI_INTEGRATE_MAX_CELLS)
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate: n%s = %lld must be between 1 and %lld", axis,
                            (long long)n, (long long)GI_INTEGRATE_MAX_CELLS);
    if (!isfinite(hi - lo))
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate: %s bounds (%g, %g): their difference is past the "
                            "largest double",
                            axis, lo, hi);
    /* A step that vanishes against the bounds would make every cell the same point. */
    double h = (hi - lo) / (double)n;
    if (!(h > 0.0) || lo + h == lo || hi - h == hi)
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate: %s cell width (%g - %g)/%lld is below the resolution "
                            "of doubles at those bounds",
                            axis, hi, lo, (long long)n);
    return GI_STATUS_OK;
}

gi_status gi_integrate_check(gi_error *err, const gi_integrate_params *p)
{
    gi_status st = check_axis(err, "x", p->x0, p->x1, p->nx);
    if (st == GI_STATUS_OK)
        st = check_axis(err, "y", p->y0, p->y1, p->ny);
    if (st != GI_STATUS_OK)
        return st;
    /* sin(x + y) and the cell area hx·hy must be finite, or the sum is NaN or infinite. */
    double mx = fmax(fabs(p->x0), fabs(p->x1)), my = fmax(fabs(p->y0), fabs(p->y1));
    if (!isfinite(mx + my) || !isfinite((p->x1 - p->x0) * (p->y1 - p->y0)))
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate: bounds [%g, %g] x [%g, %g]: x + y or the area is "
                            "past the largest double",
                            p->x0, p->x1, p->y0, p->y1);
    return GI_STATUS_OK;
}

gi_status gi_integrate_check_sine(gi_error *err, const gi_integrate_params *p, gi_sine_kind sine)
{
    if (sine != GI_SINE_GI)
        return GI_STATUS_OK;
    /* Every argument x + y is within the bounds' reach, rounding aside: the grid points stay
     * inside the rectangle (the steps are rounded down or up by half an ulp at most). */
    double reach = fmax(fabs(p->x0), fabs(p->x1)) + fmax(fabs(p->y0), fabs(p->y1));
    if (!(reach <= GI_SINE_RANGE))
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate: bounds [%g, %g] x [%g, %g] reach |x + y| = %.17g, "
                            "past %.0f, the range of the gi sine (the libm sine has no limit)",
                            p->x0, p->x1, p->y0, p->y1, reach, GI_SINE_RANGE);
    return GI_STATUS_OK;
}

gi_status gi_integrate_check_all(gi_context *ctx, const gi_integrate_params *p)
{
    gi_status st = gi_integrate_check(&ctx->err, p);
    return st != GI_STATUS_OK ? st : gi_integrate_check_sine(&ctx->err, p, ctx->sine);
}

gi_status gi_integrate_target(gi_context *ctx, gi_target *target)
{
    gi_status st = gi_dispatch_target(ctx, GI_WORKLOAD_INTEGRATE, target);
    if (st == GI_STATUS_OK && ctx->sine == GI_SINE_GI &&
        !(target->slot->ops->flags & GI_BACKEND_GI_SINE))
        return gi_error_set(&ctx->err, GI_STATUS_NOT_SUPPORTED,
                            "%s: this backend computes integrate with the libm sine only (its "
                            "plugin does not take the gi sine); use --sine libm "
                            "(GI_SINE_LIBM)",
                            target->slot->ops->name);
    return st;
}

gi_tile_layout gi_integrate_layout(const gi_integrate_params *p, gi_sine_kind sine)
{
    gi_tile_layout L = gi_tile_layout_make(p->x0, p->x1, p->y0, p->y1, p->nx, p->ny);
    if (sine == GI_SINE_GI) {
        L.sine = GI_TILE_SINE_GI;
        L.sum = GI_TILE_SUM_FIXED;
    }
    return L;
}

gi_status gi_integrate_set_sine(gi_context *ctx, gi_sine_kind sine)
{
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    if (sine != GI_SINE_GI && sine != GI_SINE_LIBM)
        return gi_error_set(&ctx->err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_integrate_set_sine: sine = %d must be GI_SINE_GI (%d) or "
                            "GI_SINE_LIBM (%d)",
                            (int)sine, (int)GI_SINE_GI, (int)GI_SINE_LIBM);
    ctx->sine = sine;
    return GI_STATUS_OK;
}

gi_sine_kind gi_integrate_sine(const gi_context *ctx)
{
    return ctx ? ctx->sine : GI_SINE_GI;
}

const char *gi_sine_kind_name(gi_sine_kind sine)
{
    return sine == GI_SINE_GI ? "gi" : sine == GI_SINE_LIBM ? "libm" : "?";
}

const char *gi_sine_kind_sum(gi_sine_kind sine)
{
    return sine == GI_SINE_GI ? "fixed-point" : sine == GI_SINE_LIBM ? "compensated" : "?";
}

/* Σ_{i<n} sin(a + (i+½)h) and the same with cos, in long double: the factor sin(nh/2)/sin(h/2)
 * times the sine or cosine of the midpoint a + nh/2. */
static void axis_sums(long double a, long double h, int64_t n, long double *s, long double *c)
{
    long double half = (long double)n * h / 2.0L;
    long double factor = sinl(half) / sinl(h / 2.0L);
    *s = factor * sinl(a + half);
    *c = factor * cosl(a + half);
}

double gi_integrate_closed_form(const gi_integrate_params *p)
{
    if (!p)
        return NAN;
    /* The same rounded steps as the backends, so this is the sum of the grid they evaluate. */
    double hx = (p->x1 - p->x0) / (double)p->nx, hy = (p->y1 - p->y0) / (double)p->ny;
    long double sx, cx, sy, cy;
    axis_sums(p->x0, hx, p->nx, &sx, &cx);
    axis_sums(p->y0, hy, p->ny, &sy, &cy);
    return (double)((sx * cy + cx * sy) * ((long double)hx * (long double)hy));
}

double gi_integrate_exact(const gi_integrate_params *p)
{
    long double x0 = p->x0, x1 = p->x1, y0 = p->y0, y1 = p->y1;
    return (double)(sinl(x1 + y0) - sinl(x1 + y1) - sinl(x0 + y0) + sinl(x0 + y1));
}

/* The whole grid: the backend's integrate, or (NULL) its integrate_tiles over every tile and
 * the pairs combined here, in tile order. */
static gi_status integrate_whole(const gi_target *target, const gi_tile_layout *L, double *value,
                                 gi_workload_timing *t, gi_error *err)
{
    const gi_backend_slot *slot = target->slot;
    const gi_device_record *rec = target->rec;
    const gi_run_config *cfg = &target->cfg;
    if (slot->ops->integrate)
        return slot->ops->integrate(slot->state, rec->index, cfg, L, value, t, err);
    size_t bytes = (size_t)L->count * sizeof(gi_sum);
    gi_sum *sums = malloc(bytes);
    if (!sums)
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                            "%s: malloc of %zu bytes for tile sums failed", slot->name, bytes);
    gi_status st =
        slot->ops->integrate_tiles(slot->state, rec->index, cfg, L, 0, L->count, sums, t, err);
    if (st == GI_STATUS_OK)
        *value = gi_tiles_finish(L, sums);
    free(sums);
    return st;
}

gi_status gi_integrate(gi_context *ctx, const gi_integrate_params *p, gi_integrate_result *r)
{
    if (r)
        memset(r, 0, sizeof *r);
    gi_status st = gi_context_enter(ctx, "gi_integrate", 2, "params", p, "result", r);
    if (st != GI_STATUS_OK)
        return st;
    gi_target target;
    if ((st = gi_integrate_check_all(ctx, p)) != GI_STATUS_OK ||
        (st = gi_integrate_target(ctx, &target)) != GI_STATUS_OK)
        return st;
    gi_workload_timing t = {0};
    gi_tile_layout L = gi_integrate_layout(p, ctx->sine);
    double value = 0.0, start = gi_now();
    st = integrate_whole(&target, &L, &value, &t, &ctx->err);
    double wall = gi_now() - start;
    if (st != GI_STATUS_OK)
        return gi_dispatch_failed(ctx, st, "gi_integrate");

    gi_dispatch_record_timing(ctx, &target, wall, &t);
    r->value = value;
    r->exact = gi_integrate_exact(p);
    r->error = fabs(value - r->exact);
    r->evaluations = (uint64_t)p->nx * (uint64_t)p->ny;
    GI_RESULT_SET_TIMING(r, ctx->timing);
    return GI_STATUS_OK;
}
