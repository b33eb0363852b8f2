/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every rank's utilization record to rank 0: serialised (rank_pack.c), one MPI_Gather of the
 * sizes and one MPI_Gatherv of the bytes.
 */
#include "monitor_ranks.h"

#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CPUs in an affinity mask, for the comparison between the ranks of a node. */
#define MASK_CPUS 8192

/* How many ranks of this node (this one included) have affinity masks that overlap this
 * rank's. Collective on the node. */
static int cpu_sharers(const gi_mpi_job *job)
{
    size_t bytes = CPU_ALLOC_SIZE(MASK_CPUS);
    cpu_set_t *mine = CPU_ALLOC(MASK_CPUS), *both = CPU_ALLOC(MASK_CPUS);
    unsigned char *all = malloc(bytes * (size_t)job->node_ranks);
    int ok = mine && both && all;
    if (mine) {
        CPU_ZERO_S(bytes, mine);
        /* Unreadable, or more CPUs than MASK_CPUS: an empty mask, which overlaps nothing. */
        if (sched_getaffinity(0, bytes, mine) != 0)
            CPU_ZERO_S(bytes, mine);
    }
    /* Every rank joins the exchange, whatever happened: the others wait for it. */
    int have = ok;
    MPI_Allreduce(MPI_IN_PLACE, &have, 1, MPI_INT, MPI_MIN, job->node);
    int sharers = 1;
    if (have) {
        MPI_Allgather(mine, (int)bytes, MPI_BYTE, all, (int)bytes, MPI_BYTE, job->node);
        sharers = 0;
        for (int r = 0; r < job->node_ranks; r++) {
            CPU_AND_S(bytes, both, mine, (cpu_set_t *)(all + (size_t)r * bytes));
            sharers += r == job->node_rank || CPU_COUNT_S(bytes, both) > 0;
        }
    }
    if (both)
        CPU_FREE(both);
    if (mine)
        CPU_FREE(mine);
    free(all);
    return sharers > 0 ? sharers : 1;
}

void gi_mpi_monitor_gather(const gi_mpi_job *job, gi_monitor *m)
{
    gi_monitor_set_cpu_sharers(m, cpu_sharers(job));
    gi_monitor_rank r;
    void *mine = NULL;
    size_t size = 0;
    if (gi_monitor_rank_get(m, &r) == GI_STATUS_OK) {
        r.rank = job->rank;
        r.node = job->node_id;
        r.host = job->host;
        if (!gi_mpi_rank_pack(&r, GI_MONITOR_RANK_MAX_SAMPLES, &mine, &size))
            size = 0;
    }
    /* The whole gather must count in an int: past that (tens of thousands of ranks), the
     * records go without their timelines. */
    long long total = 0, sz = (long long)size;
    MPI_Allreduce(&sz, &total, 1, MPI_LONG_LONG, MPI_SUM, job->world);
    if (total > INT_MAX && size > 0) {
        free(mine);
        mine = NULL;
        r.sample_count = 0;
        if (!gi_mpi_rank_pack(&r, 0, &mine, &size))
            size = 0;
    }
    int my_size = (int)size, *sizes = NULL, *displs = NULL;
    unsigned char *all = NULL;
    if (job->rank == 0) {
        sizes = calloc((size_t)job->ranks, sizeof *sizes);
        displs = calloc((size_t)job->ranks, sizeof *displs);
    }
    MPI_Gather(&my_size, 1, MPI_INT, sizes, 1, MPI_INT, 0, job->world);
    int ok = 1;
    if (job->rank == 0) {
        long long at = 0;
        ok = sizes && displs;
        for (int i = 0; ok && i < job->ranks; i++) {
            displs[i] = (int)at;
            at += sizes[i];
        }
        ok = ok && at <= INT_MAX && (all = malloc(at > 0 ? (size_t)at : 1)) != NULL;
        if (!ok) {
            /* Rank 0 cannot take the records: everyone sends nothing. */
            for (int i = 0; sizes && i < job->ranks; i++)
                sizes[i] = displs[i] = 0;
        }
    }
    MPI_Bcast(&ok, 1, MPI_INT, 0, job->world);
    if (!ok)
        my_size = 0;
    MPI_Gatherv(mine, my_size, MPI_BYTE, all, sizes, displs, MPI_BYTE, 0, job->world);
    free(mine);
    if (job->rank == 0) {
        int missing = 0;
        char list[256] = "";
        size_t used = 0;
        for (int i = 0; i < job->ranks; i++) {
            gi_monitor_rank x;
            const char **warnings = NULL;
            int added = sizes && sizes[i] > 0 &&
                        gi_mpi_rank_unpack(all + displs[i], (size_t)sizes[i], &x, &warnings) &&
                        gi_monitor_add_rank(m, &x) == GI_STATUS_OK;
            free(warnings);
            if (!added) {
                missing++;
                int n = snprintf(list + used, sizeof list - used, "%s%d", used ? ", " : "", i);
                used += n > 0 && (size_t)n < sizeof list - used ? (size_t)n : 0;
            }
        }
        if (missing) {
            char line[400];
            snprintf(line, sizeof line, "%d (%s): their records could not be made (out of memory)",
                     missing, list);
            gi_monitor_set_info(m, "ranks without a record", line);
        }
    }
    free(sizes);
    free(displs);
    free(all);
}
