/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/cpu_tile.h — summing one tile on the CPU, shared by the serial and
 * openmp backends so that both give the same bits.
 */
#ifndef GI_COMMON_CPU_TILE_H
#define GI_COMMON_CPU_TILE_H

#include <stdatomic.h>

#include "util/tiles.h"

/* Sums the sines of tile t into *out: with L->sine GI_TILE_SINE_GI gpuinteg's sine and the
 * exact fixed-point sum (sine_rows.h) at the CPU's widest path; else libmvec's sine,
 * compensated per vector lane, lanes folded in a fixed order. Checks *stop before each row: returns
 * 1 if it was set (then *out is partial), else 0. Thread-safe: touches nothing but *out. */
int gi_cpu_tile_sum(const gi_tile_layout *L, int64_t t, const atomic_int *stop, gi_sum *out);

#endif /* GI_COMMON_CPU_TILE_H */
