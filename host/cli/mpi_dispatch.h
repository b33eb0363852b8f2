/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/mpi_dispatch.h — whether a command runs as an MPI job: automatically when a launcher
 * (mpirun, srun --mpi=pmix) started it as one of several ranks, always with --mpi, never with
 * --no-mpi. Part of both programs: gpuinteg hands such a run to gpuinteg-mpi, and without
 * gpuinteg-mpi says why instead of silently running the whole problem in every rank.
 */
#ifndef GI_CLI_MPI_DISPATCH_H
#define GI_CLI_MPI_DISPATCH_H

#include "mpi/launch.h"

/* A command's MPI variant: runs the command as one MPI job (MPI_Init to MPI_Finalize) with
 * the parsed options and returns the exit code, the same on every rank. */
typedef int (*gi_cli_mpi_command)(void *opts, const gi_mpi_launch *launch);

/* The MPI variants (cmd_*_mpi.c), linked into gpuinteg-mpi only. Weak: in the plain gpuinteg,
 * which must not link libmpi, they are NULL, and gi_cli_mpi_dispatch hands the run to
 * gpuinteg-mpi instead (mpi_program.h). One set of objects serves both programs. */
int gi_cmd_integrate_mpi(void *opts, const gi_mpi_launch *launch) __attribute__((weak));
int gi_cmd_gemm_mpi(void *opts, const gi_mpi_launch *launch) __attribute__((weak));

/* A variant to pass to gi_cli_mpi_dispatch: the function, or NULL in the plain gpuinteg. */
#define GI_CLI_MPI_COMMAND(f) (f)

/* Before parsing: every rank of an MPI launch parses the same arguments, so only rank 0 reports
 * a usage error (the others exit 2 silently). Mutes gi_cli_error on the other ranks unless
 * argv has --no-mpi (then every rank runs, and reports, on its own). Undo with
 * gi_cli_mute_errors(0) after parsing. */
void gi_cli_mpi_mute_usage(int argc, char **argv);

/* Runs the command as an MPI job when it should be one (gi_mpi_wanted for req): then stores
 * run's exit code in *code and returns 1. In the plain gpuinteg (run is NULL) gpuinteg-mpi
 * replaces the process; only if it cannot, rank 0 says why and every rank's code is
 * GI_EXIT_UNAVAILABLE. Returns 0 when this process runs alone, after printing
 * the note of gi_mpi_launch_note when there is one and quiet is 0. */
int gi_cli_mpi_dispatch(gi_mpi_request req, int quiet, gi_cli_mpi_command run, void *opts,
                        int *code);

#endif /* GI_CLI_MPI_DISPATCH_H */
