/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
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
#include "print_extra.h"

typedef struct gi_integrate_opts {
    const char *device;
    gi_integrate_params p;
    int threads;       /* 0: the default */
    gi_sine_kind sine; /* --sine gi|libm (gi_integrate_set_sine) */
    int repeat;
    int json;
    int quiet;
    gi_mpi_request mpi; /* --mpi / --no-mpi; GI_MPI_AUTO when neither */
    int share_gpus;     /* --share-gpus: MPI ranks of a node may share one GPU */
    gi_cli_monitor mon; /* --report, --sample-ms and the utilization monitor */
    /* The user's integrand (cmd_integrate_function.c): --f, --param NAME=VALUE, --rule. */
    const char *f;    /* NULL: sin(x+y) */
    const char *rule; /* NULL: midpoint */
    int nparams;
    char param_names[GI_EXPRESSION_MAX_PARAMS][40];
    double param_values[GI_EXPRESSION_MAX_PARAMS];
} gi_integrate_opts;

/* 1 when the run integrates the user's function with a rule (--f, --param or --rule given),
 * 0 for the built-in sin(x+y) workload. */
static inline int gi_integrate_opts_function(const gi_integrate_opts *o)
{
    return o->f || o->rule || o->nparams > 0;
}

/* The rule and the integrand of o on ctx. On failure returns the status and puts the one line
 * for the user in msg, naming the option ("--f: unknown function 'sinn' at column 5",
 * "--param: …", "--rule: …"); *f is then NULL. */
gi_status gi_integrate_function_make(gi_context *ctx, const gi_integrate_opts *o, gi_rule *rule,
                                     gi_integrand **f, char *msg, size_t size);

/* Prints one result of the user's integrand as text or JSON; extra may be NULL. */
void gi_integrate_function_print(const gi_integrate_opts *o, const gi_integral *r,
                                 const gi_device_info *dev, const char *why, double best,
                                 double median, double setup_s, const gi_print_extra *extra);

/* gpuinteg integrate --f/--rule in one process (cmd_integrate_mpi.c runs both kinds over MPI). */
int gi_cmd_integrate_function(gi_integrate_opts *o);

/* The integrate command: its option table, synopsis and help (cmd_integrate.c). */
extern const struct gi_cli_command gi_cli_integrate_command;

/* Parses the integrate command's options into *o (which holds the defaults). Returns 1, or 0
 * after printing the one-line error; *help is set when --help was given (help may be NULL). */
int gi_integrate_opts_parse(int argc, char **argv, gi_integrate_opts *o, int *help);

/* What both integrate printers put in their JSON object: the grid (nx, ny, bounds), the
 * threads and the value; then (times) evaluations, repeat, time_s and time_median_s. */
void gi_integrate_json_grid(cJSON *j, const gi_integrate_opts *o, int threads, double value);
void gi_integrate_json_times(cJSON *j, const gi_integrate_opts *o, uint64_t evaluations,
                             double best, double median);

/* "Kernel: S s, E evaluations/s, N evaluations<what>". */
void gi_integrate_kernel_line(double kernel_time_s, uint64_t evaluations, const char *what);

/* Prints one integrate result as text or JSON (o->json); setup_s is the device's set-up
 * (gi_context_prepare), not part of the runs' times; extra may be NULL. */
void gi_integrate_print(const gi_integrate_opts *o, const gi_integrate_result *r,
                        const gi_device_info *dev, const char *why, double best, double median,
                        double setup_s, const gi_print_extra *extra);

#endif /* GI_CLI_INTEGRATE_CMD_H */
