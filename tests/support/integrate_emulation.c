/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "integrate_emulation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/tile_layout.h"
#include "sine.h"

/* The gi sine's kernel (integrate_tiles_fixed): each lane's 128-bit integer, carried in
 * lane_state; integer sums do not depend on order, so one term at a time gives its bits. */
static void emulate_fixed(const gi_cuda_integrate_launch *a)
{
    const gi_tile_layout *L = &a->L;
    gi_fix128 *state = (gi_fix128 *)a->lane_state;
    for (int b = 0; b < a->tiles; b++) {
        int64_t t = a->first_tile + b, i0, i1, j0, j1;
        gi_tile_bounds(L, t, &i0, &i1, &j0, &j1);
        int64_t first = i0 + a->row_begin, end = i0 + a->row_end < i1 ? i0 + a->row_end : i1;
        int64_t jb = j0 + a->col_begin, je = j0 + a->col_end < j1 ? j0 + a->col_end : j1;
        gi_fix128 tile = {0, 0};
        for (int l = 0; l < GI_CUDA_LANES; l++) {
            gi_fix128 acc = {0, 0};
            if (!a->first)
                acc = state[(int64_t)b * GI_CUDA_LANES + l];
            for (int64_t i = first; i < end; i++)
                for (int64_t j = jb + l; j < je; j += GI_CUDA_LANES) {
                    double hi, lo;
                    gi_fix_split(gi_sine_one(gi_grid_x(L, i) + gi_grid_y(L, j)), &hi, &lo);
                    gi_fix128_add_parts(&acc, hi, lo);
                }
            if (!a->last)
                state[(int64_t)b * GI_CUDA_LANES + l] = acc;
            gi_fix128_add(&tile, acc);
        }
        if (a->last)
            memcpy(&a->tile_sums[t], &tile, sizeof tile);
    }
}

void gi_emulate_integrate_launch(const gi_cuda_integrate_launch *a)
{
    if (a->L.sine == GI_TILE_SINE_GI) {
        emulate_fixed(a);
        return;
    }
    const gi_tile_layout *L = &a->L;
    enum { LANES = GI_CUDA_LANES, GROUP = GI_CUDA_ROW_GROUP };
    for (int b = 0; b < a->tiles; b++) {
        int64_t t = a->first_tile + b, i0, i1, j0, j1;
        gi_tile_bounds(L, t, &i0, &i1, &j0, &j1);
        int64_t first = i0 + a->row_begin, end = i0 + a->row_end < i1 ? i0 + a->row_end : i1;
        int64_t jb = j0 + a->col_begin, je = j0 + a->col_end < j1 ? j0 + a->col_end : j1;
        double s[LANES], c[LANES];
        for (int l = 0; l < LANES; l++) {
            s[l] = a->first ? 0.0 : a->lane_state[(int64_t)b * LANES + l].s;
            c[l] = a->first ? 0.0 : a->lane_state[(int64_t)b * LANES + l].c;
            for (int64_t g = first; g < end; g += GROUP) {
                int64_t rows = end - g < GROUP ? end - g : GROUP;
                for (int64_t j = jb + l; j < je; j += LANES) {
                    double y = gi_grid_y(L, j);
                    for (int64_t r = 0; r < rows; r++) {
                        double v = gi_grid_x(L, g + r) + y;
                        gi_sum_add(&s[l], &c[l], a->fast_sine ? gi_cuda_sine(v) : sin(v));
                    }
                }
            }
        }
        if (!a->last) {
            for (int l = 0; l < LANES; l++)
                a->lane_state[(int64_t)b * LANES + l] = (gi_sum){s[l], c[l]};
            continue;
        }
        for (int w = LANES / 2; w >= 1; w /= 2)
            for (int l = 0; l < w; l++)
                gi_sum_merge(&s[l], &c[l], (gi_sum){s[l + w], c[l + w]});
        a->tile_sums[t] = (gi_sum){s[0], c[0]};
    }
}

int gi_emulate_fast_sine(const gi_integrate_params *p)
{
    return fmax(fabs(p->x0), fabs(p->x1)) + fmax(fabs(p->y0), fabs(p->y1)) <=
           GI_CUDA_SINE_FAST_LIMIT;
}

double gi_emulate_integrate(const gi_integrate_params *p)
{
    gi_tile_layout L = gi_tile_layout_make(p->x0, p->x1, p->y0, p->y1, p->nx, p->ny);
    gi_sum *tiles = malloc((size_t)L.count * sizeof *tiles);
    if (!tiles)
        return NAN;
    gi_cuda_integrate_launch a = {.L = L,
                                  .first_tile = 0,
                                  .tiles = (int)L.count,
                                  .row_begin = 0,
                                  .row_end = (int)L.tile_nx,
                                  .col_begin = 0,
                                  .col_end = (int)L.tile_ny,
                                  .first = 1,
                                  .last = 1,
                                  .fast_sine = gi_emulate_fast_sine(p),
                                  .tile_sums = tiles};
    gi_emulate_integrate_launch(&a);
    double v = gi_tiles_finish(&L, tiles);
    free(tiles);
    return v;
}
