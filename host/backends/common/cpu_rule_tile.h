/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/cpu_rule_tile.h — one tile of a quadrature rule over the user's
 * integrand on the CPU, shared by the serial and openmp backends so that both give the same bits.
 */
#ifndef GI_COMMON_CPU_RULE_TILE_H
#define GI_COMMON_CPU_RULE_TILE_H

#include <stdatomic.h>

#include "util/integrand_desc.h"
#include "util/rule.h"

/* Bytes of scratch one thread passes to gi_cpu_rule_tile_sum for f. */
size_t gi_cpu_rule_scratch_bytes(const gi_integrand_desc *f);

/* Sums the weighted terms of tile t of R into *out: for each row of the tile, blocks of
 * GI_INTEGRAND_BLOCK points in column order, term k of a block into lane k % 8 of eight compensated
 * sums, the lanes folded in lane order. The order is fixed by the tile alone. Checks *stop
 * before each row: returns 1 if it was set (*out partial), else 0. scratch: at least
 * gi_cpu_rule_scratch_bytes(f) bytes, 64-byte aligned, used by this thread only. */
int gi_cpu_rule_tile_sum(const gi_rule_layout *R, const gi_integrand_desc *f, int64_t t,
                         const atomic_int *stop, void *scratch, gi_sum *out);

#endif /* GI_COMMON_CPU_RULE_TILE_H */
