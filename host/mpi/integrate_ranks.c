/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "integrate_ranks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tile_gather.h"
#include "util/result_timing.h"

static gi_status sin_tiles(gi_context *ctx, const void *arg, int64_t first, int64_t count,
                           double *pairs)
{
    return gi_integrate_tiles(ctx, arg, first, count, pairs);
}

/* What each rank did, for the output and the job's report. */
void gi_mpi_rank_runs_gather(const gi_mpi_job *job, gi_context *ctx, int64_t first, int64_t count,
                             const gi_timing *t, double wall, gi_mpi_rank_run *runs,
                             gi_mpi_rank_run *self, gi_timing *job_t)
{
    gi_mpi_rank_run mine, *run = &mine;
    gi_device_info info, *dev = &info;
    memset(run, 0, sizeof *run);
    run->rank = job->rank;
    run->node_id = job->node_id;
    run->first_tile = first;
    run->tiles = count;
    const char *why;
    memset(dev, 0, sizeof *dev);
    if (gi_context_selected(ctx, dev, &why) == GI_STATUS_OK) {
        snprintf(run->backend, sizeof run->backend, "%s", dev->backend);
        snprintf(run->device_spec, sizeof run->device_spec, "%s", dev->spec);
        snprintf(run->device, sizeof run->device, "%s", dev->name);
    }
    snprintf(run->host, sizeof run->host, "%s", job->host);
    run->threads = count > 0 ? t->threads : gi_context_threads(ctx);
    run->kernel_time_s = t->kernel_time_s;
    run->transfer_time_s = t->transfer_time_s;
    run->time_s = t->time_s;
    MPI_Gather(run, (int)sizeof *run, MPI_BYTE, runs, (int)sizeof *run, MPI_BYTE, 0, job->world);
    if (self)
        *self = mine;
    if (job->rank != 0)
        return;
    memset(job_t, 0, sizeof *job_t);
    job_t->time_s = wall;
    job_t->threads = run->threads;
    for (int r = 0; r < job->ranks; r++) {
        if (runs[r].kernel_time_s > job_t->kernel_time_s)
            job_t->kernel_time_s = runs[r].kernel_time_s;
        if (runs[r].transfer_time_s > job_t->transfer_time_s)
            job_t->transfer_time_s = runs[r].transfer_time_s;
    }
    job_t->backend = count > 0 ? t->backend : dev->backend;
    job_t->device = count > 0 ? t->device : dev->name;
}

gi_status gi_mpi_integrate(const gi_mpi_job *job, gi_context *ctx, const gi_integrate_params *p,
                           gi_integrate_result *result, gi_mpi_rank_run *runs,
                           gi_mpi_rank_run *self)
{
    if (job->rank == 0)
        memset(result, 0, sizeof *result);
    int64_t total = gi_integrate_tile_count(p), first, count;
    gi_timing t;
    double *all;
    MPI_Barrier(job->world);
    double start = MPI_Wtime();
    gi_status st = gi_mpi_tiles_gather(job, ctx, total, sin_tiles, p, &all, &first, &count, &t);
    if (st == GI_STATUS_OK && job->rank == 0) {
        st = gi_integrate_combine(ctx, p, all, total, result);
        /* Only a bug could fail here: every pair is in place and p passed the checks. */
        if (st != GI_STATUS_OK)
            fprintf(stderr, "gpuinteg: rank 0: combining the tiles: %s\n", gi_last_error(ctx));
    }
    gi_timing job_t;
    gi_mpi_rank_runs_gather(job, ctx, first, count, &t, MPI_Wtime() - start, runs, self, &job_t);
    if (job->rank == 0 && st == GI_STATUS_OK)
        GI_RESULT_SET_TIMING(result, job_t);
    free(all);
    /* Rank 0's combine is the last step that can fail; every rank returns its outcome. */
    int code = (int)st;
    MPI_Bcast(&code, 1, MPI_INT, 0, job->world);
    return (gi_status)code;
}
