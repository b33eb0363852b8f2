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
#include "mpi/job.h"
#include "mpi/launch.h"

/* Who one rank is, as every command prints it. Strings are the command's. */
typedef struct gi_cli_mpi_rank_id {
    int rank, node, threads;
    const char *host, *backend, *device_spec, *device;
} gi_cli_mpi_rank_id;

typedef struct gi_cli_mpi_report {
    const gi_mpi_job *job;
    const gi_mpi_launch *launch;
    gi_cli_monitor *mon;
    const void *arg; /* the command's data, passed to every hook */
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
} gi_cli_mpi_report;

/* Past this many ranks the text keeps the summary line only; JSON lists every rank. */
#define GI_CLI_MPI_RANK_LINES 16

/* gi_print_extra hooks: arg is a const gi_cli_mpi_report *. */
void gi_cli_mpi_print_json(void *arg, cJSON *j);
void gi_cli_mpi_print_human(void *arg, FILE *out);

#endif /* GI_CLI_MPI_PRINT_H */
