/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/cli_options.h — a command's options as one table: the parser and the help text are
 * both made from it, so an option is declared once (name, value, range, help line) and the two
 * cannot disagree.
 *
 * A row stores into the command's options struct at `offset`. Options that several commands
 * share are rows made by the GI_CLI_OPT_* macros below, given the command's struct type.
 */
#ifndef GI_CLI_OPTIONS_H
#define GI_CLI_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

typedef enum gi_cli_opt_kind {
    GI_OPT_FLAG,   /* no value; stores (int)min; "--flag=x" is an unknown option */
    GI_OPT_STRING, /* const char *; an empty value is refused */
    GI_OPT_INT,    /* int in [min, max] */
    GI_OPT_INT64,  /* int64_t in [min, max] */
    GI_OPT_CUSTOM, /* parse(opt, value, field) checks and stores; prints its own error */
} gi_cli_opt_kind;

typedef struct gi_cli_option {
    const char *name; /* "--device"; also the name used in error messages */
    const char *alt;  /* another spelling ("-d"), or NULL */
    gi_cli_opt_kind kind;
    size_t offset;       /* of the field in the command's options struct */
    int64_t min, max;    /* INT, INT64: the range; FLAG: min is the value stored */
    const char *metavar; /* the value's name in the help ("N"); NULL for flags */
    const char *what;    /* what the value is, for "option X needs a value (what)" */
    int (*parse)(const char *opt, const char *value, void *field); /* CUSTOM: 1 ok, 0 error */
    const char *help; /* the help text; '\n' starts a continuation line */
    int hidden;       /* parsed, but not listed in the help */
} gi_cli_option;

/* One command: its name, one-line synopsis (after "gpuinteg "), description and options. */
typedef struct gi_cli_command {
    const char *name;
    const char *synopsis;    /* "gemm [--size N | --m M --n N --k K] ..." */
    const char *description; /* a paragraph; lines separated by '\n' */
    const gi_cli_option *options;
    size_t noptions;
    int (*run)(int argc, char **argv);
} gi_cli_command;

/* Parses argv[0..argc) against the command's table into opts. Stops at the first argument that
 * is not an option when `rest` is not NULL (and sets *rest to its index; argc when none);
 * otherwise a stray argument is an error. "--help"/"-h" anywhere sets *help (when not NULL)
 * and stops. Returns 1, or 0 after printing the one-line error. */
int gi_cli_options_parse(const gi_cli_command *cmd, int argc, char **argv, void *opts, int *rest,
                         int *help);

/* Prints the command's help (synopsis, description, option table) to out. The --device line
 * lists the backends the library knows, each with its own address syntax and help. */
void gi_cli_options_help(const gi_cli_command *cmd, FILE *out);

/* Prints the rows of the table, two columns, to out (used by the main help too). */
void gi_cli_options_print(const gi_cli_option *options, size_t n, FILE *out);

/* The --device help: "auto" and every backend with its address syntax and help line. */
void gi_cli_options_print_devices(FILE *out);

/* The word list of --device's values ("auto|serial|openmp|opencl[:P[:D]]|cuda[:D]") into buf. */
void gi_cli_options_device_words(char *buf, size_t size, const char *separator);

/* Parsers for GI_OPT_CUSTOM rows shared by commands. */
int gi_cli_opt_report(const char *opt, const char *value, void *field); /* const char * */

/* Rows every running command (integrate, gemm) has. T is the command's options struct, which
 * has the fields device, threads, repeat, json, mpi, share_gpus and mon. */
#define GI_CLI_OPT_DEVICE(T)                                                                       \
    {                                                                                              \
        .name = "--device", .alt = "-d", .kind = GI_OPT_STRING, .offset = offsetof(T, device),     \
        .metavar = "D", .what = "auto or a backend, see gpuinteg --help",                          \
        .help = "where to run (default auto); an explicit device that is unavailable\nis an "      \
                "error, never a quiet fallback:"                                                   \
    }
#define GI_CLI_OPT_THREADS(T)                                                                      \
    {                                                                                              \
        .name = "--threads", .alt = "-t", .kind = GI_OPT_INT, .offset = offsetof(T, threads),      \
        .min = 1, .max = GI_MAX_THREADS, .metavar = "T", .what = "CPU threads",                    \
        .help = "CPU threads (default: OMP_NUM_THREADS, else the CPUs this job may use)"           \
    }
#define GI_CLI_OPT_REPEAT(T)                                                                       \
    {                                                                                              \
        .name = "--repeat", .alt = "-r", .kind = GI_OPT_INT, .offset = offsetof(T, repeat),        \
        .min = 1, .max = 1000000, .metavar = "R", .what = "number of runs",                        \
        .help = "run R times, report the best and median time"                                     \
    }
#define GI_CLI_OPT_JSON(T)                                                                         \
    {                                                                                              \
        .name = "--json", .kind = GI_OPT_FLAG, .offset = offsetof(T, json), .min = 1,              \
        .help = "one JSON object instead of text"                                                  \
    }
#define GI_CLI_OPT_MPI(T)                                                                          \
    {.name = "--mpi",                                                                              \
     .kind = GI_OPT_FLAG,                                                                          \
     .offset = offsetof(T, mpi),                                                                   \
     .min = GI_MPI_ON,                                                                             \
     .help = "run as one MPI job (automatic when mpirun/srun --mpi=pmix start several\n"           \
             "ranks): each rank a share of the work, one result from rank 0"},                     \
        {.name = "--no-mpi",                                                                       \
         .kind = GI_OPT_FLAG,                                                                      \
         .offset = offsetof(T, mpi),                                                               \
         .min = GI_MPI_OFF,                                                                        \
         .help = "under mpirun, every rank on its own"},                                           \
    {                                                                                              \
        .name = "--share-gpus", .kind = GI_OPT_FLAG, .offset = offsetof(T, share_gpus), .min = 1,  \
        .help = "MPI: let ranks of a node share a GPU when they outnumber the GPUs"                \
    }
#define GI_CLI_OPT_MONITOR(T)                                                                      \
    {.name = "--report",                                                                           \
     .kind = GI_OPT_CUSTOM,                                                                        \
     .offset = offsetof(T, mon.report),                                                            \
     .metavar = "FILE",                                                                            \
     .what = "a file ending in .html, .json or .csv",                                              \
     .parse = gi_cli_opt_report,                                                                   \
     .help = "utilization report: .html (a page with charts), .json or .csv (samples)"},           \
    {                                                                                              \
        .name = "--sample-ms", .kind = GI_OPT_INT, .offset = offsetof(T, mon.sample_ms),           \
        .min = GI_MONITOR_SAMPLE_MS_MIN, .max = GI_MONITOR_SAMPLE_MS_MAX, .metavar = "MS",         \
        .what = "milliseconds between samples",                                                    \
        .help = "sampling period of the utilization monitor (default 100)"                         \
    }

#endif /* GI_CLI_OPTIONS_H */
