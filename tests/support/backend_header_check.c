/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Compiled, never run: what a plugin sees through the backend interface. The tile layout's
 * rule (its constants and gi_tile_layout_make) belongs to the core, which hands each call its
 * layout; a plugin that could compile its own copy could silently change the layout, and with
 * it an MPI run's combine. This file does not build if core/backend.h lets the rule through.
 */
#include "core/backend.h"

#if defined(GI_TILE_MIN_NX) || defined(GI_TILE_MIN_NY) || defined(GI_TILE_MAX_ROWS) ||             \
    defined(GI_TILE_MAX_COLS) || defined(GI_CORE_TILE_LAYOUT_H)
#error "core/backend.h gives plugins the core's tile layout rule; hand them the layout instead"
#endif

/* A plugin computes from the layout it is given. */
int gi_test_backend_header_check(const gi_tile_layout *L);
int gi_test_backend_header_check(const gi_tile_layout *L)
{
    return L->count > 0;
}
