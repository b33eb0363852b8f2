/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/job_usage.h — what a Slurm job uses on this node, wherever srun started its
 * processes: from the job's cgroup (v2 cpu.stat / memory.current / memory.peak; v1 cpuacct and
 * memory, as Slurm's task/cgroup lays them out), else from the steps' slurmstepd process trees
 * (what proctrack/linuxproc tracks), else from Slurm's accounting of the running steps
 * (sstat). The monitor's own process tree is the last fallback, and stays the caller's.
 *
 * Two scopes: the whole job (gpuinteg monitor --job: every step, the batch script's too), or
 * the steps that begin after the probe starts (gpuinteg monitor -- srun …: the tasks that the
 * watched srun starts are not its children; they are a new step).
 */
#ifndef GI_MONITOR_JOB_USAGE_H
#define GI_MONITOR_JOB_USAGE_H

#include <limits.h>
#include <stdint.h>

#define GI_JOB_MAX_STEPS 64

typedef enum gi_job_source {
    GI_JOB_SOURCE_NONE = 0, /* nothing found: the caller measures its process tree */
    GI_JOB_SOURCE_CGROUP_V2,
    GI_JOB_SOURCE_CGROUP_V1,
    GI_JOB_SOURCE_STEPD, /* slurmstepd: [job.step] processes and their descendants */
    GI_JOB_SOURCE_SSTAT,
} gi_job_source;

typedef struct gi_job_step {
    char id[24];        /* "batch", "extern", "0", … */
    double cpu_s;       /* its CPU time at the last reading that saw it */
    uint64_t rss_bytes; /* its memory then */
    int at_start;       /* it existed when the probe started */
    int alive;          /* the last reading saw it */
} gi_job_step;

typedef struct gi_job_probe {
    gi_job_source source;
    int whole_job;
    char job_id[24];
    char cpu_dir[PATH_MAX]; /* cgroup: the job's folder (cpu.stat / cpuacct.usage) */
    char mem_dir[PATH_MAX]; /* cgroup: the job's folder in the memory hierarchy */
    gi_job_step steps[GI_JOB_MAX_STEPS];
    int nsteps;
    double base_cpu_s; /* the whole job's CPU time at start (cgroup, scope "whole job") */
    double sstat_next; /* CLOCK_MONOTONIC time of the next sstat call */
    uint64_t peak_bytes;
    char method[600]; /* the method in words, for the report */
} gi_job_probe;

typedef struct gi_job_reading {
    double cpu_time_s;   /* scope's CPU time: whole job since it began (see base), or the new
                            steps' since they began */
    uint64_t rss_bytes;  /* now */
    uint64_t peak_bytes; /* highest seen (cgroup memory.peak where the kernel keeps it) */
    int threads;
    int runnable; /* threads running or ready to run now; -1 when the source cannot tell */
    int steps;    /* steps counted */
} gi_job_reading;

/*
 * Finds the best source for job job_id on this node. whole_job: every step; else the steps
 * begun after this call. The cgroup file system is read under $GPUINTEG_CGROUP_ROOT (else
 * /sys/fs/cgroup); $GPUINTEG_JOB_SOURCE (cgroup, slurmstepd, sstat, tree) forces one source
 * (tests, and nodes where a better-ranked one misleads). Returns the source found, also in
 * p->source; p->method says which and where.
 */
gi_job_source gi_job_probe_init(gi_job_probe *p, const char *job_id, int whole_job);

/* Takes a reading (now; sstat at most every GI_JOB_SSTAT_PERIOD_S). Never fails. */
void gi_job_read(gi_job_probe *p, gi_job_reading *out);

/* Processes of the job on this node other than this one and its ancestors; -1 when the source
 * cannot list them (sstat, none). */
int gi_job_others(gi_job_probe *p);

/* "cgroup v2", "cgroup v1", "slurmstepd processes", "sstat", "process tree". */
const char *gi_job_source_name(gi_job_source s);

#define GI_JOB_SSTAT_PERIOD_S 2.0

#endif /* GI_MONITOR_JOB_USAGE_H */
