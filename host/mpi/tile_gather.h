/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/mpi/tile_gather.h — the step every distributed integral shares: each rank computes the
 * (sum, compensation) pairs of its fixed share of the tiles (gi_mpi_tile_share), and rank 0
 * receives all of them in tile order (MPI_Gatherv), ready for the library's combine.
 */
#ifndef GI_MPI_TILE_GATHER_H
#define GI_MPI_TILE_GATHER_H

#include <stdint.h>

#include <gpuinteg/gpuinteg.h>

#include "job.h"

/* Computes the pairs of tiles first … first+count-1 into pairs (2·count doubles) on ctx. */
typedef gi_status (*gi_mpi_tiles_fn)(gi_context *ctx, const void *arg, int64_t first, int64_t count,
                                     double *pairs);

/* Collective. This rank's share of `total` tiles through tiles(ctx, arg, …), then the pairs of
 * all tiles gathered into *all on rank 0 (malloc'd, 2·total doubles, freed by the caller; NULL
 * elsewhere). *first and *count get this rank's share, *t the timing of its tiles call (zeroed
 * when it had none). Returns the agreed status (gi_mpi_agree), the same on every rank; on
 * failure *all is NULL. */
gi_status gi_mpi_tiles_gather(const gi_mpi_job *job, gi_context *ctx, int64_t total,
                              gi_mpi_tiles_fn tiles, const void *arg, double **all /* OUT */,
                              int64_t *first, int64_t *count, gi_timing *t);

#endif /* GI_MPI_TILE_GATHER_H */
