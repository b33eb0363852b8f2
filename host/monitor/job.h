/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/job.h — a monitor's job: the rank records added with gi_monitor_add_rank, and
 * what the report makes of them (nodes, GPUs, totals). Internal to host/monitor; part of the
 * state layer (it sees neither the sampler nor the summary, warnings or writers).
 *
 * Ownership: every string and array of a gi_mon_rank is a copy owned by the monitor; the
 * gi_mon_job figures are rebuilt by gi_mon_job_build (from gi_monitor_summarize) and point
 * into the ranks' copies.
 */
#ifndef GI_MONITOR_JOB_H
#define GI_MONITOR_JOB_H

#include <stddef.h>
#include <stdint.h>

#include <gpuinteg/monitor.h>
#include <gpuinteg/status.h>

/* One rank, copied. r's pointers point at the copies below. */
typedef struct gi_mon_rank {
    gi_monitor_rank r;
    char *host, *source, *cpu_list, *backend, *device, *gpu_uuid, *gpu_name;
    char **warnings;
    gi_monitor_rank_sample *samples;
    int node_index; /* into gi_mon_job.nodes, set by gi_mon_job_build */
    int gpu_group;  /* into gi_mon_job.gpus, or -1 */
} gi_mon_rank;

/* One node of the job. */
typedef struct gi_mon_node {
    int node;         /* the ranks' node number */
    const char *host; /* its first rank's host name */
    int nranks;
    double cpu_allocated;
    int cpus_shared;       /* 1 when some of its ranks' CPU sets overlap */
    int cpus_known;        /* 1 when every rank's CPU set is known */
    int union_cpus;        /* CPUs in the union of the ranks' sets (cpus_known) */
    double used_cores;     /* the ranks' CPU time over their durations, summed */
    double wait_cores;     /* the ranks' waits for a CPU over their durations, summed */
    int threads;           /* the ranks' workload threads, summed; 0 when some rank's are unknown */
    double mem_peak_bytes; /* the ranks' peaks, summed (an upper bound of the node's peak) */
    int all_cpu_work;      /* every rank ran a CPU backend */
    char rank_list[256];   /* its ranks, "0–3, 5" (gi_mon_rank_list) */
} gi_mon_node;

/* One GPU the ranks ran on: by NVML UUID, else by node and device number. */
typedef struct gi_mon_gpu {
    const char *uuid; /* NULL when not known */
    const char *name;
    const char *host;
    int node, index;
    int nranks;
    double busy_time_s; /* the ranks' device timers, summed */
    double util_percent_avg;
    double mem_peak_bytes;
    char rank_list[256]; /* the ranks that ran on it, "0–3, 5" */
} gi_mon_gpu;

typedef struct gi_mon_job {
    gi_mon_node *nodes;
    size_t nnodes;
    gi_mon_gpu *gpus;
    size_t ngpus;
    double duration_s;    /* the longest rank's */
    double cpu_allocated; /* the nodes', summed */
    double used_cores;    /* the ranks', summed */
    double percent;
    double mem_peak_node_bytes;   /* the busiest node's ranks' peaks, summed */
    uint64_t mem_suggested_bytes; /* the request that advice suggests for it; 0: none */
    /* Device busy time over the ranks that have one: NaN when fewer than two ranks do. */
    double busy_mean_s, busy_imbalance;
    int busy_min_rank, busy_max_rank;
} gi_mon_job;

/* The ranks added (sorted by rank) and the job's figures made of them. */
typedef struct gi_mon_ranks {
    gi_mon_rank *ranks;
    size_t nranks, cap_ranks;
    gi_mon_job job; /* rebuilt by gi_mon_job_build */
} gi_mon_ranks;

/* Copies r into j in rank order. Returns GI_STATUS_OK, GI_STATUS_INVALID_ARGUMENT (a rank or
 * node < 0, a rank added before, cpu_sharers < 1, too many samples) or GI_STATUS_OUT_OF_MEMORY,
 * with the message in err. */
gi_status gi_mon_ranks_add(gi_mon_ranks *j, const gi_monitor_rank *r, char *err, size_t size);

/* Rebuilds j->job from j->ranks; mem_limit (0: none) is the request the memory advice is set
 * against. Returns 0, or -1 when out of memory. */
int gi_mon_job_build(gi_mon_ranks *j, uint64_t mem_limit);

/* Frees the ranks and the job figures. */
void gi_mon_job_free(gi_mon_ranks *j);

/* "0–3, 5, 7" for the ranks of `ranks` (sorted) into buf. */
void gi_mon_rank_list(const int *ranks, size_t n, char *buf, size_t size);

#endif /* GI_MONITOR_JOB_H */
