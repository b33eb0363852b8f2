/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ranks' part of an MPI run's output (cli_mpi_print.h).
 */
#include "cli_mpi_print.h"
#include "cli.h"
#include "cli_mpi.h"
#include "cli_run.h"
#include "cli_signals.h"

/* The slowest rank's time over the ranks' mean, minus 1 (0 when all took as long); *lo and
 * *hi the fastest and slowest. */
static double imbalance(const gi_cli_mpi_report *p, double *lo, double *hi)
{
    double sum = 0.0;
    for (int r = 0; r < p->job->ranks; r++) {
        gi_cli_mpi_rank_id id;
        double t;
        p->hooks->rank(p->arg, r, &id, &t);
        if (r == 0 || t < *lo)
            *lo = t;
        if (r == 0 || t > *hi)
            *hi = t;
        sum += t;
    }
    double mean = sum / p->job->ranks;
    return mean > 0 ? *hi / mean - 1.0 : 0.0;
}

static const char *launcher(const gi_cli_mpi_report *p, const char *unknown)
{
    return *p->launch->launcher ? p->launch->launcher : unknown;
}

static void print_json(void *arg, cJSON *j)
{
    const gi_cli_mpi_report *p = arg;
    double lo = 0, hi = 0, imb = imbalance(p, &lo, &hi);
    cJSON_AddNumberToObject(j, "ranks", p->job->ranks);
    cJSON_AddNumberToObject(j, "nodes", p->job->nodes);
    cJSON_AddStringToObject(j, "mpi_launcher", launcher(p, "unknown"));
    p->hooks->summary_json(p->arg, j, lo, hi, imb);
    cJSON *list = cJSON_AddArrayToObject(j, "rank_runs");
    for (int r = 0; r < p->job->ranks; r++) {
        gi_cli_mpi_rank_id id;
        double t;
        p->hooks->rank(p->arg, r, &id, &t);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "rank", id.rank);
        cJSON_AddStringToObject(o, "host", id.host);
        cJSON_AddNumberToObject(o, "node", id.node);
        cJSON_AddStringToObject(o, "backend", id.backend);
        cJSON_AddStringToObject(o, "device_spec", id.device_spec);
        cJSON_AddStringToObject(o, "device", id.device);
        cJSON_AddNumberToObject(o, "threads", id.threads);
        p->hooks->rank_json(p->arg, r, o);
        cJSON_AddItemToArray(list, o);
    }
    gi_cli_monitor_add_json(p->mon, j);
}

static void print_human(void *arg, FILE *out)
{
    const gi_cli_mpi_report *p = arg;
    double lo = 0, hi = 0, imb = imbalance(p, &lo, &hi);
    int n = p->job->ranks;
    fprintf(out, "MPI: %d rank%s on %d node%s (%s), ", n, n == 1 ? "" : "s", p->job->nodes,
            p->job->nodes == 1 ? "" : "s", launcher(p, "--mpi"));
    p->hooks->summary_human(p->arg, out, lo, hi, imb);
    fputc('\n', out);
    for (int r = 0; r < n && n <= GI_CLI_MPI_RANK_LINES; r++) {
        gi_cli_mpi_rank_id id;
        double t;
        p->hooks->rank(p->arg, r, &id, &t);
        fprintf(out, "  rank %d on %s: %s (%s), %d thread%s, ", id.rank, id.host, id.backend,
                id.device_spec, id.threads, id.threads == 1 ? "" : "s");
        p->hooks->rank_human(p->arg, r, out);
    }
    gi_cli_monitor_print(p->mon, out);
}

gi_print_extra gi_cli_mpi_print_extra(gi_cli_mpi_report *report)
{
    return (gi_print_extra){.json = print_json, .human = print_human, .arg = report};
}

int gi_cli_mpi_runs_stop(const gi_mpi_job *job, gi_cli_monitor *mon, const char *workload,
                         const gi_device_info *dev, int threads, double busy)
{
    int sig = gi_mpi_agree_signal(job, gi_cli_signals_caught());
    gi_cli_monitor_workload(mon, workload, dev, threads, busy);
    gi_cli_monitor_stop(mon, sig);
    return sig;
}

int gi_cli_mpi_runs_outcome(const gi_mpi_job *job, gi_cli_monitor *mon, const char *workload,
                            const gi_device_info *dev, gi_status st, int sig, int done, int repeat,
                            int json, int quiet)
{
    gi_cli_mpi_monitor_gather(job, mon);
    if (st != GI_STATUS_OK && !(sig && st == GI_STATUS_INTERRUPTED))
        return gi_cli_exit_code(st);
    if (sig && done < repeat) {
        if (job->rank == 0)
            gi_cli_run_interrupted(mon, workload, dev, sig, done, repeat, json, quiet);
        return 128 + sig;
    }
    return -1;
}
