#include "integrate_ranks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "share.h"

/* Rank 0's receive layout: rank r's pairs land at 2·first(r), 2·count(r) doubles. */
static int gather_layout(const gi_mpi_job *job, int64_t total, int *counts, int *displs)
{
    for (int r = 0; r < job->ranks; r++) {
        int64_t first, count;
        gi_mpi_tile_share(total, job->ranks, r, &first, &count);
        counts[r] = (int)(2 * count);
        displs[r] = (int)(2 * first);
    }
    return 0;
}

gi_status gi_mpi_integrate(const gi_mpi_job *job, gi_context *ctx, const gi_integrate_params *p,
                           gi_integrate_result *result, gi_mpi_rank_run *runs,
                           gi_mpi_rank_run *self)
{
    char msg[1024] = "";
    gi_status st = GI_STATUS_OK;
    if (job->rank == 0)
        memset(result, 0, sizeof *result);

    /* At most GI_TILE_MAX_ROWS × GI_TILE_MAX_COLS tiles: 2·65536 doubles, within int. */
    int64_t total = gi_integrate_tile_count(p);
    int64_t first = 0, count = 0;
    if (total <= 0) {
        st = GI_STATUS_INVALID_ARGUMENT;
        snprintf(msg, sizeof msg, "the integral's parameters are invalid");
    } else {
        gi_mpi_tile_share(total, job->ranks, job->rank, &first, &count);
    }
    double *mine = malloc((size_t)(count > 0 ? count : 1) * 2 * sizeof *mine);
    double *all = NULL;
    int *counts = NULL, *displs = NULL;
    if (job->rank == 0 && st == GI_STATUS_OK) {
        all = malloc((size_t)total * 2 * sizeof *all);
        counts = malloc((size_t)job->ranks * sizeof *counts);
        displs = malloc((size_t)job->ranks * sizeof *displs);
    }
    if (st == GI_STATUS_OK && (!mine || (job->rank == 0 && (!all || !counts || !displs)))) {
        st = GI_STATUS_OUT_OF_MEMORY;
        snprintf(msg, sizeof msg, "out of memory for the pairs of %lld tiles", (long long)total);
    }

    gi_mpi_rank_run run = {
        .rank = job->rank, .node_id = job->node_id, .first_tile = first, .tiles = count};
    gi_timing t = {0};
    MPI_Barrier(job->world);
    double start = MPI_Wtime();
    if (st == GI_STATUS_OK && count > 0) {
        st = gi_integrate_tiles(ctx, p, first, count, mine);
        if (st != GI_STATUS_OK)
            snprintf(msg, sizeof msg, "%s", gi_last_error(ctx));
        else
            gi_last_timing(ctx, &t);
    }
    /* Every rank reaches this point, failed or not: no rank waits in the gather for one that
     * gave up. */
    st = gi_mpi_agree(job, st, msg);
    if (st == GI_STATUS_OK) {
        if (job->rank == 0)
            gather_layout(job, total, counts, displs);
        MPI_Gatherv(mine, (int)(2 * count), MPI_DOUBLE, all, counts, displs, MPI_DOUBLE, 0,
                    job->world);
        if (job->rank == 0) {
            st = gi_integrate_combine(ctx, p, all, total, result);
            /* Only a bug could fail here: every pair is in place and p passed the checks. */
            if (st != GI_STATUS_OK)
                fprintf(stderr, "gpuinteg: rank 0: combining the tiles: %s\n", gi_last_error(ctx));
        }
    }
    double wall = MPI_Wtime() - start;

    /* What each rank did, for the output and the job's report. */
    gi_device_info dev;
    const char *why;
    if (gi_context_selected(ctx, &dev, &why) == GI_STATUS_OK) {
        snprintf(run.backend, sizeof run.backend, "%s", dev.backend);
        snprintf(run.device_spec, sizeof run.device_spec, "%s", dev.spec);
        snprintf(run.device, sizeof run.device, "%s", dev.name);
    }
    snprintf(run.host, sizeof run.host, "%s", job->host);
    run.threads = count > 0 ? t.threads : gi_context_threads(ctx);
    run.kernel_time_s = t.kernel_time_s;
    run.transfer_time_s = t.transfer_time_s;
    run.time_s = t.time_s;
    MPI_Gather(&run, (int)sizeof run, MPI_BYTE, runs, (int)sizeof run, MPI_BYTE, 0, job->world);
    if (self)
        *self = run;

    if (job->rank == 0 && st == GI_STATUS_OK) {
        result->time_s = wall;
        result->threads = run.threads;
        for (int r = 0; r < job->ranks; r++) {
            if (runs[r].kernel_time_s > result->kernel_time_s)
                result->kernel_time_s = runs[r].kernel_time_s;
            if (runs[r].transfer_time_s > result->transfer_time_s)
                result->transfer_time_s = runs[r].transfer_time_s;
        }
        if (count > 0) {
            result->backend = t.backend;
            result->device = t.device;
        } else {
            result->backend = dev.backend;
            result->device = dev.name;
        }
    }
    free(mine);
    free(all);
    free(counts);
    free(displs);
    /* Rank 0's combine is the last step that can fail; every rank returns its outcome. */
    int code = (int)st;
    MPI_Bcast(&code, 1, MPI_INT, 0, job->world);
    return (gi_status)code;
}
