/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/cli_mpi.h — what the commands' MPI variants (cmd_integrate_mpi.c, cmd_gemm_mpi.c)
 * share: opening each rank's device (one GPU per node-local rank), the check that every rank
 * was given the same problem, and the utilization monitor of the job.
 *
 * Functions marked "collective" must be called by every rank in the same order; their
 * failures are agreed (gi_mpi_agree), so every rank returns the same status.
 */
#ifndef GI_CLI_CLI_MPI_H
#define GI_CLI_CLI_MPI_H

#include <stddef.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_monitor.h"
#include "mpi/job.h"

/* Collective. Creates *ctx, selects `device` with `threads` CPU threads, and, when the device
 * is a GPU the user did not pin, moves this rank to its own GPU among those it sees
 * (gi_mpi_pick_gpu's rules; share_gpus: --share-gpus); then prepares it for `workloads`
 * (gi_context_prepare_for):
 * *setup_s is the longest set-up of any rank. The context is attached to the signals
 * (gi_cli_signals_attach) as soon as it exists. Returns this rank's status (not agreed:
 * the caller agrees on it) with the message in msg. *ctx may be set on failure too: destroy it
 * with gi_context_destroy. */
gi_status gi_cli_mpi_open(const gi_mpi_job *job, const char *device, int threads, int share_gpus,
                          unsigned workloads, gi_context **ctx /* OUT */, double *setup_s /* OUT */,
                          char *msg, size_t msg_size);

/* Collective: every rank's monitor prepared (gi_cli_mpi_monitor_prepare), then its device
 * opened (gi_cli_mpi_open) and the ranks agreed on that (gi_mpi_agree prints the lowest failing
 * rank's message once). Returns GI_EXIT_OK, or the exit code every rank returns. */
int gi_cli_mpi_start(const gi_mpi_job *job, gi_cli_monitor *cm, const char *device, int threads,
                     int share_gpus, unsigned workloads, gi_context **ctx /* OUT */,
                     double *setup_s /* OUT */, char *msg, size_t msg_size);

/* Collective. Compares this rank's `size` bytes of problem description (zero-filled padding
 * included) with rank 0's: MPMD launches (`mpirun … : …`) can give ranks different
 * arguments, and the ranks must compute one problem. Returns GI_STATUS_OK or
 * GI_STATUS_INVALID_ARGUMENT (not agreed) after writing "this rank's WHAT (MINE) differs from
 * rank 0's (ROOT); every rank must MUST" into msg, describe() writing MINE and ROOT. */
gi_status gi_cli_mpi_same_problem(const gi_mpi_job *job, const void *mine, size_t size,
                                  const char *what,
                                  void (*describe)(const void *problem, char *buf, size_t size),
                                  const char *must, char *msg, size_t msg_size);

/* The start of an MPI command on every rank: joins the job (gi_mpi_job_start) and catches the
 * signals (cli_signals.h). A signal stops the runs between two of them, on every rank together
 * (gi_mpi_agree_signal); rank 0 still reports. */
void gi_cli_mpi_begin(gi_mpi_job *job);

/* Its end, collective: rank 0 writes the report (gi_cli_mpi_monitor_finish), ctx (may be NULL)
 * is destroyed and the job left. Returns the exit code, as gi_cli_mpi_monitor_finish. */
int gi_cli_mpi_end(gi_mpi_job *job, gi_cli_monitor *cm, gi_context *ctx, int code);

/* Collective. Prepares every rank's monitor (gi_cli_monitor_prepare): each rank samples its
 * own process; only rank 0 checks the --report path and will write the report. Returns the
 * exit code of the lowest failing rank on every rank (it printed its message), or GI_EXIT_OK. */
int gi_cli_mpi_monitor_prepare(const gi_mpi_job *job, gi_cli_monitor *cm);

/* Collective: a barrier, then every rank starts its sampler, so that the ranks' sample times
 * line up. Returns the agreed exit code. */
int gi_cli_mpi_monitor_start(const gi_mpi_job *job, gi_cli_monitor *cm);

/* Collective, after gi_cli_monitor_workload and gi_cli_monitor_stop on every rank: tells each
 * monitor which ranks share its CPUs, and sends every rank's record to rank 0
 * (gi_mpi_monitor_gather), whose monitor then describes the whole job: its summary, JSON and
 * report have every rank and node. */
void gi_cli_mpi_monitor_gather(const gi_mpi_job *job, gi_cli_monitor *cm);

/* Collective. Rank 0 writes the report (gi_cli_monitor_finish); every rank frees its monitor.
 * Returns rank 0's code on every rank: `code` (the same on every rank), or GI_EXIT_RUNTIME
 * when the report could not be written. */
int gi_cli_mpi_monitor_finish(const gi_mpi_job *job, gi_cli_monitor *cm, int code);

#endif /* GI_CLI_CLI_MPI_H */
