/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
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
#include "rank_pack.h"

/* Collective, after every rank's gi_monitor_stop (and gi_monitor_set_workload). Tells each
 * monitor how many ranks of its node share its CPUs (gi_monitor_set_cpu_sharers: their
 * affinity masks overlap), then gathers every rank's record, rank 0's own included, into rank
 * 0's monitor. A rank whose record cannot be made (out of memory) is left out, and rank 0's
 * monitor gets a "ranks without a record" line in its run table. */
void gi_mpi_monitor_gather(const gi_mpi_job *job, gi_monitor *m);

#endif /* GI_MPI_MONITOR_RANKS_H */
