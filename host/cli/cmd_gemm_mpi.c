/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg gemm as an MPI job: C = op(A)·op(B) spread over the ranks by 2-D SUMMA
 * (host/mpi/gemm_ranks.h), every rank multiplying its panels on its own device (one GPU per
 * node-local rank) and holding only its blocks; --verify runs Freivalds' check on the
 * distributed blocks. Rank 0 prints one result, with the ranks' part in it, and writes the
 * job's utilization report.
 *
 * Every step that can fail on one rank ends in an agreement (gi_mpi_agree), so a failing
 * rank's message is printed once and every rank exits with its code; none waits for it.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/monitor.h>

#include "cli.h"
#include "cli_mpi.h"
#include "cli_mpi_print.h"
#include "cli_signals.h"
#include "gemm_cmd.h"
#include "mpi/gemm_ranks.h"
#include "mpi/job.h"
#include "mpi_dispatch.h"

/* What every rank must agree on: the product and the runs (compared bytewise, padding zeroed). */
typedef struct gemm_problem {
    int64_t m, n, k, seed;
    int32_t repeat, verify;
    char transa, transb;
} gemm_problem;

static void describe_problem(const void *arg, char *buf, size_t size)
{
    const gemm_problem *p = arg;
    snprintf(buf, size, "m = %lld, n = %lld, k = %lld, transa %c, transb %c, seed %lld, %d run%s%s",
             (long long)p->m, (long long)p->n, (long long)p->k, p->transa, p->transb,
             (long long)p->seed, p->repeat, p->repeat == 1 ? "" : "s",
             p->verify ? ", --verify" : "");
}

/* What one rank did in one product; gathered to rank 0. Plain bytes: one binary runs the job. */
typedef struct rank_run {
    int rank, node_id, threads;
    int64_t row0, rows, col0, cols;
    gi_mpi_gemm_times t;
    char host[64];
    char backend[16];
    char device_spec[32];
    char device[128];
} rank_run;

/* The command's part of the ranks' output (cli_mpi_print.h). */
typedef struct mpi_summary {
    const gi_mpi_gemm_layout *l;
    const rank_run *runs; /* the fastest run's, one per rank */
    int ranks;
} mpi_summary;

static void rank_id(const void *arg, int r, gi_cli_mpi_rank_id *id, double *time_s)
{
    const rank_run *x = &((const mpi_summary *)arg)->runs[r];
    *id = GI_CLI_MPI_RANK_ID(x);
    *time_s = x->t.dgemm_s;
}

/* The longest a rank spent in broadcasts. */
static double comm_max(const mpi_summary *s)
{
    double comm = 0;
    for (int r = 0; r < s->ranks; r++)
        comm = s->runs[r].t.comm_s > comm ? s->runs[r].t.comm_s : comm;
    return comm;
}

static void summary_json(const void *arg, cJSON *j, double lo, double hi, double imbalance)
{
    const mpi_summary *s = arg;
    (void)lo, (void)hi;
    const int grid[2] = {s->l->r, s->l->c};
    cJSON_AddItemToObject(j, "process_grid", cJSON_CreateIntArray(grid, 2));
    cJSON_AddNumberToObject(j, "panels", s->runs[0].t.panels);
    cJSON_AddNumberToObject(j, "comm_time_s", comm_max(s));
    cJSON_AddNumberToObject(j, "gemm_imbalance", imbalance);
}

static void rank_json(const void *arg, int r, cJSON *o)
{
    const rank_run *x = &((const mpi_summary *)arg)->runs[r];
    cJSON_AddNumberToObject(o, "row0", (double)x->row0);
    cJSON_AddNumberToObject(o, "rows", (double)x->rows);
    cJSON_AddNumberToObject(o, "col0", (double)x->col0);
    cJSON_AddNumberToObject(o, "cols", (double)x->cols);
    cJSON_AddNumberToObject(o, "gemm_time_s", x->t.dgemm_s);
    cJSON_AddNumberToObject(o, "kernel_time_s", x->t.kernel_s);
    cJSON_AddNumberToObject(o, "transfer_time_s", x->t.transfer_s);
    cJSON_AddNumberToObject(o, "comm_time_s", x->t.comm_s);
}

static void summary_human(const void *arg, FILE *out, double lo, double hi, double imbalance)
{
    const mpi_summary *s = arg;
    fprintf(out,
            "process grid %dx%d, %d panels (SUMMA); products %.4f–%.4f s per rank, imbalance "
            "%.1f%%, broadcasts up to %.4f s",
            s->l->r, s->l->c, s->runs[0].t.panels, lo, hi, 100.0 * imbalance, comm_max(s));
}

static void rank_human(const void *arg, int r, FILE *out)
{
    const rank_run *x = &((const mpi_summary *)arg)->runs[r];
    if (x->rows > 0 && x->cols > 0)
        fprintf(out, "C rows %lld–%lld x columns %lld–%lld, products %.4f s, broadcasts %.4f s\n",
                (long long)x->row0, (long long)(x->row0 + x->rows - 1), (long long)x->col0,
                (long long)(x->col0 + x->cols - 1), x->t.dgemm_s, x->t.comm_s);
    else
        fprintf(out, "no block of C (more ranks than rows or columns)\n");
}

/* In gi_cli_mpi_hooks' order. */
static const gi_cli_mpi_hooks hooks = {rank_id, summary_json, rank_json, summary_human, rank_human};

/* Collective. Refuses a product whose blocks do not fit the memory of some node (the node's
 * ranks together), before anything is allocated. */
static gi_status check_memory(const gi_mpi_job *job, const gi_gemm_opts *o,
                              const gi_mpi_gemm_layout *l, char *msg, size_t msg_size)
{
    unsigned long long mine = gi_mpi_gemm_rank_bytes(l), node = 0;
    MPI_Allreduce(&mine, &node, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, job->node);
    char shape[128];
    gi_memory_room room;
    gi_memory_room_read(&room);
    uint64_t avail = room.bytes;
    const char *source = room.source;
    if (avail == UINT64_MAX || node <= avail)
        return GI_STATUS_OK;
    gi_gemm_describe_shape(o, shape, sizeof shape);
    snprintf(msg, msg_size,
             "%s over %d ranks needs %llu bytes (%.1f GiB) on %s for its %d ranks' blocks of A, B "
             "and C; %llu bytes (%.1f GiB) are available (%s)",
             shape, job->ranks, node, (double)node / 1073741824.0, job->host, job->node_ranks,
             (unsigned long long)avail, (double)avail / 1073741824.0, source);
    return GI_STATUS_INVALID_ARGUMENT;
}

/* Collective. The sum of C's elements: each rank's block compensated, the ranks' pairs
 * combined on rank 0 in rank order. */
static double c_sum(const gi_mpi_job *job, const gi_mpi_gemm_layout *l, const double *C)
{
    double mine[2] = {0, 0}, *all = NULL, total[2] = {0, 0};
    gi_gemm_sum_add(mine, C, (size_t)(l->rows * l->cols));
    if (job->rank == 0)
        all = malloc(2 * (size_t)job->ranks * sizeof *all);
    MPI_Gather(mine, 2, MPI_DOUBLE, all, 2, MPI_DOUBLE, 0, job->world);
    if (!all)
        return NAN;
    for (int r = 0; r < job->ranks; r++) {
        gi_gemm_sum_add(total, &all[2 * r], 1);
        total[1] += all[2 * r + 1];
    }
    free(all);
    return total[0] + total[1];
}

int gi_cmd_gemm_mpi(void *opts, const gi_mpi_launch *launch)
{
    gi_gemm_opts *o = opts;
    gi_mpi_job job;
    gi_cli_mpi_begin(&job); /* a signal stops the runs between products, not in a BLAS call */
    char msg[2048] = "";
    gi_context *ctx = NULL;
    double *times = NULL;
    rank_run *runs = NULL, *best_runs = NULL;
    gi_mpi_gemm_blocks b = {0};
    int code = GI_EXIT_OK;

    gemm_problem mine;
    memset(&mine, 0, sizeof mine);
    mine = (gemm_problem){.m = o->m,
                          .n = o->n,
                          .k = o->k,
                          .seed = o->seed,
                          .repeat = o->repeat,
                          .verify = o->verify,
                          .transa = o->transa,
                          .transb = o->transb};
    gi_status st = gi_cli_mpi_same_problem(&job, &mine, sizeof mine, "product", describe_problem,
                                           "compute the same product", msg, sizeof msg);
    st = gi_mpi_agree(&job, st, msg);
    gi_mpi_gemm_layout l;
    gi_mpi_gemm_layout_make(&job, o->m, o->n, o->k, &l);
    if (st == GI_STATUS_OK)
        st = gi_mpi_agree(&job, check_memory(&job, o, &l, msg, sizeof msg), msg);
    if (st != GI_STATUS_OK) {
        code = gi_cli_exit_code(st);
        goto end;
    }
    double setup_s = 0;
    if ((code = gi_cli_mpi_start(&job, &o->mon, o->device, o->threads, o->share_gpus,
                                 GI_WORKLOAD_DGEMM, &ctx, &setup_s, msg, sizeof msg)) != GI_EXIT_OK)
        goto end;
    b.A = malloc((size_t)(l.rows * l.ka + 1) * sizeof *b.A);
    b.B = malloc((size_t)(l.kb * l.cols + 1) * sizeof *b.B);
    b.C = malloc((size_t)(l.rows * l.cols + 1) * sizeof *b.C);
    times = calloc((size_t)o->repeat, sizeof *times);
    runs = calloc(job.rank == 0 ? (size_t)job.ranks : 1, sizeof *runs);
    best_runs = calloc(job.rank == 0 ? (size_t)job.ranks : 1, sizeof *best_runs);
    if (!b.A || !b.B || !b.C || !times || !runs || !best_runs) {
        st = GI_STATUS_OUT_OF_MEMORY;
        snprintf(msg, sizeof msg, "cannot allocate %llu bytes for this rank's blocks",
                 (unsigned long long)gi_mpi_gemm_rank_bytes(&l));
    }
    if ((st = gi_mpi_agree(&job, st, msg)) != GI_STATUS_OK) {
        code = gi_cli_exit_code(st);
        goto end;
    }
    gi_mpi_gemm_fill(&l, (uint64_t)o->seed, o->transa, o->transb, &b);
    /* beta = 0 on the first panel must not read C: NaN, so that a backend that does is caught
     * by --verify. */
    for (int64_t i = 0; i < l.rows * l.cols; i++)
        b.C[i] = NAN;
    gi_device_info dev;
    const char *why = "";
    gi_context_selected(ctx, &dev, &why);

    if ((code = gi_cli_mpi_monitor_start(&job, &o->mon)) != GI_EXIT_OK)
        goto end;
    double busy = 0, best = INFINITY;
    rank_run me = {.rank = job.rank,
                   .node_id = job.node_id,
                   .row0 = l.row0,
                   .rows = l.rows,
                   .col0 = l.col0,
                   .cols = l.cols};
    snprintf(me.host, sizeof me.host, "%s", job.host);
    snprintf(me.backend, sizeof me.backend, "%s", dev.backend);
    snprintf(me.device_spec, sizeof me.device_spec, "%s", dev.spec);
    snprintf(me.device, sizeof me.device, "%s", dev.name);
    int done = 0;
    for (int rep = 0; rep < o->repeat && st == GI_STATUS_OK; rep++) {
        if (gi_mpi_agree_signal(&job, gi_cli_signals_caught()))
            break;
        MPI_Barrier(job.world);
        double t0 = MPI_Wtime();
        st = gi_mpi_dgemm(&job, ctx, &l, &b, &me.t);
        /* gi_mpi_dgemm ends in an agreement: every rank has finished its products here. */
        times[rep] = MPI_Wtime() - t0;
        if (st != GI_STATUS_OK)
            break;
        done++;
        busy += me.t.kernel_s;
        gi_timing t;
        me.threads = l.rows > 0 && l.cols > 0 && gi_last_timing(ctx, &t) == GI_STATUS_OK
                         ? t.threads
                         : gi_context_threads(ctx);
        MPI_Gather(&me, (int)sizeof me, MPI_BYTE, runs, (int)sizeof me, MPI_BYTE, 0, job.world);
        if (job.rank == 0 && times[rep] < best) {
            best = times[rep];
            memcpy(best_runs, runs, (size_t)job.ranks * sizeof *runs);
        }
    }
    int sig = gi_cli_mpi_runs_stop(&job, &o->mon, "gemm", &dev,
                                   me.threads ? me.threads : gi_context_threads(ctx), busy);
    char shape[128];
    gi_gemm_describe_shape(o, shape, sizeof shape);
    gi_cli_monitor_info(&o->mon, "product", "%s, transa %c, transb %c, seed %lld", shape, o->transa,
                        o->transb, (long long)o->seed);
    gi_cli_monitor_info(&o->mon, "runs", "%d of %d", done, o->repeat);
    gi_cli_monitor_info(&o->mon, "MPI", "%d ranks on %d node%s, process grid %dx%d (SUMMA)",
                        job.ranks, job.nodes, job.nodes == 1 ? "" : "s", l.r, l.c);
    if ((code = gi_cli_mpi_runs_outcome(&job, &o->mon, "gemm", &dev, st, sig, done, o->repeat,
                                        o->json, 0)) >= 0)
        goto end;
    code = GI_EXIT_OK;

    gi_gemm_result r = {.dev = &dev, .why = why};
    gi_cli_best_median(times, o->repeat, &r.best, &r.median);
    r.gflops = r.best > 0 ? 2.0 * (double)o->m * (double)o->n * (double)o->k / r.best / 1e9 : 0.0;
    gi_cli_monitor_info(&o->mon, "time (best)", "%.4f s", r.best);
    gi_cli_monitor_info(&o->mon, "GFLOP/s", "%.1f", r.gflops);
    if (o->verify) {
        st = gi_mpi_dgemm_verify(&job, &l, &b, &r.check);
        if (st != GI_STATUS_OK && st != GI_STATUS_VERIFICATION_FAILED) {
            code = gi_cli_exit_code(st);
            goto end;
        }
        r.checked = 1;
        r.verified = st == GI_STATUS_OK;
        code = r.verified ? GI_EXIT_OK : GI_EXIT_VERIFY;
        gi_cli_monitor_info(&o->mon, "verified", "%s, max relative residual %.2e",
                            r.verified ? "yes" : "NO", r.check.max_rel_residual);
    }
    r.c_sum = c_sum(&job, &l, b.C);
    if (sig && code == GI_EXIT_OK)
        code = 128 + sig;
    if (job.rank == 0) {
        r.timing = (gi_timing){.setup_s = setup_s,
                               .time_s = r.best,
                               .threads = best_runs[0].threads,
                               .backend = dev.backend,
                               .device = dev.name};
        for (int i = 0; i < job.ranks; i++) {
            if (best_runs[i].t.kernel_s > r.timing.kernel_time_s)
                r.timing.kernel_time_s = best_runs[i].t.kernel_s;
            if (best_runs[i].t.transfer_s > r.timing.transfer_time_s)
                r.timing.transfer_time_s = best_runs[i].t.transfer_s;
        }
        mpi_summary s = {.l = &l, .runs = best_runs, .ranks = job.ranks};
        gi_cli_mpi_report report = {
            .job = &job, .launch = launch, .mon = &o->mon, .hooks = &hooks, .arg = &s};
        gi_print_extra extra = gi_cli_mpi_print_extra(&report);
        gi_gemm_print(o, &r, &extra);
        fflush(stdout);
        if (!r.verified && r.checked)
            gi_cli_error("verification failed on %s over %d ranks: row %lld of C is wrong: "
                         "relative residual %.3e > tolerance %.3e = 2*gamma(2k+n+5) (Freivalds on "
                         "the distributed blocks, %d vectors)",
                         dev.spec, job.ranks, (long long)r.check.worst_row,
                         r.check.max_rel_residual, r.check.tolerance, r.check.vectors);
    }
end:
    gi_mpi_gemm_layout_free(&l);
    free(b.A);
    free(b.B);
    free(b.C);
    free(times);
    free(runs);
    free(best_runs);
    return gi_cli_mpi_end(&job, &o->mon, ctx, code);
}
