/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "job.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GI_VISIBLE_MAX 1024

void gi_mpi_job_start(gi_mpi_job *job)
{
    int provided;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    memset(job, 0, sizeof *job);
    job->world = MPI_COMM_WORLD;
    MPI_Comm_rank(job->world, &job->rank);
    MPI_Comm_size(job->world, &job->ranks);
    MPI_Comm_split_type(job->world, MPI_COMM_TYPE_SHARED, job->rank, MPI_INFO_NULL, &job->node);
    MPI_Comm_rank(job->node, &job->node_rank);
    MPI_Comm_size(job->node, &job->node_ranks);

    /* Node ids: the rank order of each node's first rank. */
    MPI_Comm leaders;
    MPI_Comm_split(job->world, job->node_rank == 0 ? 0 : MPI_UNDEFINED, job->rank, &leaders);
    if (leaders != MPI_COMM_NULL) {
        MPI_Comm_rank(leaders, &job->node_id);
        MPI_Comm_size(leaders, &job->nodes);
        MPI_Comm_free(&leaders);
    }
    int ids[2] = {job->node_id, job->nodes};
    MPI_Bcast(ids, 2, MPI_INT, 0, job->node);
    job->node_id = ids[0];
    job->nodes = ids[1];

    char name[MPI_MAX_PROCESSOR_NAME];
    int len = 0;
    MPI_Get_processor_name(name, &len);
    snprintf(job->host, sizeof job->host, "%.*s", len, name);
}

void gi_mpi_job_end(gi_mpi_job *job)
{
    if (job->node != MPI_COMM_NULL)
        MPI_Comm_free(&job->node);
    MPI_Finalize();
}

gi_status gi_mpi_agree(const gi_mpi_job *job, gi_status st, const char *msg)
{
    int mine = st != GI_STATUS_OK ? job->rank : INT_MAX, first, failed = st != GI_STATUS_OK,
        nfailed;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, job->world);
    if (first == INT_MAX)
        return GI_STATUS_OK;
    MPI_Allreduce(&failed, &nfailed, 1, MPI_INT, MPI_SUM, job->world);
    /* A stop request (a signal) is no rank's failure: the command reports it. */
    if (job->rank == first && st != GI_STATUS_INTERRUPTED) {
        fprintf(stderr, "gpuinteg: rank %d of %d on %s: %s", job->rank, job->ranks, job->host,
                msg && *msg ? msg : gi_status_string(st));
        if (nfailed > 1)
            fprintf(stderr, " (%d of %d ranks failed)", nfailed, job->ranks);
        fputc('\n', stderr);
        fflush(stderr);
    }
    int code = (int)st;
    MPI_Bcast(&code, 1, MPI_INT, first, job->world);
    return (gi_status)code;
}

int gi_mpi_agree_signal(const gi_mpi_job *job, int caught)
{
    /* The lowest rank that caught one says which signal is reported. */
    int mine = caught ? job->rank : INT_MAX, first;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, job->world);
    if (first == INT_MAX)
        return 0;
    MPI_Bcast(&caught, 1, MPI_INT, first, job->world);
    return caught;
}

void gi_mpi_device_peers(const gi_mpi_job *job, const char *visible, int *peer_rank, int *peers)
{
    char mine[GI_VISIBLE_MAX] = {0};
    snprintf(mine, sizeof mine, "%s", visible ? visible : "");
    char *all = malloc((size_t)job->node_ranks * GI_VISIBLE_MAX);
    if (!all) {
        /* 1 kB per rank of the node; a rank that cannot join the exchange cannot agree
         * either, so it ends the job. */
        fprintf(stderr, "gpuinteg: rank %d of %d on %s: out of memory for %d device lists\n",
                job->rank, job->ranks, job->host, job->node_ranks);
        MPI_Abort(job->world, 1);
        return;
    }
    MPI_Allgather(mine, GI_VISIBLE_MAX, MPI_CHAR, all, GI_VISIBLE_MAX, MPI_CHAR, job->node);
    *peer_rank = 0;
    *peers = 0;
    for (int r = 0; r < job->node_ranks; r++) {
        if (strncmp(all + (size_t)r * GI_VISIBLE_MAX, mine, GI_VISIBLE_MAX) != 0)
            continue;
        if (r < job->node_rank)
            (*peer_rank)++;
        (*peers)++;
    }
    free(all);
}
