/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/integrand_desc.h — the user's integrand as a backend receives it.
 *
 * The core builds it from a gi_integrand (an expression or a C callback). CPU backends call
 * `row` and `block`; GPU backends compile `opencl_source` or `cuda_source`, the definition of
 * `double gi_user_f(double x, double y)` emitted from the expression's checked tree (NULL for a C
 * callback, which only the CPU can call).
 */
#ifndef GI_UTIL_INTEGRAND_DESC_H
#define GI_UTIL_INTEGRAND_DESC_H

#include <stddef.h>

/* Points per block: the most `block` is asked for at once. */
#define GI_INTEGRAND_BLOCK 256

typedef struct gi_integrand_desc {
    /* Bytes of scratch memory each evaluating thread passes to row and block (0: none). */
    size_t scratch_bytes;
    /* (optional) Prepares a row: what depends on x only. Called before the blocks of each row
     * with that row's x. NULL means there is nothing to prepare. */
    void (*row)(const void *impl, double x, void *scratch);
    /* out[k] = f(x, y[k]) for 0 ≤ k < n ≤ GI_INTEGRAND_BLOCK. Called from many threads at once,
     * each with its own scratch. */
    void (*block)(const void *impl, double x, const double *y, size_t n, double *out,
                  void *scratch);
    const void *impl;
    const char *opencl_source; /* NULL: not available to OpenCL */
    const char *cuda_source;   /* NULL: not available to CUDA */
    const char *text;          /* for messages: the expression, or "C callback" */
} gi_integrand_desc;

#endif /* GI_UTIL_INTEGRAND_DESC_H */
