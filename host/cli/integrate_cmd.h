/*
 * host/cli/integrate_cmd.h — what the integrate command shares with its MPI variant
 * (cmd_integrate_mpi.c): the options, their parser and the printers, so that an MPI run prints
 * exactly what a single process prints, plus its own fields.
 */
#ifndef GI_CLI_INTEGRATE_CMD_H
#define GI_CLI_INTEGRATE_CMD_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_monitor.h"
#include "mpi/launch.h"

typedef struct gi_integrate_opts {
    const char *device;
    gi_integrate_params p;
    int threads; /* 0: the default */
    int repeat;
    int json;
    int quiet;
    gi_mpi_request mpi; /* --mpi / --no-mpi; GI_MPI_AUTO when neither */
    int share_gpus;     /* --share-gpus: MPI ranks of a node may share one GPU */
    gi_cli_monitor mon; /* --report, --sample-ms and the utilization monitor */
} gi_integrate_opts;

/* Parses the integrate command's options into *o (which holds the defaults). Returns 1, or 0
 * after printing the one-line error. */
int gi_integrate_opts_parse(int argc, char **argv, gi_integrate_opts *o);

/* Lines or fields a caller adds to the standard output: json() adds members to the object
 * before it is printed, human() prints lines after the standard ones (not with --quiet).
 * Either may be NULL. */
typedef struct gi_print_extra {
    void (*json)(void *arg, cJSON *obj);
    void (*human)(void *arg, FILE *out);
    void *arg;
} gi_print_extra;

/* Prints one integrate result as text or JSON (o->json); extra may be NULL. */
void gi_integrate_print(const gi_integrate_opts *o, const gi_integrate_result *r,
                        const gi_device_info *dev, const char *why, double best, double median,
                        const gi_print_extra *extra);

/* Before parsing: every rank of an MPI launch parses the same arguments, so only rank 0 reports
 * a usage error (the others exit 2 silently). Mutes gi_cli_error on the other ranks unless
 * argv has --no-mpi (then every rank runs, and reports, on its own). */
void gi_integrate_mpi_mute_usage(int argc, char **argv);

/* Runs the command as an MPI job when it should be one (gi_mpi_wanted): then stores the exit
 * code in *code and returns 1 (every rank returns the same code; only rank 0 prints the
 * result). Returns 0 when this process runs alone, after printing the note of
 * gi_mpi_launch_note when there is one. */
int gi_integrate_mpi_dispatch(gi_integrate_opts *o, int *code);

#endif /* GI_CLI_INTEGRATE_CMD_H */
