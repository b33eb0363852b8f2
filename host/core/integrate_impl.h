/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/core/integrate_impl.h — what gi_integrate and the tile-range calls share.
 */
#ifndef GI_CORE_INTEGRATE_IMPL_H
#define GI_CORE_INTEGRATE_IMPL_H

#include <gpuinteg/integrate.h>

#include "core/backend.h"

/* Checks *p by gi_integrate's rules; on failure fills err (naming the field, its value and the
 * rule) and returns GI_STATUS_INVALID_ARGUMENT. */
gi_status gi_integrate_check(gi_error *err, const gi_integrate_params *p);

/* The exact integral over *p's rectangle, sin(x1+y0) - sin(x1+y1) - sin(x0+y0) + sin(x0+y1),
 * evaluated in long double. */
double gi_integrate_exact(const gi_integrate_params *p);

#endif /* GI_CORE_INTEGRATE_IMPL_H */
