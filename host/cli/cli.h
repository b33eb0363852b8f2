/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/cli.h — what the parts of the gpuinteg program share: argument parsing that
 * reports bad values in one line, exit codes, and the subcommands.
 */
#ifndef GI_CLI_H
#define GI_CLI_H

#include <stdint.h>
#include <stdio.h>

#include <gpuinteg/gpuinteg.h>

/* Exit codes (DESIGN.md): the contract with scripts and batch jobs. */
enum {
    GI_EXIT_OK = 0,
    GI_EXIT_RUNTIME = 1,
    GI_EXIT_USAGE = 2,
    GI_EXIT_UNAVAILABLE = 3,
    GI_EXIT_VERIFY = 4,
};

/* The exit code for a library status. */
int gi_cli_exit_code(gi_status st);

/* Prints "gpuinteg: <message>" on stderr, one line. */
void gi_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Non-zero: gi_cli_error prints nothing (ranks other than 0 of an MPI launch, whose usage
 * errors rank 0 prints once for all). */
void gi_cli_mute_errors(int mute);

/* Walks argv. The current option is argv[*i]; gi_cli_value() returns its value (from
 * "--opt=value" or the next argument, advancing *i), or prints that it is missing and
 * returns NULL. */
typedef struct gi_cli_args {
    int argc;
    char **argv;
    int i;          /* index of the current argument */
    const char *eq; /* value after '=' in the current argument, or NULL */
    char name[64];  /* the current option without "=value" */
} gi_cli_args;

/* Advances to the next argument; returns 0 at the end. */
int gi_cli_next(gi_cli_args *a);

/* 1 if the current option is `name` (or its short form `alt`, may be NULL). */
int gi_cli_is(const gi_cli_args *a, const char *name, const char *alt);

/* The current option's value; NULL after printing "option X needs a value (what)". */
const char *gi_cli_value(gi_cli_args *a, const char *what);

/* Parses a whole number in [min, max] for option `opt`; prints the one-line error and returns
 * 0 on failure. */
int gi_cli_parse_int64(const char *opt, const char *text, int64_t min, int64_t max, int64_t *out);
int gi_cli_parse_int(const char *opt, const char *text, int min, int max, int *out);

/* Parses "X0,X1,Y0,Y1" (finite, X0 < X1, Y0 < Y1). */
int gi_cli_parse_bounds(const char *opt, const char *text, double out[4]);

/* An unknown option or stray argument: prints the error. Returns GI_EXIT_USAGE. */
int gi_cli_unknown(const gi_cli_args *a, const char *command);

/* Subcommands: each returns the process exit code. argv[0] is the subcommand's first option. */
int gi_cmd_integrate(int argc, char **argv);
int gi_cmd_devices(int argc, char **argv);
int gi_cmd_gemm(int argc, char **argv);
int gi_cmd_monitor(int argc, char **argv);
int gi_cmd_version(int argc, char **argv); /* gpuinteg --version [--json] */

/* Sorts the n run times in place and gives the best and the median (the mean of the two
 * middle ones for even n); both 0 when n is 0. */
void gi_cli_best_median(double *times, int n, double *best, double *median);

/* Prints a double with 17 significant digits as a raw JSON number into buf. */
void gi_cli_json_double(char *buf, size_t size, double v);

#endif /* GI_CLI_H */
