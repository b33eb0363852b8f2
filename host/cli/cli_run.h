/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/cli_run.h — the frame every workload command of one process runs in (integrate,
 * integrate --f, gemm): its opening (monitor, signals, context), the device's selection and
 * set-up, its closing, and the parts of the result's output that do not depend on the
 * workload (the JSON object's head and tail, the Backend and Setup lines).
 */
#ifndef GI_CLI_RUN_H
#define GI_CLI_RUN_H

#include <cjson/cJSON.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_monitor.h"
#include "cli_options.h"
#include "print_extra.h"

/* After the command's options were parsed (usage errors muted on ranks other than 0 of an MPI
 * launch, gi_cli_mpi_mute_usage): unmutes the errors and prints cmd's help when `help` is set.
 * Returns -1 when the command goes on, else its exit code (GI_EXIT_USAGE when !parsed, the
 * error printed by the parser; GI_EXIT_OK after the help). */
int gi_cli_run_parsed(const gi_cli_command *cmd, int parsed, int help);

/* Prepares the monitor, catches the signals and creates a context attached to them.
 * Returns GI_EXIT_OK with *ctx set, or the exit code to return (the error printed and the
 * monitor finished; *ctx NULL). */
int gi_cli_run_open(gi_cli_monitor *mon, gi_context **ctx /* OUT */);

/* Selects `device` with `threads` and fills *dev and *why (owned by ctx). */
gi_status gi_cli_run_select(gi_context *ctx, const char *device, int threads,
                            gi_device_info *dev /* OUT */, const char **why /* OUT */);

/* Sets the selected device up for the command's workloads (gi_context_prepare_for) and gives
 * the monitor its time. */
gi_status gi_cli_run_prepare(gi_context *ctx, unsigned workloads, gi_cli_monitor *mon,
                             double *setup_s /* OUT */);

/* A failed library call: prints the context's message and returns its exit code. */
int gi_cli_run_failed(gi_context *ctx, gi_status st);

/* Destroys ctx (detached from the signals first) and finishes the monitor with `code`;
 * returns the exit code. */
int gi_cli_run_close(gi_context *ctx, gi_cli_monitor *mon, int code);

/* A stop by signal `sig` before all `repeat` runs were done: says so on stderr, prints what
 * was done (JSON: workload, status "interrupted", signal, runs_completed, backend, device and
 * the utilization; text: the utilization summary unless quiet) and returns 1; else returns 0. */
int gi_cli_run_interrupted(gi_cli_monitor *mon, const char *workload, const gi_device_info *dev,
                           int sig, int done, int repeat, int json, int quiet);

/* The monitor's part of the standard output, as gi_print_extra hooks on mon. */
gi_print_extra gi_cli_run_monitor_extra(gi_cli_monitor *mon);

/* The head of a result's JSON object: workload, backend, device, device_spec, selection. */
cJSON *gi_cli_result_json(const char *workload, const char *backend, const char *device,
                          const gi_device_info *dev, const char *why);

/* Adds `key`: v as a raw number of 17 significant digits (null when not finite). */
void gi_cli_result_json_double(cJSON *j, const char *key, double v);

/* Its tail: version and the extra's members; prints the object on one line and deletes it. */
void gi_cli_result_json_print(cJSON *j, const gi_print_extra *extra);

/* Prints j on one line and deletes it. */
void gi_cli_json_print(cJSON *j);

/* "Runs: R, best …, median …" (when repeat > 1), then "Backend: B on D (SPEC), T threads; WHY". */
void gi_cli_result_backend_lines(int repeat, double best, double median, const char *backend,
                                 const char *device, const gi_device_info *dev, int threads,
                                 const char *why);

/* "Setup: S s (the device's set-up, …)". */
void gi_cli_result_setup_line(double setup_s);

#endif /* GI_CLI_RUN_H */
