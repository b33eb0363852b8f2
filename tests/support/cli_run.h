/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * tests/support/cli_run.h — running the real gpuinteg binary from a test.
 */
#ifndef GI_TEST_CLI_RUN_H
#define GI_TEST_CLI_RUN_H

#include <stddef.h>

#define GI_CLI_CAPTURE 262144

typedef struct gi_cli_result {
    int exit_code; /* the exit status, or 128+signal if it was killed */
    int timed_out; /* 1 if it had to be killed after the time limit */
    char out[GI_CLI_CAPTURE];
    char err[GI_CLI_CAPTURE];
} gi_cli_result;

/* Runs $GI_CLI with the NULL-terminated arguments args (not counting argv[0]) and the extra
 * environment entries env ("NAME=value", NULL-terminated, may be NULL), capturing stdout and
 * stderr; kills it after timeout_s seconds. The result is heap-allocated: free() it. */
gi_cli_result *gi_cli_run(const char *const *args, const char *const *env, int timeout_s);

/* Runs argv[0] (looked up in PATH when it has no '/') with argv like gi_cli_run; on timeout
 * kills its whole process group, so that what it started (mpirun's ranks) dies with it. */
gi_cli_result *gi_run_argv(const char *const *argv, const char *const *env, int timeout_s);

/* Number of lines in s (a last line without '\n' counts). */
int gi_count_lines(const char *s);

#endif /* GI_TEST_CLI_RUN_H */
