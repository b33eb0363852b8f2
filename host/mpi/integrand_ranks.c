/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_mpi_integrate_function: the user's integrand over the ranks, each of the two grids (the one
 * asked for and the estimate's coarse one) split and combined as gi_mpi_integrate splits sin(x+y).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "integrate_ranks.h"
#include "tile_gather.h"
#include "util/result_timing.h"

typedef struct grid_work {
    const gi_integrand *f;
    const gi_rule *rule;
    const gi_integrate_params *p;
    int coarse;
} grid_work;

static gi_status grid_tiles(gi_context *ctx, const void *arg, int64_t first, int64_t count,
                            double *pairs)
{
    const grid_work *w = arg;
    return gi_integrate_function_tiles(ctx, w->f, w->rule, w->p, w->coarse, first, count, pairs);
}

gi_status gi_mpi_integrate_function(const gi_mpi_job *job, gi_context *ctx, const gi_integrand *f,
                                    const gi_rule *rule, const gi_integrate_params *p,
                                    gi_integral *result, gi_mpi_rank_run *runs,
                                    gi_mpi_rank_run *self)
{
    if (job->rank == 0)
        memset(result, 0, sizeof *result);
    gi_timing sum = {0};
    int64_t first = 0, count = 0;
    double values[2] = {0, 0}, compile_s = 0, job_compile_s = 0;
    uint64_t evaluations = 0;
    gi_status st = GI_STATUS_OK;
    MPI_Barrier(job->world);
    double start = MPI_Wtime();
    for (int coarse = 0; coarse < 2 && st == GI_STATUS_OK; coarse++) {
        grid_work w = {f, rule, p, coarse};
        int64_t total = gi_integrate_function_tile_count(rule, p, coarse), f0, c0;
        gi_timing t;
        double *all;
        st = gi_mpi_tiles_gather(job, ctx, total, grid_tiles, &w, &all, &f0, &c0, &t);
        if (st == GI_STATUS_OK && job->rank == 0) {
            st = gi_integrate_function_combine(ctx, rule, p, coarse, all, total, &values[coarse]);
            if (st != GI_STATUS_OK)
                fprintf(stderr, "gpuinteg: rank 0: combining the tiles: %s\n", gi_last_error(ctx));
        }
        free(all);
        if (c0 > 0)
            compile_s += t.compile_s;
        if (coarse == 0) {
            first = f0;
            count = c0;
            sum = t;
        } else {
            sum.kernel_time_s += t.kernel_time_s;
            sum.transfer_time_s += t.transfer_time_s;
            sum.time_s += t.time_s;
        }
        evaluations += gi_integrate_function_points(rule, p, coarse);
    }
    gi_timing job_t;
    gi_mpi_rank_runs_gather(job, ctx, first, count, &sum, MPI_Wtime() - start, runs, self, &job_t);
    /* As one process reports its own builds of f: the largest rank's. */
    MPI_Reduce(&compile_s, &job_compile_s, 1, MPI_DOUBLE, MPI_MAX, 0, job->world);
    if (job->rank == 0 && st == GI_STATUS_OK) {
        result->value = values[0];
        result->coarse_value = values[1];
        result->error_estimate = p->nx == 1 && p->ny == 1 ? 0.0 : fabs(values[0] - values[1]);
        result->evaluations = evaluations;
        GI_RESULT_SET_TIMING(result, job_t);
        result->compile_time_s = job_compile_s;
    }
    int code = (int)st;
    MPI_Bcast(&code, 1, MPI_INT, 0, job->world);
    return (gi_status)code;
}
