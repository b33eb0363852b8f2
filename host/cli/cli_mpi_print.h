/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/cli_mpi_print.h — the ranks' part of an MPI run's output, one implementation for
 * every command: the "MPI: N ranks on M nodes (launcher), …" line and one line per rank in
 * text, the ranks/nodes/launcher fields and the rank_runs list in JSON, then the job's
 * utilization. A command supplies what is its own (its summary fields, the rest of each rank's
 * line and entry) through the hooks of gi_cli_mpi_report.
 */
#ifndef GI_CLI_MPI_PRINT_H
#define GI_CLI_MPI_PRINT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "cli_monitor.h"
#include "print_extra.h"
#include "mpi/job.h"
#include "mpi/launch.h"

/* Who one rank is, as every command prints it. Strings are the command's. */
typedef struct gi_cli_mpi_rank_id {
    int rank, node, threads;
    const char *host, *backend, *device_spec, *device;
} gi_cli_mpi_rank_id;

/* A rank's identity from a command's record of it, whose fields have these names. */
#define GI_CLI_MPI_RANK_ID(x)                                                                      \
    ((gi_cli_mpi_rank_id){.rank = (x)->rank,                                                       \
                          .node = (x)->node_id,                                                    \
                          .threads = (x)->threads,                                                 \
                          .host = (x)->host,                                                       \
                          .backend = (x)->backend,                                                 \
                          .device_spec = (x)->device_spec,                                         \
                          .device = (x)->device})

/* What a command supplies; arg is the report's. */
typedef struct gi_cli_mpi_hooks {
    /* Rank r's identity, and the time whose spread over the ranks is the imbalance. */
    void (*rank)(const void *arg, int r, gi_cli_mpi_rank_id *id, double *time_s);
    /* JSON: the command's summary fields (given the spread of the ranks' times), then each
     * rank's own fields after the common ones. */
    void (*summary_json)(const void *arg, cJSON *j, double lo, double hi, double imbalance);
    void (*rank_json)(const void *arg, int r, cJSON *entry);
    /* Text: the rest of the "MPI: …, " line (no newline), then the rest of rank r's line
     * (with its newline). */
    void (*summary_human)(const void *arg, FILE *out, double lo, double hi, double imbalance);
    void (*rank_human)(const void *arg, int r, FILE *out);
} gi_cli_mpi_hooks;

typedef struct gi_cli_mpi_report {
    const gi_mpi_job *job;
    const gi_mpi_launch *launch;
    gi_cli_monitor *mon;
    const gi_cli_mpi_hooks *hooks;
    const void *arg; /* the command's data, passed to every hook */
} gi_cli_mpi_report;

/* Past this many ranks the text keeps the summary line only; JSON lists every rank. */
#define GI_CLI_MPI_RANK_LINES 16

/* The report as gi_print_extra hooks (report must outlive their use). */
gi_print_extra gi_cli_mpi_print_extra(gi_cli_mpi_report *report);

/* The end of a command's runs, on every rank (collective): the signal the ranks agree on, then
 * the monitor's workload (`threads` CPU threads, `busy` seconds computing) and stop. Returns
 * the signal, 0 for none. */
int gi_cli_mpi_runs_stop(const gi_mpi_job *job, gi_cli_monitor *mon, const char *workload,
                         const gi_device_info *dev, int threads, double busy);

/* After the command's own monitor lines (collective): gathers the ranks' samples to rank 0, then
 * says whether the command goes on to print its result: -1, or the exit code — the failure's
 * (st other than an interruption by sig), or 128 + sig after rank 0 printed the runs that were
 * done (fewer than repeat). */
int gi_cli_mpi_runs_outcome(const gi_mpi_job *job, gi_cli_monitor *mon, const char *workload,
                            const gi_device_info *dev, gi_status st, int sig, int done, int repeat,
                            int json, int quiet);

#endif /* GI_CLI_MPI_PRINT_H */
