/*
 * host/mpi/monitor_ranks.h — the job-wide utilization report: every rank's monitor record
 * (gi_monitor_rank_get) serialised, gathered to rank 0 with one MPI_Gatherv, and added to rank
 * 0's monitor (gi_monitor_add_rank), which then describes the whole job.
 */
#ifndef GI_MPI_MONITOR_RANKS_H
#define GI_MPI_MONITOR_RANKS_H

#include <stddef.h>

#include <gpuinteg/monitor.h>

#include "job.h"

/* Collective, after every rank's gi_monitor_stop (and gi_monitor_set_workload). Tells each
 * monitor how many ranks of its node share its CPUs (gi_monitor_set_cpu_sharers: their
 * affinity masks overlap), then gathers every rank's record, rank 0's own included, into rank
 * 0's monitor. A rank whose record cannot be made (out of memory) is left out, and rank 0's
 * monitor gets a "ranks without a record" line in its run table. */
void gi_mpi_monitor_gather(const gi_mpi_job *job, gi_monitor *m);

/* The serialisation, exposed for tests: gi_mpi_rank_pack writes r into a malloc'd buffer
 * (*out, *size bytes, a multiple of 8; the caller frees it) and returns 1, or 0 when out of
 * memory; max_samples bounds the samples written. gi_mpi_rank_unpack reads one back: *r points
 * into buf (which must be 8-byte aligned and outlive *r) and into *warnings, a malloc'd array
 * the caller frees; returns 1, or 0 for a malformed buffer or no memory. */
int gi_mpi_rank_pack(const gi_monitor_rank *r, size_t max_samples, void **out, size_t *size);
int gi_mpi_rank_unpack(const void *buf, size_t size, gi_monitor_rank *r,
                       const char ***warnings /* OUT */);

#endif /* GI_MPI_MONITOR_RANKS_H */
