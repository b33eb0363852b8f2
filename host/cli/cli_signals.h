/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/cli_signals.h — SIGINT, SIGTERM and SIGHUP during a run. A Slurm job at its time
 * limit gets SIGTERM, then SIGKILL after a grace period: gpuinteg uses the grace period to stop
 * the work at the next tile, print the summary, write the report, and exit 128+signal.
 */
#ifndef GI_CLI_SIGNALS_H
#define GI_CLI_SIGNALS_H

#include <sys/types.h>

#include <gpuinteg/gpuinteg.h>

/* From now on, the first SIGINT, SIGTERM or SIGHUP is recorded and interrupts the attached
 * context (gi_context_interrupt); that signal's disposition then returns to the default, so a
 * second one ends the program at once. */
void gi_cli_signals_catch(void);

/* The context the handler interrupts (NULL: none). A signal caught before is applied now. */
void gi_cli_signals_attach(gi_context *ctx);

/* Detaches ctx from the handler if it is the attached one, then destroys it: a signal that
 * arrives later (while the report is written) never touches freed memory. */
void gi_cli_context_destroy(gi_context *ctx);

/* From now on the three signals are forwarded to the process group pgid (the command, started
 * as the leader of its own group, and what it starts: as a shell forwards to a job) and
 * recorded, not acted on: the child decides. */
void gi_cli_signals_forward(pid_t pgid);

/* The work and its report are done: detaches the context, stops forwarding, and gives the
 * three signals their default action back, so that one SIGTERM (timeout(1), Slurm) ends the
 * process even if a library's exit handlers hang. gi_cli_signals_caught() still answers. */
void gi_cli_signals_release(void);

/* The first signal caught, 0 if none. */
int gi_cli_signals_caught(void);

#endif /* GI_CLI_SIGNALS_H */
