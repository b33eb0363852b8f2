/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/mpi/job.h — one gpuinteg MPI job: start and end MPI, where each rank is (node, rank on
 * the node), and the collective agreement on success or failure that keeps a failing rank from
 * leaving the others waiting.
 *
 * Part of the gpuinteg program, not of libgpuinteg (which does no communication). Every
 * function here marked "collective" must be called by every rank of the job, in the same
 * order; each one returns on all ranks even when some ranks failed before it.
 */
#ifndef GI_MPI_JOB_H
#define GI_MPI_JOB_H

#include <mpi.h>
#include <stddef.h>

#include <gpuinteg/status.h>

typedef struct gi_mpi_job {
    MPI_Comm world; /* MPI_COMM_WORLD */
    MPI_Comm node;  /* the ranks on this node (MPI_COMM_TYPE_SHARED); freed by gi_mpi_job_end */
    int rank, ranks;
    int node_rank, node_ranks; /* this rank among the ranks of its node */
    int node_id, nodes;        /* nodes numbered by their lowest rank; how many nodes */
    char host[64];             /* this node's name (MPI_Get_processor_name), cut to fit */
} gi_mpi_job;

/* Initialises MPI (MPI_THREAD_FUNNELED: OpenMP threads never call MPI) and fills *job.
 * Collective. MPI's own failures abort the job (MPI_ERRORS_ARE_FATAL), with MPI's message. */
void gi_mpi_job_start(gi_mpi_job *job);

/* Frees the job's communicators and finalises MPI. Collective. */
void gi_mpi_job_end(gi_mpi_job *job);

/* Collective: the first signal any rank caught (gi_cli_signals_caught's value on each rank,
 * passed in), or 0: ranks stop between runs together, whichever of them the signal reached. */
int gi_mpi_agree_signal(const gi_mpi_job *job, int caught);

/* Collective: every rank passes its status (GI_STATUS_OK or a failure) and, on failure, its
 * message. Returns the status of the lowest failing rank on every rank (GI_STATUS_OK when
 * none failed). That rank prints one line on stderr:
 *   "gpuinteg: rank R of N on HOST: MESSAGE"  (+ " (K of N ranks failed)" when K > 1)
 * so the user reads the failure where it happened, once, and no rank is left waiting — except
 * for GI_STATUS_INTERRUPTED (a signal stopped that rank), which the caller reports. */
gi_status gi_mpi_agree(const gi_mpi_job *job, gi_status st, const char *msg);

/* Collective on the node: the ranks of this node that see the same devices, i.e. whose
 * `visible` strings (e.g. CUDA_VISIBLE_DEVICES, "" when unset) are equal. Sets *peer_rank
 * (0-based, in rank order) and *peers. Strings longer than 1023 bytes compare by their first
 * 1023. */
void gi_mpi_device_peers(const gi_mpi_job *job, const char *visible, int *peer_rank, int *peers);

#endif /* GI_MPI_JOB_H */
