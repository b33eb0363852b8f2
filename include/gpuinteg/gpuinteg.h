/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg/gpuinteg.h — the whole public API of libgpuinteg in one include.
 *
 *     gi_context *ctx;
 *     if (gi_context_create(&ctx) != GI_STATUS_OK) ...;
 *     if (gi_context_select(ctx, "auto") != GI_STATUS_OK) puts(gi_last_error(ctx));
 *     gi_integrate_params p; gi_integrate_params_default(&p);
 *     gi_integrate_result r;
 *     if (gi_integrate(ctx, &p, &r) == GI_STATUS_OK) printf("%e\n", r.value);
 *     gi_context_destroy(ctx);
 */
#ifndef GPUINTEG_GPUINTEG_H
#define GPUINTEG_GPUINTEG_H

#include <gpuinteg/version.h>
#include <gpuinteg/status.h>
#include <gpuinteg/context.h>
#include <gpuinteg/integrate.h>
#include <gpuinteg/integrand.h>
#include <gpuinteg/dgemm.h>
#include <gpuinteg/random.h>
#include <gpuinteg/monitor.h>
#include <gpuinteg/build.h>

#endif /* GPUINTEG_GPUINTEG_H */
