/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/core/integrate_impl.h — what gi_integrate and the tile-range calls share.
 */
#ifndef GI_CORE_INTEGRATE_IMPL_H
#define GI_CORE_INTEGRATE_IMPL_H

#include <gpuinteg/integrate.h>

#include "core/backend.h"
#include "core/dispatch.h"

/* Checks *p by gi_integrate's rules; on failure fills err (naming the field, its value and the
 * rule) and returns GI_STATUS_INVALID_ARGUMENT. */
gi_status gi_integrate_check(gi_error *err, const gi_integrate_params *p);

/* Checks that *p (valid for gi_integrate_check) is within the range of the sine `sine`; on
 * failure fills err and returns GI_STATUS_INVALID_ARGUMENT. */
gi_status gi_integrate_check_sine(gi_error *err, const gi_integrate_params *p, gi_sine_kind sine);

/* gi_integrate_check and gi_integrate_check_sine with the context's sine, into ctx's error. */
gi_status gi_integrate_check_all(gi_context *ctx, const gi_integrate_params *p);

/* gi_dispatch_target, then GI_STATUS_NOT_SUPPORTED (with the way out) when the selected backend
 * cannot compute the context's sine. */
gi_status gi_integrate_target(gi_context *ctx, gi_target *target);

/* The tile layout of *p (valid) for the sine `sine`: the grid, the tiles, the sine and the sum. */
gi_tile_layout gi_integrate_layout(const gi_integrate_params *p, gi_sine_kind sine);

/* The exact integral over *p's rectangle, sin(x1+y0) - sin(x1+y1) - sin(x0+y0) + sin(x0+y1),
 * evaluated in long double. */
double gi_integrate_exact(const gi_integrate_params *p);

#endif /* GI_CORE_INTEGRATE_IMPL_H */
