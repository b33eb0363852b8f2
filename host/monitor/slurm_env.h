/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/slurm_env.h — what Slurm says this task was given, from the environment
 * variables it sets in a job (sbatch, salloc, srun).
 */
#ifndef GI_MONITOR_SLURM_ENV_H
#define GI_MONITOR_SLURM_ENV_H

#include <stdint.h>

typedef struct gi_slurm_alloc {
    int in_job;         /* SLURM_JOB_ID is set */
    int cpus;           /* CPUs for this task; 0 when Slurm does not say */
    char cpus_from[96]; /* the variable that gave it, e.g. "SLURM_CPUS_PER_TASK=4" */
    uint64_t mem_bytes; /* memory limit; 0 when none */
    char mem_from[96];  /* e.g. "SLURM_MEM_PER_NODE=4096" or "SLURM_MEM_PER_CPU=1000 x 4" */
    int gpus;           /* GPUs allocated on this node (count of the list); 0 when none */
    char gpus_from[96]; /* e.g. "SLURM_GPUS_ON_NODE=2" */
} gi_slurm_alloc;

/*
 * Reads the Slurm variables of the environment:
 *   CPUs:   SLURM_CPUS_PER_TASK (what srun -c / --cpus-per-task gave), else SLURM_CPUS_ON_NODE,
 *           else the first entry of SLURM_JOB_CPUS_PER_NODE ("8(x2),4" → 8);
 *   memory: SLURM_MEM_PER_NODE (MiB), else SLURM_MEM_PER_CPU (MiB) × the CPUs above;
 *   GPUs:   SLURM_GPUS_ON_NODE, else the length of SLURM_STEP_GPUS or SLURM_JOB_GPUS.
 * Malformed values are ignored, as if unset. Never fails.
 */
void gi_slurm_read(gi_slurm_alloc *out);

#endif /* GI_MONITOR_SLURM_ENV_H */
