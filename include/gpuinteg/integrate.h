/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg/integrate.h — the midpoint-rule integral of sin(x+y) over a rectangle.
 *
 * With hx = (x1-x0)/nx and hy = (y1-y0)/ny the result is
 *     hx·hy · Σ_{i<nx} Σ_{j<ny} sin(x0 + (i+½)hx + y0 + (j+½)hy),
 * every one of the nx·ny sines evaluated (this is a benchmark of the evaluation). The sum is
 * cut into tiles whose layout depends on nx and ny only.
 *
 * Two ways to evaluate it (gi_integrate_set_sine):
 *  - GI_SINE_GI (the default): gpuinteg's own sine (within 1 ulp, the same operations on every
 *    CPU, OpenCL device and CUDA GPU) and an exact fixed-point sum (each sine rounded once to a
 *    multiple of 2⁻⁵⁷, then integer adds, in any order), so every backend, thread count, MPI
 *    rank count and CPU type gives the same bits. |x + y| must stay within GI_SINE_RANGE.
 *  - GI_SINE_LIBM: the platform's sine (glibc's libmvec, the OpenCL device's sin, the CUDA
 *    kernel's own) and compensated (Neumaier) tile sums combined in a fixed order: one backend
 *    on one CPU type gives the same bits for any thread count, different ones differ by
 *    rounding.
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

/* Which sine and sum gi_integrate uses (see the top of this file). Values are stable. */
typedef enum gi_sine_kind {
    GI_SINE_GI = 0,   /* gpuinteg's sine and the fixed-point sum: the same bits everywhere */
    GI_SINE_LIBM = 1, /* the platform's sine and the compensated sum: the pre-0.3 path */
} gi_sine_kind;

/* The largest |x + y| GI_SINE_GI takes: the bounds must satisfy
 * max(|x0|, |x1|) + max(|y0|, |y1|) ≤ GI_SINE_RANGE (GI_SINE_LIBM has no such limit). */
#define GI_SINE_RANGE 1048576.0

/*
 * Sets the sine and sum of the context's later gi_integrate, gi_integrate_tiles and
 * gi_integrate_combine calls (a new context has GI_SINE_GI). The ranks of one MPI run must all
 * use the same. Returns GI_STATUS_OK, GI_STATUS_MISUSE (NULL ctx) or GI_STATUS_INVALID_ARGUMENT
 * (sine not a gi_sine_kind; the setting is then unchanged). Thread safety: as the context.
 * Since 0.3.
 */
GI_API gi_status gi_integrate_set_sine(gi_context *ctx, gi_sine_kind sine);

/* The context's setting (GI_SINE_GI for NULL). Thread safety: as the context. Since 0.3. */
GI_API gi_sine_kind gi_integrate_sine(const gi_context *ctx);

/* "gi" or "libm" (the --sine words), and the sum each one uses: "fixed-point" or
 * "compensated"; "?" for other values. Static text. Thread safety: any thread. Since 0.3. */
GI_API const char *gi_sine_kind_name(gi_sine_kind sine);
GI_API const char *gi_sine_kind_sum(gi_sine_kind sine);

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
 * tiles' sums, each a pair (s, c) of doubles: with GI_SINE_LIBM a compensated sum, combined in
 * tile order; with GI_SINE_GI the exact fixed-point sum s + c (s a multiple of 2⁻⁴, c one of
 * 2⁻⁵⁷ in [0, 2⁻⁴)), combined exactly in any order. These three calls expose that
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
 * Computes the sums of tiles first … first+count-1 on the context's selected device into
 * pairs[2k] and pairs[2k+1] for tile first+k (the pair of the context's gi_integrate_sine): 2·count
 * doubles owned by the caller, written only on success. gi_last_timing gives the call's timing
 * afterwards. Returns GI_STATUS_OK; GI_STATUS_MISUSE (NULL argument); GI_STATUS_INVALID_ARGUMENT
 * (params as for gi_integrate, or the range outside 0 … gi_integrate_tile_count: the message names
 * it); GI_STATUS_NOT_SUPPORTED (the selected backend cannot compute a tile range); the run-time
 * statuses of gi_integrate. Thread safety: as the context. Since 0.1.
 */
GI_API gi_status gi_integrate_tiles(gi_context *ctx, const gi_integrate_params *params,
                                    int64_t first, int64_t count, double *pairs /* OUT */);

/*
 * Combines the pairs of every tile (2·count doubles in tile order, count =
 * gi_integrate_tile_count) into *result: value, exact and error as gi_integrate fills them; the
 * time fields and threads are 0 and backend and device are "" (the caller knows where the tiles
 * ran). The pairs are read as the context's gi_integrate_sine makes them. Returns GI_STATUS_OK;
 * GI_STATUS_MISUSE (NULL argument); GI_STATUS_INVALID_ARGUMENT (params invalid, count is not
 * the tile count, or with GI_SINE_GI a pair that is not a fixed-point sum). On failure *result is
 * zeroed. Uses no device. Thread safety: as the context. Since 0.1.
 */
GI_API gi_status gi_integrate_combine(gi_context *ctx, const gi_integrate_params *params,
                                      const double *pairs, int64_t count,
                                      gi_integrate_result *result /* OUT */);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_INTEGRATE_H */
