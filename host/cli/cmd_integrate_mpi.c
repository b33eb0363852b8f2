/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg integrate as an MPI job: every rank takes its fixed share of the tiles on its own
 * device (one GPU per node-local rank), rank 0 combines the tiles in order and prints one
 * result — the same bits as one process — with the ranks' part in it.
 *
 * Every step that can fail on one rank ends in gi_mpi_agree, so a failing rank's message is
 * printed once and every rank exits with its code; none waits forever for it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_mpi.h"
#include "cli_mpi_print.h"
#include "cli_signals.h"
#include "integrate_cmd.h"
#include "mpi/integrate_ranks.h"
#include "mpi/job.h"
#include "mpi_dispatch.h"

/* The command's part of the ranks' output (cli_mpi_print.h). */
typedef struct mpi_summary {
    const gi_mpi_rank_run *runs;
    int64_t tiles;
} mpi_summary;

static void rank_id(const void *arg, int r, gi_cli_mpi_rank_id *id, double *time_s)
{
    const gi_mpi_rank_run *x = &((const mpi_summary *)arg)->runs[r];
    *id = GI_CLI_MPI_RANK_ID(x);
    *time_s = x->kernel_time_s;
}

static void summary_json(const void *arg, cJSON *j, double lo, double hi, double imbalance)
{
    (void)lo, (void)hi;
    cJSON_AddNumberToObject(j, "tiles", (double)((const mpi_summary *)arg)->tiles);
    cJSON_AddNumberToObject(j, "kernel_imbalance", imbalance);
}

static void rank_json(const void *arg, int r, cJSON *o)
{
    const gi_mpi_rank_run *x = &((const mpi_summary *)arg)->runs[r];
    cJSON_AddNumberToObject(o, "first_tile", (double)x->first_tile);
    cJSON_AddNumberToObject(o, "tiles", (double)x->tiles);
    cJSON_AddNumberToObject(o, "kernel_time_s", x->kernel_time_s);
    cJSON_AddNumberToObject(o, "transfer_time_s", x->transfer_time_s);
    cJSON_AddNumberToObject(o, "time_s", x->time_s);
}

static void summary_human(const void *arg, FILE *out, double lo, double hi, double imbalance)
{
    fprintf(out, "%lld tiles; kernel %.4f–%.4f s per rank, imbalance %.1f%%",
            (long long)((const mpi_summary *)arg)->tiles, lo, hi, 100.0 * imbalance);
}

static void rank_human(const void *arg, int r, FILE *out)
{
    const gi_mpi_rank_run *x = &((const mpi_summary *)arg)->runs[r];
    if (x->tiles > 0)
        fprintf(out, "tiles %lld–%lld, kernel %.4f s\n", (long long)x->first_tile,
                (long long)(x->first_tile + x->tiles - 1), x->kernel_time_s);
    else
        fprintf(out, "no tiles (more ranks than tiles)\n");
}

/* In gi_cli_mpi_hooks' order. */
static const gi_cli_mpi_hooks hooks = {rank_id, summary_json, rank_json, summary_human, rank_human};

/* What every rank must agree on: the grid and the runs (compared bytewise, padding zeroed). */
typedef struct integrate_problem {
    gi_integrate_params p;
    int64_t repeat;
    int64_t sine; /* --sine: every rank must sum the same way */
} integrate_problem;

static void describe_problem(const void *arg, char *buf, size_t size)
{
    const integrate_problem *x = arg;
    snprintf(buf, size, "%lld×%lld on [%g,%g]×[%g,%g], %lld runs, %s sine", (long long)x->p.nx,
             (long long)x->p.ny, x->p.x0, x->p.x1, x->p.y0, x->p.y1, (long long)x->repeat,
             gi_sine_kind_name((gi_sine_kind)x->sine));
}

/* CPU threads rank this rank ran (for the monitor): its runs', else the setting for openmp, 1
 * for the other backends' host side. */
static int threads_of(gi_context *ctx, const gi_device_info *dev, const gi_mpi_rank_run *run,
                      int done)
{
    if (done > 0 && run->tiles > 0)
        return run->threads;
    (void)dev;
    return gi_context_device_threads(ctx);
}

int gi_cmd_integrate_mpi(void *opts, const gi_mpi_launch *launch)
{
    gi_integrate_opts *o = opts;
    gi_mpi_job job;
    gi_cli_mpi_begin(&job); /* SIGTERM at a Slurm time limit also stops each rank's tiles */
    char msg[1024] = "";
    gi_context *ctx = NULL;
    gi_integrand *f = NULL;
    double *times = NULL;
    gi_mpi_rank_run *runs = NULL;
    int code = GI_EXIT_OK;

    integrate_problem mine;
    memset(&mine, 0, sizeof mine);
    mine.p = o->p;
    mine.repeat = o->repeat;
    mine.sine = o->sine;
    gi_status st =
        gi_cli_mpi_same_problem(&job, &mine, sizeof mine, "grid, --repeat or --sine",
                                describe_problem, "integrate the same grid", msg, sizeof msg);
    if ((st = gi_mpi_agree(&job, st, msg)) != GI_STATUS_OK) {
        code = gi_cli_exit_code(st);
        goto end;
    }
    double setup_s = 0;
    if ((code = gi_cli_mpi_start(&job, &o->mon, o->device, o->threads, o->share_gpus,
                                 GI_WORKLOAD_INTEGRATE, &ctx, &setup_s, msg, sizeof msg)) !=
        GI_EXIT_OK)
        goto end;
    /* Every rank sums the same way (checked with the grid above); the call fails only on a
     * value no parser gives. */
    if ((st = gi_integrate_set_sine(ctx, o->sine)) != GI_STATUS_OK)
        snprintf(msg, sizeof msg, "%s", gi_last_error(ctx));
    times = calloc((size_t)o->repeat, sizeof *times);
    /* Every rank gets the table: its own entry says what it did, for the monitor. */
    runs = calloc((size_t)job.ranks, sizeof *runs);
    if (st == GI_STATUS_OK && (!times || !runs)) {
        st = GI_STATUS_OUT_OF_MEMORY;
        snprintf(msg, sizeof msg, "out of memory for %d timings of %d ranks", o->repeat, job.ranks);
    }
    if ((st = gi_mpi_agree(&job, st, msg)) != GI_STATUS_OK) {
        code = gi_cli_exit_code(st);
        goto end;
    }
    /* --f / --rule: the user's integrand, made on every rank (each reports the same fault;
     * gi_mpi_agree prints the lowest rank's once). */
    int function = gi_integrate_opts_function(o);
    gi_rule rule = {GI_RULE_MIDPOINT, 1};
    if (function)
        st = gi_integrate_function_make(ctx, o, &rule, &f, msg, sizeof msg);
    if ((st = gi_mpi_agree(&job, st, msg)) != GI_STATUS_OK) {
        code = gi_cli_exit_code(st);
        goto end;
    }
    gi_device_info dev;
    const char *why = "";
    gi_context_selected(ctx, &dev, &why);
    if ((code = gi_cli_mpi_monitor_start(&job, &o->mon)) != GI_EXIT_OK)
        goto end;

    gi_integral fr = {0};
    gi_integrate_result r = {0};
    gi_mpi_rank_run self = {0};
    int done = 0;
    double busy = 0, compile = 0;
    for (int k = 0; k < o->repeat && st == GI_STATUS_OK; k++) {
        if (gi_mpi_agree_signal(&job, gi_cli_signals_caught()))
            break;
        /* A failed or interrupted run zeroes its result: r keeps the last good one. */
        gi_integrate_result this_run;
        gi_integral this_function;
        gi_mpi_rank_run this_self;
        st = function ? gi_mpi_integrate_function(&job, ctx, f, &rule, &o->p, &this_function, runs,
                                                  &this_self)
                      : gi_mpi_integrate(&job, ctx, &o->p, &this_run, runs, &this_self);
        if (st != GI_STATUS_OK)
            break;
        if (function) {
            fr = this_function;
            /* as one process: the device's build of the integrand is reported apart */
            compile += fr.compile_time_s;
            times[k] = fr.time_s - fr.compile_time_s;
        } else {
            r = this_run;
            times[k] = r.time_s;
        }
        self = this_self;
        busy += self.kernel_time_s;
        done++;
    }
    int64_t tiles = function ? gi_integrate_function_tile_count(&rule, &o->p, 0)
                             : gi_integrate_tile_count(&o->p);
    int sig = gi_cli_mpi_runs_stop(&job, &o->mon, "integrate", &dev,
                                   threads_of(ctx, &dev, &self, done), busy);
    gi_cli_monitor_info(&o->mon, "grid", "%lld x %lld cells", (long long)o->p.nx,
                        (long long)o->p.ny);
    gi_cli_monitor_info(&o->mon, "runs", "%d of %d", done, o->repeat);
    gi_cli_monitor_info(&o->mon, "MPI", "%d ranks on %d node%s, %lld tiles", job.ranks, job.nodes,
                        job.nodes == 1 ? "" : "s", (long long)tiles);
    if ((code = gi_cli_mpi_runs_outcome(&job, &o->mon, "integrate", &dev, st, sig, done, o->repeat,
                                        o->json, o->quiet)) >= 0)
        goto end;
    code = sig ? 128 + sig : GI_EXIT_OK;
    if (job.rank == 0) {
        double best, median;
        gi_cli_best_median(times, o->repeat, &best, &median);
        gi_cli_monitor_info(&o->mon, "value", "%.17g", function ? fr.value : r.value);
        gi_cli_monitor_info(&o->mon, "time (best)", "%.4f s", best);
        mpi_summary m = {.runs = runs, .tiles = tiles};
        gi_cli_mpi_report report = {
            .job = &job, .launch = launch, .mon = &o->mon, .hooks = &hooks, .arg = &m};
        gi_print_extra extra = gi_cli_mpi_print_extra(&report);
        fr.compile_time_s = compile;
        if (function)
            gi_integrate_function_print(o, &fr, &dev, why, best, median, setup_s, &extra);
        else
            gi_integrate_print(o, &r, &dev, why, best, median, setup_s, &extra);
        fflush(stdout);
    }
end:
    free(times);
    free(runs);
    gi_integrand_destroy(f);
    return gi_cli_mpi_end(&job, &o->mon, ctx, code);
}
