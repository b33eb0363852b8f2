/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/mpi_program.h — the gpuinteg-mpi program, which the plain gpuinteg hands an MPI run to.
 *
 * gpuinteg does not link libmpi, so that a plain run needs no MPI module. The MPI runs live in
 * gpuinteg-mpi, the same program built with MPI, installed next to it. When a run should be an
 * MPI job (mpi_dispatch.h), gpuinteg replaces itself with gpuinteg-mpi (execv: the same process,
 * so the launcher's rank and its environment stay as they were) with the same arguments.
 * A separate program rather than a dlopen'ed plugin: libmpi and its components are loaded
 * by the dynamic linker as an MPI program expects (Open MPI's components need libmpi's symbols
 * global), and site tools that wrap MPI programs (PMPI profilers, Darshan, srun's checks) see
 * an ordinary MPI executable.
 */
#ifndef GI_CLI_MPI_PROGRAM_H
#define GI_CLI_MPI_PROGRAM_H

#include <stddef.h>

/* The path of gpuinteg-mpi beside this program's own executable (/proc/self/exe, links
 * resolved) into buf. Returns 0 when it does not fit or the executable cannot be found. */
int gi_cli_mpi_program_path(char *buf, size_t size);

/* Runs gpuinteg-mpi with this process's own arguments (/proc/self/cmdline) in place of this
 * program; returns only when that fails, after printing why (`why` says what asked for MPI),
 * with the exit code GI_EXIT_UNAVAILABLE. Only rank 0 (rank ≤ 0) prints. */
int gi_cli_mpi_program_exec(const char *why, int rank);

#endif /* GI_CLI_MPI_PROGRAM_H */
