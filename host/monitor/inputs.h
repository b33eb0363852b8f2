/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/inputs.h — the monitor's state: what the run was given (the allocation, the
 * Slurm job, how it is measured) and what the caller says ran (workload, run table, signal).
 * Written by the API's calls only (gi_monitor_start and the setters); the sampler never
 * touches it.
 */
#ifndef GI_MONITOR_INPUTS_H
#define GI_MONITOR_INPUTS_H

#include <time.h>

#include <gpuinteg/monitor.h>

#include "monitor/allocation.h"
#include "monitor/slurm_job.h"

#define GI_MONITOR_MAX_INFO 64

typedef struct gi_mon_inputs {
    gi_monitor_options opt;
    int pid;        /* 0: this process */
    int scope;      /* GI_MONITOR_SCOPE_* */
    time_t started; /* wall clock at start, for the report */
    char host[256];
    char method[700];       /* how CPU and memory were measured, for the reports */
    gi_slurm_job slurm_job; /* as read at start (the sampler's `times` has the asked limit) */
    gi_allocation alloc;
    char gpu_status[512]; /* why no GPU is sampled */
    char driver[96];
    char cpu_energy_status[700];

    /* What ran. */
    gi_monitor_workload work;
    char *work_name, *work_backend, *work_device;
    char *info_key[GI_MONITOR_MAX_INFO], *info_value[GI_MONITOR_MAX_INFO];
    int ninfo;
    int interrupted_by;
    int cpu_sharers; /* gi_monitor_set_cpu_sharers; 1 = its CPUs are its own */
} gi_mon_inputs;

#endif /* GI_MONITOR_INPUTS_H */
