/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/command_output.h — the standard output of a short helper program (squeue,
 * sstat), run without a shell and bounded in time, from any thread.
 */
#ifndef GI_MONITOR_COMMAND_OUTPUT_H
#define GI_MONITOR_COMMAND_OUTPUT_H

#include <stddef.h>

/*
 * Runs argv[0] (found on PATH) with argv, stdin and stderr on /dev/null, and reads at most
 * size-1 bytes of its standard output into buf ('\0'-terminated). A program still running
 * after timeout_s is killed. Returns its exit status (0…255), or -1 when it could not be
 * started, was killed or timed out.
 */
int gi_command_output(char *const argv[], char *buf, size_t size, double timeout_s);

#endif /* GI_MONITOR_COMMAND_OUTPUT_H */
