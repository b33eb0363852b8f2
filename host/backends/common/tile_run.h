/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/tile_run.h — a backend's whole-grid integrate built on its
 * integrate_tiles, so that the single-process value and the value combined from tile ranges
 * (MPI ranks) come from the same code and have the same bits.
 */
#ifndef GI_COMMON_TILE_RUN_H
#define GI_COMMON_TILE_RUN_H

#include "core/backend.h"

/* A backend's integrate_tiles member. */
typedef gi_status (*gi_integrate_tiles_fn)(void *state, int device, const gi_run_config *cfg,
                                           const gi_integrate_params *p, int64_t first,
                                           int64_t count, gi_sum *out, gi_workload_timing *t,
                                           gi_error *err);

/* Runs tiles(…, 0, every tile, …) into a buffer it allocates and frees, and stores
 * gi_tiles_finish of the pairs in *value. `backend` names the backend in the out-of-memory
 * message; other failures are tiles' own (status and err passed through). */
gi_status gi_integrate_all_tiles(const char *backend, gi_integrate_tiles_fn tiles, void *state,
                                 int device, const gi_run_config *cfg, const gi_integrate_params *p,
                                 double *value, gi_workload_timing *t, gi_error *err);

#endif /* GI_COMMON_TILE_RUN_H */
