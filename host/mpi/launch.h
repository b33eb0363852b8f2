/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/mpi/launch.h — was this process started as one of several ranks of an MPI job, and
 * should gpuinteg run as one?
 *
 * Read from the launcher's environment before MPI_Init, so that a plain `gpuinteg` never
 * initialises MPI. No MPI calls here: unit-testable without a launcher.
 */
#ifndef GI_MPI_LAUNCH_H
#define GI_MPI_LAUNCH_H

/* What the environment says about how this process was started. */
typedef struct gi_mpi_launch {
    int ranks;            /* the job's rank count, 0 when no MPI launcher set one */
    int rank;             /* this process's rank (or its Slurm task id), -1 when unknown */
    const char *launcher; /* "mpirun", "srun (PMIx)", "PMI", or "" */
    int slurm_tasks;      /* tasks of this Slurm step (SLURM_STEP_NUM_TASKS), 0 outside srun */
} gi_mpi_launch;

/* Fills *out from the environment: Open MPI's mpirun (OMPI_COMM_WORLD_SIZE/RANK), srun with
 * PMIx (PMIX_RANK + SLURM_STEP_NUM_TASKS/SLURM_PROCID), a PMI-1/2 launcher (PMI_SIZE/RANK). */
void gi_mpi_launch_detect(gi_mpi_launch *out);

/* How the user asked for MPI: --no-mpi, nothing, --mpi. */
typedef enum gi_mpi_request { GI_MPI_OFF = 0, GI_MPI_AUTO = 1, GI_MPI_ON = 2 } gi_mpi_request;

/* 1 if this process should initialise MPI and share the work with its ranks: always for
 * GI_MPI_ON, never for GI_MPI_OFF, and for GI_MPI_AUTO when a launcher started more than one
 * rank. */
int gi_mpi_wanted(gi_mpi_request req, const gi_mpi_launch *l);

/* A one-line note for the user when a Slurm step runs several tasks but no MPI launcher
 * environment is there (srun without --mpi=pmix, MpiDefault=none): each task then runs the
 * whole problem on its own. Writes it into buf and returns 1, or returns 0 when there is
 * nothing to say. */
int gi_mpi_launch_note(gi_mpi_request req, const gi_mpi_launch *l, char *buf, unsigned size);

#endif /* GI_MPI_LAUNCH_H */
