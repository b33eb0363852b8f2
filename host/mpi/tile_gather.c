/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "tile_gather.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "share.h"

gi_status gi_mpi_tiles_gather(const gi_mpi_job *job, gi_context *ctx, int64_t total,
                              gi_mpi_tiles_fn tiles, const void *arg, double **all, int64_t *first,
                              int64_t *count, gi_timing *t)
{
    char msg[1024] = "";
    gi_status st = GI_STATUS_OK;
    *all = NULL;
    *first = *count = 0;
    memset(t, 0, sizeof *t);
    /* At most GI_TILE_MAX_ROWS × GI_TILE_MAX_COLS tiles: 2·65536 doubles, within int. */
    if (total <= 0) {
        st = GI_STATUS_INVALID_ARGUMENT;
        snprintf(msg, sizeof msg, "the integral's parameters are invalid");
    } else {
        gi_mpi_tile_share(total, job->ranks, job->rank, first, count);
    }
    double *mine = malloc((size_t)(*count > 0 ? *count : 1) * 2 * sizeof *mine);
    double *gathered = NULL;
    int *counts = NULL, *displs = NULL;
    if (job->rank == 0 && st == GI_STATUS_OK) {
        gathered = malloc((size_t)total * 2 * sizeof *gathered);
        counts = malloc((size_t)job->ranks * sizeof *counts);
        displs = malloc((size_t)job->ranks * sizeof *displs);
    }
    if (st == GI_STATUS_OK && (!mine || (job->rank == 0 && (!gathered || !counts || !displs)))) {
        st = GI_STATUS_OUT_OF_MEMORY;
        snprintf(msg, sizeof msg, "out of memory for the pairs of %lld tiles", (long long)total);
    }
    if (st == GI_STATUS_OK && *count > 0) {
        st = tiles(ctx, arg, *first, *count, mine);
        if (st != GI_STATUS_OK)
            snprintf(msg, sizeof msg, "%s", gi_last_error(ctx));
        else
            gi_last_timing(ctx, t);
    }
    /* Every rank reaches this point, failed or not: no rank waits in the gather for one that
     * gave up. */
    st = gi_mpi_agree(job, st, msg);
    if (st == GI_STATUS_OK) {
        if (job->rank == 0)
            for (int r = 0; r < job->ranks; r++) {
                int64_t f, c;
                gi_mpi_tile_share(total, job->ranks, r, &f, &c);
                counts[r] = (int)(2 * c);
                displs[r] = (int)(2 * f);
            }
        MPI_Gatherv(mine, (int)(2 * *count), MPI_DOUBLE, gathered, counts, displs, MPI_DOUBLE, 0,
                    job->world);
    }
    free(mine);
    free(counts);
    free(displs);
    if (st == GI_STATUS_OK)
        *all = gathered;
    else
        free(gathered);
    return st;
}
