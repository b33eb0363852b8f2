/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/mpi/rank_pack.h — a job's rank record (gi_monitor_rank_get) as bytes and back, to move
 * it between the processes of a job: MPI ranks (monitor_ranks.c) or the tasks of an srun step
 * (host/cli/cli_tasks.c, through files). No MPI needed.
 */
#ifndef GI_MPI_RANK_PACK_H
#define GI_MPI_RANK_PACK_H

#include <stddef.h>

#include <gpuinteg/monitor.h>

/* gi_mpi_rank_pack writes r into a malloc'd buffer (*out, *size bytes, a multiple of 8; the
 * caller frees it) and returns 1, or 0 when out of memory; max_samples bounds the samples
 * written. gi_mpi_rank_unpack reads one back: *r points into buf (which must be 8-byte aligned
 * and outlive *r) and into *warnings, a malloc'd array the caller frees; returns 1, or 0 for a
 * malformed buffer or no memory. */
int gi_mpi_rank_pack(const gi_monitor_rank *r, size_t max_samples, void **out, size_t *size);
int gi_mpi_rank_unpack(const void *buf, size_t size, gi_monitor_rank *r,
                       const char ***warnings /* OUT */);

#endif /* GI_MPI_RANK_PACK_H */
