/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg/integrand.h — integrating the user's own function f(x, y) over a rectangle, with a
 * choice of quadrature rule and an error estimate.
 *
 * An integrand is made once, from an expression (runs on every backend: serial, openmp, opencl,
 * cuda) or from a C callback (CPU backends only), and can be integrated many times, on any
 * context. The rule is midpoint (the default, gi_integrate's own grid), composite Simpson or
 * tensor Gauss–Legendre of order K, all on the nx×ny cells of a gi_integrate_params. The sums
 * keep gi_integrate's guarantees: fixed tiles whose layout depends on the rule and the grid
 * only, compensated (Neumaier) sums per tile combined in tile order, so one backend gives the
 * same bits for any thread count and any split of the tiles over processes.
 *
 * The expression language (the only thing an expression can contain):
 *   numbers (1, 2.5, .5, 1e-3), x, y, the parameters given with the expression,
 *   + - * / ^ (power, right-associative; -x^2 is -(x^2)), unary minus, parentheses,
 *   sin cos tan asin acos atan atan2 sinh cosh tanh exp expm1 log log1p log2 log10 sqrt cbrt
 *   pow hypot fabs floor ceil fmin fmax erf erfc tgamma lgamma (as in C's <math.h>),
 *   if(a CMP b, then, else) with CMP one of < <= > >= == !=.
 * At most GI_EXPRESSION_MAX_LENGTH characters, nesting 64 deep, 1024 numbers, names and
 * operators, GI_EXPRESSION_MAX_PARAMS parameters. An expression is never run as code of its
 * own: it is parsed and checked against this grammar, and each backend's code is written from
 * the checked tree.
 */
#ifndef GPUINTEG_INTEGRAND_H
#define GPUINTEG_INTEGRAND_H

#include <stddef.h>
#include <stdint.h>

#include <gpuinteg/context.h>
#include <gpuinteg/integrate.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GI_EXPRESSION_MAX_LENGTH 4096
#define GI_EXPRESSION_MAX_PARAMS 32
#define GI_RULE_GAUSS_MAX_ORDER  20

typedef struct gi_integrand gi_integrand;

/* f(x, y) for one point. user is the pointer given at creation. */
typedef double (*gi_integrand_fn)(double x, double y, void *user);

/* f at n points at once: f[k] = f(x[k], y[k]) for 0 ≤ k < n (n ≤ 256), like cubature's `v`
 * integrands and Cuba's nvec. x, y and f are owned by gpuinteg and valid during the call. */
typedef void (*gi_integrand_vector_fn)(size_t n, const double *x, const double *y,
                                       double *f /* OUT */, void *user);

/*
 * Makes an integrand from an expression with `count` named parameters (names[i] = values[i];
 * names and values may be NULL when count is 0). The strings are copied.
 * Returns GI_STATUS_OK and *out (free with gi_integrand_destroy); GI_STATUS_MISUSE (ctx, expr
 * or out NULL); GI_STATUS_INVALID_ARGUMENT when the expression is not in the language, or a
 * parameter name is not an identifier, is reserved (x, y, if, a function) or repeated, or a
 * value is not finite: gi_last_error(ctx) is then one line ending in "at column N" where the
 * fault has a position (1-based), e.g. "unknown function 'sinn' at column 5", with no prefix so
 * that a program can put its own (the CLI writes "--f: …"); GI_STATUS_OUT_OF_MEMORY.
 * ctx is used only for the message. On failure *out is NULL. Thread safety: as the context.
 * Since 0.1.
 */
GI_API gi_status gi_integrand_from_expression(gi_context *ctx, const char *expr,
                                              const char *const *names, const double *values,
                                              int count, gi_integrand **out /* OUT */);

/*
 * Makes an integrand from a C function (one point per call). Runs on the serial and openmp
 * backends only; a GPU backend reports GI_STATUS_NOT_SUPPORTED. THE FUNCTION IS CALLED FROM
 * SEVERAL THREADS AT ONCE (openmp backend), with the same user pointer: it must be thread-safe.
 * It must not call gpuinteg on the same context. Returns GI_STATUS_OK; GI_STATUS_MISUSE (ctx, f
 * or out NULL); GI_STATUS_OUT_OF_MEMORY. Free with gi_integrand_destroy. Since 0.1.
 */
GI_API gi_status gi_integrand_from_function(gi_context *ctx, gi_integrand_fn f, void *user,
                                            gi_integrand **out /* OUT */);

/*
 * As gi_integrand_from_function, for a function that evaluates up to 256 points per call
 * (cheaper per point when it is vectorised, e.g. a numba @cfunc over arrays). Called from
 * several threads at once, as above. Returns and frees as gi_integrand_from_function. Thread
 * safety: as any call on ctx. Since 0.1.
 */
GI_API gi_status gi_integrand_from_vector_function(gi_context *ctx, gi_integrand_vector_fn f,
                                                   void *user, gi_integrand **out /* OUT */);

/* Frees an integrand. NULL is a no-op. Thread safety: not while any call (on any context) uses
 * f. Since 0.1. */
GI_API void gi_integrand_destroy(gi_integrand *f);

/* Quadrature rules (values are stable). */
typedef enum gi_rule_kind {
    GI_RULE_MIDPOINT = 0, /* one point per cell, at its centre: error O(h²) */
    GI_RULE_SIMPSON = 1,  /* composite Simpson per cell (ends, centre): O(h⁴) */
    GI_RULE_GAUSS = 2     /* order K Gauss–Legendre per cell, tensor product: O(h^(2K)) */
} gi_rule_kind;

typedef struct gi_rule {
    gi_rule_kind kind;
    int order; /* GI_RULE_GAUSS: K, 1 ≤ K ≤ GI_RULE_GAUSS_MAX_ORDER; ignored otherwise */
} gi_rule;

/*
 * Reads "midpoint", "simpson" or "gauss:K" into *rule. Returns GI_STATUS_OK;
 * GI_STATUS_MISUSE (NULL argument); GI_STATUS_INVALID_ARGUMENT (message names the text and the
 * allowed forms). Thread safety: as the context. Since 0.1.
 */
GI_API gi_status gi_rule_parse(gi_context *ctx, const char *text, gi_rule *rule /* OUT */);

typedef struct gi_integral {
    double value;          /* the rule's sum times hx·hy */
    double error_estimate; /* |value − the same rule on the coarse grid| (see below) */
    double coarse_value; /* the rule on ⌈nx/2⌉×⌈ny/2⌉ cells: what the estimate compares with */
    uint64_t evaluations; /* f evaluations, both grids */
    double time_s;        /* wall time of the call, both grids, including a first compile */
    double kernel_time_s; /* computing both grids */
    double transfer_time_s;
    double compile_time_s; /* compiling the expression for the device (0 when cached, on CPUs) */
    int threads;
    const char *backend; /* owned by the context */
    const char *device;  /* owned by the context */
} gi_integral;

/*
 * The error estimate. The rule is run on the grid asked for (h) and on the coarse grid of
 * ⌈nx/2⌉×⌈ny/2⌉ cells (about 2h; a quarter of the evaluations more), and error_estimate is
 * |I(h) − I(2h)|. For a smooth f the error of a rule of order p behaves as C·h^p, so
 * I(h) − I(2h) ≈ (2^p − 1)·C·h^p: the estimate is 3 (midpoint), 15 (Simpson), 2^(2K) − 1
 * (gauss:K) times the error of `value` — deliberately an upper bound, not a correction.
 * With nx = ny = 1 there is no coarser grid: the estimate is 0 and says nothing. Once the
 * rule's error is below rounding the estimate measures rounding.
 */

/*
 * Integrates f over the rectangle and grid of *params with *rule (NULL: midpoint) on the
 * context's selected device, both grids, and fills *result.
 * Returns GI_STATUS_OK; GI_STATUS_MISUSE (NULL ctx, f, params or result); GI_STATUS_INVALID_
 * ARGUMENT (params as for gi_integrate, or the rule's order outside its range);
 * GI_STATUS_NOT_SUPPORTED (a C callback on a GPU backend, or a backend that cannot integrate
 * the user's function); GI_STATUS_DEVICE_ERROR (e.g. the OpenCL or NVRTC build failed: its log
 * in gi_last_error); the run-time statuses of gi_integrate. On failure *result is zeroed.
 * Thread safety: as the context; f may be used by several contexts at once. Since 0.1.
 */
GI_API gi_status gi_integrate_function(gi_context *ctx, const gi_integrand *f, const gi_rule *rule,
                                       const gi_integrate_params *params,
                                       gi_integral *result /* OUT */);

/*
 * Splitting one gi_integrate_function over processes (MPI ranks), as gi_integrate_tiles does
 * for sin(x+y): each grid (coarse = 0: the grid asked for; 1: the coarse grid) has
 * gi_integrate_function_tile_count tiles; gi_integrate_function_tiles computes the pairs
 * (sum, compensation) of a range of them, and gi_integrate_function_combine adds the pairs of
 * every tile in tile order and scales them: gi_integrate_function's value for that grid, to
 * the bit, however the tiles were split.
 */

/* The tile count of one grid (≥ 1), or 0 when params or rule is NULL or invalid. Thread safety:
 * safe from any thread (reads only its arguments). Since 0.1. */
GI_API int64_t gi_integrate_function_tile_count(const gi_rule *rule,
                                                const gi_integrate_params *params, int coarse);

/* The evaluations of f on one grid: (k·nx + e)·(k·ny + e) for k points per cell and axis
 * (midpoint 1, simpson 2, gauss:K K) and e = 1 for Simpson's right ends, else 0; 0 when params
 * or rule is invalid. Thread safety: safe from any thread. Since 0.1. */
GI_API uint64_t gi_integrate_function_points(const gi_rule *rule, const gi_integrate_params *params,
                                             int coarse);

/*
 * Computes tiles first … first+count-1 of one grid into pairs[2k], pairs[2k+1] (2·count doubles
 * owned by the caller). gi_last_timing gives the call's timing. Statuses as
 * gi_integrate_function, plus GI_STATUS_INVALID_ARGUMENT for a range outside the tile count.
 * Thread safety: as gi_integrate_function. Since 0.1.
 */
GI_API gi_status gi_integrate_function_tiles(gi_context *ctx, const gi_integrand *f,
                                             const gi_rule *rule, const gi_integrate_params *params,
                                             int coarse, int64_t first, int64_t count,
                                             double *pairs /* OUT */);

/*
 * The value of one grid from the pairs of all its tiles, in tile order (count must be the tile
 * count). Returns GI_STATUS_OK; GI_STATUS_MISUSE; GI_STATUS_INVALID_ARGUMENT. Uses no device.
 * Thread safety: as any call on ctx. Since 0.1.
 */
GI_API gi_status gi_integrate_function_combine(gi_context *ctx, const gi_rule *rule,
                                               const gi_integrate_params *params, int coarse,
                                               const double *pairs, int64_t count,
                                               double *value /* OUT */);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_INTEGRAND_H */
