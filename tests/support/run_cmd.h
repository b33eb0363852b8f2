/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * tests/support/run_cmd.h — running a program the way the monitor tests need: a clean
 * environment (no Slurm, no CUDA_VISIBLE_DEVICES from the machine running the tests), an
 * optional CPU affinity (what `taskset -c N` does), an optional signal sent after a delay.
 */
#ifndef GI_TEST_RUN_CMD_H
#define GI_TEST_RUN_CMD_H

#include "cli_run.h"

typedef struct gi_run_opts {
    const char *const *env; /* extra "NAME=value" entries, NULL-terminated; may be NULL */
    int cpu;                /* ≥ 0: run on that one CPU only; -1: inherit */
    int signal;             /* sent to the program after signal_after_s; 0 for none */
    double signal_after_s;
    int timeout_s; /* killed (SIGKILL) after this; timed_out is then set */
} gi_run_opts;

/* Runs argv (argv[0] looked up in PATH) with the environment cleaned by
 * gi_monitor_test_clean_env, then opts->env; captures stdout and stderr. The result is
 * heap-allocated: free() it. */
gi_cli_result *gi_run_cmd(const char *const *argv, const gi_run_opts *opts);

/* Removes from this process's environment what would make the monitor's figures depend on the
 * machine running the tests (SLURM_*, CUDA_VISIBLE_DEVICES, OMP_NUM_THREADS) and points
 * GPUINTEG_CGROUP_ROOT at the fixture without limits. */
void gi_monitor_test_clean_env(void);

/* The path of a fixture under tests/fixtures (static buffer). */
const char *gi_fixture(const char *name);

/* A fresh empty folder under TMPDIR (static buffer per call site: copy it), and its removal
 * with everything in it. */
char *gi_temp_dir(void);
void gi_remove_tree(const char *path);

/* 1 if argv0 is found in PATH (or is an executable path). */
int gi_have_program(const char *name);

/* Reads a whole file (malloc'd, NUL-terminated; NULL if it cannot). *len may be NULL. */
char *gi_read_file(const char *path, size_t *len);

/* Waits (at most 10 s) until this process is idle: less than 2 ms of CPU time over 100 ms.
 * Libraries start helper threads that spin for a while after loading (OpenBLAS's pool does),
 * which would count in a measurement of "this process". */
void gi_wait_until_idle(void);

/* Seconds on the monotonic clock. */
double gi_test_now(void);

#endif /* GI_TEST_RUN_CMD_H */
