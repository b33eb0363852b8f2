/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "tile_run.h"

#include <stdlib.h>

#include "error.h"

gi_status gi_integrate_all_tiles(const char *backend, gi_integrate_tiles_fn tiles, void *state,
                                 int device, const gi_run_config *cfg, const gi_integrate_params *p,
                                 double *value, gi_workload_timing *t, gi_error *err)
{
    gi_tile_layout L = gi_tile_layout_make(p->x0, p->x1, p->y0, p->y1, p->nx, p->ny);
    size_t bytes = (size_t)L.count * sizeof(gi_sum);
    gi_sum *sums = malloc(bytes);
    if (!sums)
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                            "%s: malloc of %zu bytes for tile sums failed", backend, bytes);
    gi_status st = tiles(state, device, cfg, p, 0, L.count, sums, t, err);
    if (st == GI_STATUS_OK)
        *value = gi_tiles_finish(&L, sums);
    free(sums);
    return st;
}
