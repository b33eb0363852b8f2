/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/allocation.h — what the run was given: CPUs, a memory limit, GPUs, and which
 * source said so.
 */
#ifndef GI_MONITOR_ALLOCATION_H
#define GI_MONITOR_ALLOCATION_H

#include <stdint.h>

#include "monitor/cgroup_limits.h"
#include "monitor/slurm_env.h"
#include "monitor/slurm_job.h"

typedef struct gi_allocation {
    int affinity;        /* CPUs in the affinity mask of the measured process */
    char cpu_list[1024]; /* that mask as a CPU list ("0-3,8"); "" when it did not fit */
    gi_cgroup_limits cgroup;
    gi_slurm_alloc slurm;

    /* The figure the run is judged against, and its source ("slurm", "cgroup", "affinity"):
     * Slurm's when the job has one (that is what the job was charged for, even when a launch
     * mistake left the process fewer CPUs); else a cgroup quota below the affinity count;
     * else the affinity mask. */
    double cpus;
    const char *cpu_source;

    /* The tightest memory limit known (cgroup, Slurm), 0 when none; its source or "". */
    uint64_t mem_limit;
    const char *mem_source;

    /* GPUs the scheduler gave the job: Slurm's count, else 1 per CUDA_VISIBLE_DEVICES entry
     * when that is set (schedulers set it; users rarely do); 0 when no sign of any. */
    int gpus;
    char gpus_from[128];
} gi_allocation;

/* Detects the allocation of process pid (0: this process). A task of an srun step with several
 * tasks on this node and no SLURM_CPUS_PER_TASK is given its share of the node's CPUs
 * (SLURM_CPUS_ON_NODE / its entry of SLURM_STEP_TASKS_PER_NODE), not the node's. job may be
 * NULL (outside Slurm). Never fails. */
void gi_allocation_detect(gi_allocation *a, int pid, const gi_slurm_job *job);

/* jobstats' memory advice: the request that makes peak GI_MONITOR_MEM_TARGET_PERCENT of it
 * (rounded up), when that is less than limit; else 0. */
uint64_t gi_mon_suggest_mem(uint64_t peak, uint64_t limit);

#endif /* GI_MONITOR_ALLOCATION_H */
