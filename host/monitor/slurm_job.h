/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/slurm_job.h — the Slurm job and step this process belongs to, as jobstats and
 * seff describe it: id, name, account, partition, nodes, time limit and start, and this task's
 * place in its step (for its share of the step's CPUs).
 */
#ifndef GI_MONITOR_SLURM_JOB_H
#define GI_MONITOR_SLURM_JOB_H

#include <time.h>

typedef struct gi_slurm_job {
    int in_job; /* SLURM_JOB_ID is set */
    char id[24], name[128], account[64], partition[64], nodelist[256], user[64];
    double time_limit_s; /* 0: unknown; -1: unlimited */
    time_t start;        /* 0: unknown */
    char time_from[64];  /* where the limit and start came from: "squeue", "environment" */

    /* The step: in_step when this process is a task of a numbered step (srun). */
    int in_step;
    char step_id[24];
    int task;          /* SLURM_PROCID: the task's rank in the step; 0 outside a step */
    int tasks;         /* SLURM_STEP_NUM_TASKS (else SLURM_NTASKS); 1 when unknown */
    int tasks_on_node; /* this node's entry of SLURM_STEP_TASKS_PER_NODE; 1 when unknown */
    int node;          /* SLURM_NODEID: the node's number in the step; 0 outside a step */
    int cpus_on_node;  /* SLURM_CPUS_ON_NODE; 0 when unset */
} gi_slurm_job;

/*
 * Reads the job from the environment; the time limit and start from SLURM_JOB_START_TIME /
 * SLURM_JOB_END_TIME where Slurm sets them (23.02 and later), else from one squeue call
 * (bounded to a few seconds) when ask_squeue. Never fails: what is not known stays 0 / "".
 */
void gi_slurm_job_read(gi_slurm_job *j, int ask_squeue);

/* The time limit and start from one squeue call, for a job read without them (the sampler
 * asks in the background, so that the work does not wait for slurmctld). */
void gi_slurm_job_times(gi_slurm_job *j);

/* Slurm's durations ("UNLIMITED", "30", "5:00", "1:00:00", "2-12:00:00", "12:34.567") as
 * seconds; -1 for UNLIMITED / INFINITE; -2 when malformed. */
double gi_slurm_duration(const char *text);

/* The count that a Slurm per-node list ("2(x3),1") gives node `node` (0-based); 0 when the list
 * is malformed or too short. */
int gi_slurm_per_node(const char *list, int node);

#endif /* GI_MONITOR_SLURM_JOB_H */
