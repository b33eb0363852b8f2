/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/mpi/integrate_ranks.h — one integral shared by the ranks of an MPI job, with the same
 * bits as one process.
 *
 * Every rank computes the compensated sums of its fixed share of the tiles
 * (gi_mpi_tile_share: decided by the grid and the rank count only) with gi_integrate_tiles on
 * its own context; the pairs are gathered to rank 0 in tile order (MPI_Gatherv of doubles, a
 * few kB per rank) and combined there by gi_integrate_combine — the arithmetic of a single
 * gi_integrate. Not MPI_Reduce(MPI_SUM), whose order MPI does not fix.
 */
#ifndef GI_MPI_INTEGRATE_RANKS_H
#define GI_MPI_INTEGRATE_RANKS_H

#include <stdint.h>

#include <gpuinteg/gpuinteg.h>

#include "job.h"

/* What one rank did in one run; gathered to rank 0. Plain bytes: the job runs one binary. */
typedef struct gi_mpi_rank_run {
    int rank, node_id, threads;
    int64_t first_tile, tiles;
    double kernel_time_s;   /* the backend's compute time for its tiles (0 with no tiles) */
    double transfer_time_s; /* host↔device copies the backend could not hide */
    double time_s;          /* this rank's gi_integrate_tiles wall time */
    char host[64];
    char backend[16];
    char device_spec[32];
    char device[128];
} gi_mpi_rank_run;

/* Collective. Computes *p on every rank's context (its device already selected) and, on rank
 * 0, fills *result as gi_integrate would: value (same bits as one process on that backend),
 * exact, error, evaluations; time_s is the wall time from a barrier before the compute to the
 * combined value (compute, agreement, gather), kernel_time_s the largest rank's,
 * transfer_time_s the largest rank's, threads rank 0's, backend and device rank 0's.
 * runs (rank 0 only; may be NULL elsewhere) gets job->ranks entries, one per rank in rank
 * order; self (every rank; may be NULL) gets this rank's entry. Returns the agreed status
 * (gi_mpi_agree: the lowest failing rank printed its message); the same on every rank. */
gi_status gi_mpi_integrate(const gi_mpi_job *job, gi_context *ctx, const gi_integrate_params *p,
                           gi_integrate_result *result /* OUT, rank 0 */,
                           gi_mpi_rank_run *runs /* OUT, rank 0 */,
                           gi_mpi_rank_run *self /* OUT */);

/* Collective. Fills this rank's part (its tiles, timing *t, device as selected on ctx, host)
 * into *self (may be NULL) and gathers every rank's into runs on rank 0 (job->ranks entries;
 * may be NULL elsewhere). On rank 0 *job_t gets the job's figures: time_s = wall, threads rank
 * 0's, kernel and transfer times the largest rank's, backend and device rank 0's (strings owned
 * by ctx). Shared by the distributed integrals. */
void gi_mpi_rank_runs_gather(const gi_mpi_job *job, gi_context *ctx, int64_t first, int64_t count,
                             const gi_timing *t, double wall,
                             gi_mpi_rank_run *runs /* OUT, rank 0 */,
                             gi_mpi_rank_run *self /* OUT */, gi_timing *job_t /* OUT, rank 0 */);

/* Collective: gi_integrate_function over the ranks, both grids, each with the bits of one
 * process (gi_mpi_integrate's scheme). Rank 0's *result is filled as gi_integrate_function
 * fills it, with time_s from a barrier to the combined values, kernel, transfer and compile
 * times the largest rank's (sum of both grids); runs and self as gi_mpi_integrate's (the
 * tiles of the grid asked for; times of both grids). Returns the agreed status. */
gi_status gi_mpi_integrate_function(const gi_mpi_job *job, gi_context *ctx, const gi_integrand *f,
                                    const gi_rule *rule, const gi_integrate_params *p,
                                    gi_integral *result /* OUT, rank 0 */,
                                    gi_mpi_rank_run *runs /* OUT, rank 0 */,
                                    gi_mpi_rank_run *self /* OUT */);

#endif /* GI_MPI_INTEGRATE_RANKS_H */
