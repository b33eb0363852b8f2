/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/proc_usage.h — CPU time, memory and threads of this process, or of a child
 * process and all its descendants.
 */
#ifndef GI_MONITOR_PROC_USAGE_H
#define GI_MONITOR_PROC_USAGE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define GI_USAGE_MAX_PREEXISTING 64

typedef struct gi_usage {
    double cpu_time_s;       /* user + system since gi_usage_probe_init, never decreasing */
    uint64_t rss_bytes;      /* resident memory now (summed over the processes) */
    uint64_t peak_rss_bytes; /* the highest known so far */
    int threads;             /* threads now (summed over the processes) */
    double wait_s; /* time the threads spent runnable but waiting for a CPU since init (Linux
                      schedstat; a thread's wait since the previous reading is lost when it
                      ends in between), never decreasing */
    int processes; /* processes measured now (1 for this process) */
    int runnable;  /* threads running or ready to run now (state R), the monitor's own left out */
} gi_usage;

/* State of one measurement; used from one thread at a time. */
typedef struct gi_usage_probe {
    int pid;                /* 0: this process */
    double base_s;          /* CPU time at init */
    double children_base_s; /* this process's RUSAGE_CHILDREN at init (tree mode) */
    double last_s;          /* the last total returned, for the monotonic clamp */
    uint64_t peak_rss;
    long ticks_per_s;
    long page_bytes;
    /* Children this process had before init: not part of the measured tree. */
    int preexisting[GI_USAGE_MAX_PREEXISTING];
    int npreexisting;
    /* Each thread's run-queue wait at the last reading, sorted by thread id. */
    struct gi_thread_wait *waits;
    size_t nwaits;
    double wait_s; /* accumulated since init */
} gi_usage_probe;

/*
 * Starts measuring: pid 0 is this process (all its threads, from CLOCK_PROCESS_CPUTIME_ID and
 * /proc/self/status); pid > 0 is that process and every descendant, found through
 * /proc/<pid>/task/<tid>/children (or a scan of /proc where the kernel lacks that file), plus
 * what reaped descendants used (their parents' cutime/cstime, and this process's
 * RUSAGE_CHILDREN). Children this process gets later that it did not have at init — orphans
 * reparented to it as a subreaper — count as part of the tree. Returns 0, or -1 when pid
 * does not exist.
 */
int gi_usage_probe_init(gi_usage_probe *p, int pid);

/* Takes a reading. Never fails: what cannot be read counts as 0. */
void gi_usage_read(gi_usage_probe *p, gi_usage *out);

/* Frees what the probe holds. */
void gi_usage_probe_free(gi_usage_probe *p);

/* Sums over some processes of /proc. */
typedef struct gi_proc_sum {
    double cpu_s;       /* user + system, with the reaped children's (cutime, cstime) */
    uint64_t rss_bytes; /* resident now */
    int threads;
    int runnable; /* threads running or ready to run now */
    int processes;
} gi_proc_sum;

/* Adds process pid and all its descendants to *sum (what cannot be read is left out). */
void gi_proc_sum_tree(int pid, gi_proc_sum *sum);

/* Threads of process pid running or ready to run now (state R); 0 when it cannot be read. */
int gi_proc_runnable(int pid);

/* Reads a whole small file (/proc, /sys, cgroup files) into buf, NUL-terminated, retrying
 * interrupted reads; returns its length, or -1 when it cannot be opened. */
ssize_t gi_proc_read_small(const char *path, char *buf, size_t size);

#endif /* GI_MONITOR_PROC_USAGE_H */
