/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg/integrate.h — the midpoint-rule integral of sin(x+y) over a rectangle.
 *
 * With hx = (x1-x0)/nx and hy = (y1-y0)/ny the result is
 *     hx·hy · Σ_{i<nx} Σ_{j<ny} sin(x0 + (i+½)hx + y0 + (j+½)hy),
 * every one of the nx·ny sines evaluated (this is a benchmark of the evaluation). The sum is
 * cut into tiles whose layout depends on nx and ny only; each tile is summed with compensated
 * (Neumaier) summation and the tiles are combined in a fixed order, so one backend gives the
 * same bits for any thread count.
 */
#ifndef GPUINTEG_INTEGRATE_H
#define GPUINTEG_INTEGRATE_H

#include <stdint.h>

#include <gpuinteg/context.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest nx or ny accepted: past it even a GPU takes days. */
#define GI_INTEGRATE_MAX_CELLS 1000000000LL

typedef struct gi_integrate_params {
    double x0, x1; /* x bounds, finite, x0 < x1 */
    double y0, y1; /* y bounds, finite, y0 < y1 */
    int64_t nx;    /* cells along x, 1 ≤ nx ≤ GI_INTEGRATE_MAX_CELLS */
    int64_t ny;    /* cells along y, 1 ≤ ny ≤ GI_INTEGRATE_MAX_CELLS */
} gi_integrate_params;

typedef struct gi_integrate_result {
    double value;           /* the midpoint sum times hx·hy */
    double exact;           /* the integral: sin(x1+y0) - sin(x1+y1) - sin(x0+y0) + sin(x0+y1) */
    double error;           /* |value - exact| */
    uint64_t evaluations;   /* nx·ny */
    double time_s;          /* wall time of the call with transfers; set-up is apart (setup_s) */
    double kernel_time_s;   /* time computing: device timers on GPUs, the loop on CPUs */
    double transfer_time_s; /* host↔device copies; 0 on CPU backends */
    int threads;            /* CPU threads used (1 for GPU backends' host side) */
    const char *backend;    /* backend that ran it, owned by the context */
    const char *device;     /* device name, owned by the context */
} gi_integrate_result;

/*
 * Sets *p to the course's problem: [0,π]×[0,π], nx = ny = 10000. Does nothing for NULL.
 * Thread safety: safe from any thread. Since 0.1.
 */
GI_API void gi_integrate_params_default(gi_integrate_params *p /* OUT */);

/*
 * Runs the integral on the context's selected device and fills *result.
 * Returns GI_STATUS_OK; GI_STATUS_MISUSE (NULL argument); GI_STATUS_INVALID_ARGUMENT (a bound
 * not finite, x0 ≥ x1 or y0 ≥ y1, nx or ny outside 1…GI_INTEGRATE_MAX_CELLS: the message names
 * the field, its value and the rule); GI_STATUS_BACKEND_UNAVAILABLE / GI_STATUS_NOT_SUPPORTED
 * (selection no longer usable); GI_STATUS_OUT_OF_MEMORY; GI_STATUS_DEVICE_ERROR (driver text in
 * gi_last_error); GI_STATUS_INTERRUPTED. On failure *result is zeroed. The device's set-up
 * (gi_context_prepare) is done first if it was not, and is not part of result->time_s.
 * Thread safety: as the context (one call at a time per context). Since 0.1.
 */
GI_API gi_status gi_integrate(gi_context *ctx, const gi_integrate_params *params,
                              gi_integrate_result *result /* OUT */);

/*
 * The midpoint sum's closed form for the grid gi_integrate evaluates (the same rounded hx, hy):
 * the sum over i of sin(x0+(i+½)hx) is sin(nx·hx/2)/sin(hx/2)·sin(x0+nx·hx/2), and likewise for
 * cos and y, so Σ sin(xi+yj) = Sx·Cy + Cx·Sy. Evaluated in long double. Returns NaN for NULL.
 * Useful to check any backend. Thread safety: safe from any thread. Since 0.1.
 */
GI_API double gi_integrate_closed_form(const gi_integrate_params *params);

/*
 * Splitting one integral over processes (MPI ranks) with the same bits as one gi_integrate.
 *
 * gi_integrate cuts the grid into tiles whose layout depends on nx and ny only and combines the
 * tiles' compensated sums, each a pair (s, c), in tile order. These three calls expose that
 * seam: each process computes the pairs of a range of tiles with gi_integrate_tiles, one
 * process collects every pair in tile order and gi_integrate_combine finishes the value. For
 * one backend the result is gi_integrate's to the bit, however the tiles were split and however
 * many threads each process used. libgpuinteg itself does no communication.
 */

/*
 * Returns the number of tiles of params' grid (≥ 1), or 0 when params is NULL or invalid (the
 * rules of gi_integrate). Thread safety: safe from any thread. Since 0.1.
 */
GI_API int64_t gi_integrate_tile_count(const gi_integrate_params *params);

/*
 * Computes the compensated sums of tiles first … first+count-1 on the context's selected device
 * into pairs[2k] (sum) and pairs[2k+1] (compensation) for tile first+k: 2·count doubles owned by
 * the caller, written only on success. gi_last_timing gives the call's timing afterwards.
 * Returns GI_STATUS_OK; GI_STATUS_MISUSE (NULL argument); GI_STATUS_INVALID_ARGUMENT (params as
 * for gi_integrate, or the range outside 0 … gi_integrate_tile_count: the message names it);
 * GI_STATUS_NOT_SUPPORTED (the selected backend cannot compute a tile range); the run-time
 * statuses of gi_integrate. Thread safety: as the context. Since 0.1.
 */
GI_API gi_status gi_integrate_tiles(gi_context *ctx, const gi_integrate_params *params,
                                    int64_t first, int64_t count, double *pairs /* OUT */);

/*
 * Combines the pairs of every tile (2·count doubles in tile order, count =
 * gi_integrate_tile_count) into *result: value, exact and error as gi_integrate fills them; the
 * time fields and threads are 0 and backend and device are "" (the caller knows where the tiles
 * ran). Returns GI_STATUS_OK; GI_STATUS_MISUSE (NULL argument); GI_STATUS_INVALID_ARGUMENT
 * (params invalid, or count is not the tile count). On failure *result is zeroed. Uses no
 * device. Thread safety: as the context. Since 0.1.
 */
GI_API gi_status gi_integrate_combine(gi_context *ctx, const gi_integrate_params *params,
                                      const double *pairs, int64_t count,
                                      gi_integrate_result *result /* OUT */);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_INTEGRATE_H */
