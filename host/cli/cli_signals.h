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

/* From now on the three signals are forwarded to process pid and recorded, not acted on:
 * the child decides. Signals from the terminal (which the child, in the same foreground
 * process group, gets anyway) are not sent twice. */
void gi_cli_signals_forward(pid_t pid);

/* The first signal caught, 0 if none. */
int gi_cli_signals_caught(void);

#endif /* GI_CLI_SIGNALS_H */
