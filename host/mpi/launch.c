/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "launch.h"

#include <stdio.h>
#include <stdlib.h>

/* A whole number ≥ 0 from the environment, or -1 when it is not set or not a number. */
static int env_int(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return -1;
    char *end;
    long x = strtol(v, &end, 10);
    return *end || x < 0 || x > 1 << 30 ? -1 : (int)x;
}

void gi_mpi_launch_detect(gi_mpi_launch *out)
{
    out->ranks = 0;
    out->rank = -1;
    out->launcher = "";
    int step_tasks = env_int("SLURM_STEP_NUM_TASKS");
    out->slurm_tasks = step_tasks > 0 ? step_tasks : 0;

    int size = env_int("OMPI_COMM_WORLD_SIZE");
    if (size > 0) {
        out->ranks = size;
        out->rank = env_int("OMPI_COMM_WORLD_RANK");
        out->launcher = "mpirun";
        return;
    }
    /* srun --mpi=pmix exports PMIX_RANK but no size; the step's task count is the world. */
    if (getenv("PMIX_RANK") && step_tasks > 0) {
        out->ranks = step_tasks;
        out->rank = env_int("SLURM_PROCID");
        out->launcher = "srun (PMIx)";
        return;
    }
    size = env_int("PMI_SIZE");
    if (size > 0) {
        out->ranks = size;
        out->rank = env_int("PMI_RANK");
        out->launcher = "PMI";
        return;
    }
    out->rank = env_int("SLURM_PROCID");
}

int gi_mpi_wanted(gi_mpi_request req, const gi_mpi_launch *l)
{
    if (req == GI_MPI_ON)
        return 1;
    return req == GI_MPI_AUTO && l->ranks > 1;
}

int gi_mpi_launch_note(gi_mpi_request req, const gi_mpi_launch *l, char *buf, unsigned size)
{
    if (req != GI_MPI_AUTO || l->ranks > 0 || l->slurm_tasks < 2)
        return 0;
    snprintf(buf, size,
             "note: this Slurm step has %d tasks but no MPI launcher environment, so each task "
             "runs the whole problem; to share it, start with `srun --mpi=pmix` (or mpirun)",
             l->slurm_tasks);
    return 1;
}
