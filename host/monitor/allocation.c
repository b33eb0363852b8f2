/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The allocation: affinity mask, cgroup quota and Slurm's figures, combined into one figure
 * with its source.
 */
#include "monitor/allocation.h"

#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gpuinteg/monitor.h>

#include "monitor/cpu_list.h"

static int affinity_count(int pid)
{
    /* Sized for machines past CPU_SETSIZE (1024) CPUs. */
    for (size_t ncpu = 1024; ncpu <= 65536; ncpu *= 4) {
        cpu_set_t *set = CPU_ALLOC(ncpu);
        if (!set)
            break;
        size_t bytes = CPU_ALLOC_SIZE(ncpu);
        int rc = sched_getaffinity(pid, bytes, set);
        int n = rc == 0 ? CPU_COUNT_S(bytes, set) : 0;
        CPU_FREE(set);
        if (rc == 0 && n > 0)
            return n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* Entries of CUDA_VISIBLE_DEVICES as the CUDA runtime reads it: up to the first bad entry. */
static int cuda_visible_count(const char *v)
{
    int n = 0;
    while (v && *v) {
        size_t len = strcspn(v, ",");
        int ok = len > 0 && (strncmp(v, "GPU-", 4) == 0 || strncmp(v, "MIG-", 4) == 0 ||
                             strspn(v, "0123456789") == len);
        if (!ok)
            break;
        n++;
        v += len;
        if (*v == ',')
            v++;
    }
    return n;
}

/* Slurm's node figure shared by the step's tasks on this node: srun -n 2 on 2 CPUs gives
 * each task 1, which is what it can use (task/affinity binds each to its own). */
static void task_share(gi_slurm_alloc *s, const gi_slurm_job *job)
{
    if (!job || !job->in_step || job->tasks_on_node < 2 || s->cpus <= 0 ||
        strncmp(s->cpus_from, "SLURM_CPUS_PER_TASK", 19) == 0)
        return;
    int share = s->cpus / job->tasks_on_node;
    if (share < 1)
        share = 1;
    char from[sizeof s->cpus_from];
    snprintf(from, sizeof from, "%.50s / %d tasks", s->cpus_from, job->tasks_on_node);
    snprintf(s->cpus_from, sizeof s->cpus_from, "%s", from);
    s->cpus = share;
}

void gi_allocation_detect(gi_allocation *a, int pid, const gi_slurm_job *job)
{
    memset(a, 0, sizeof *a);
    a->affinity = affinity_count(pid);
    gi_cpu_list_of_process(pid, a->cpu_list, sizeof a->cpu_list);
    gi_cgroup_limits_read(&a->cgroup);
    gi_slurm_read(&a->slurm);
    task_share(&a->slurm, job);

    a->cpus = a->affinity;
    a->cpu_source = "affinity";
    if (a->slurm.cpus > 0) {
        a->cpus = a->slurm.cpus;
        a->cpu_source = "slurm";
    } else if (a->cgroup.cpus > 0 && a->cgroup.cpus < a->affinity) {
        a->cpus = a->cgroup.cpus;
        a->cpu_source = "cgroup";
    }

    a->mem_source = "";
    if (a->cgroup.mem_bytes > 0) {
        a->mem_limit = a->cgroup.mem_bytes;
        a->mem_source = "cgroup";
    }
    if (a->slurm.mem_bytes > 0 && (a->mem_limit == 0 || a->slurm.mem_bytes < a->mem_limit)) {
        a->mem_limit = a->slurm.mem_bytes;
        a->mem_source = "slurm";
    }

    if (a->slurm.gpus > 0) {
        a->gpus = a->slurm.gpus;
        snprintf(a->gpus_from, sizeof a->gpus_from, "%s", a->slurm.gpus_from);
    } else {
        const char *v = getenv("CUDA_VISIBLE_DEVICES");
        int n = cuda_visible_count(v);
        if (n > 0) {
            a->gpus = n;
            snprintf(a->gpus_from, sizeof a->gpus_from, "CUDA_VISIBLE_DEVICES=%.90s", v);
        }
    }
}

/* jobstats' memory advice: ask for the peak / 70% (rounded up to 64 MiB below 4 GiB, to whole
 * GiB above), when that is less than was requested. */
uint64_t gi_mon_suggest_mem(uint64_t peak, uint64_t limit)
{
    if (peak == 0 || limit == 0 ||
        (double)peak >= GI_MONITOR_MEM_TARGET_PERCENT / 100.0 * (double)limit)
        return 0;
    double want = (double)peak / (GI_MONITOR_MEM_TARGET_PERCENT / 100.0);
    double step = want < 4.0 * 1073741824.0 ? 64.0 * 1048576.0 : 1073741824.0;
    uint64_t v = (uint64_t)(ceil(want / step) * step);
    return v < limit ? v : 0;
}
