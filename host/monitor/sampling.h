/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/sampling.h — the first layer of the monitor: the sampler thread and what it
 * reads (CPU time, memory, threads, GPUs, energy) into the sample buffer. It knows nothing of
 * the layers after it (inputs, summary, warnings, writers).
 *
 * Locking: `lock` guards buf, peak_rss, threads_peak, the energy figures, `times` and
 * stop_flag, which the sampler threads write and the API's calls read. The probes, the NVML
 * handle, runnable_s and last_t are the sampler thread's while it runs (and the API's before
 * it starts and after it is joined). gpus and ngpus are set before the thread starts and are
 * read-only afterwards.
 */
#ifndef GI_MONITOR_SAMPLING_H
#define GI_MONITOR_SAMPLING_H

#include <pthread.h>
#include <stdint.h>

#include <gpuinteg/monitor.h>

#include "monitor/energy.h"
#include "monitor/job_usage.h"
#include "monitor/nvml_gpus.h"
#include "monitor/proc_usage.h"
#include "monitor/sample_buffer.h"
#include "monitor/slurm_job.h"

typedef struct gi_mon_sampling {
    pthread_t thread;
    pthread_t times_thread; /* gi_sampler_job_times, when times_running */
    int times_running;
    int times_asked; /* the helper thread was started: `times` holds what it found */
    pthread_mutex_t lock;
    pthread_cond_t wake; /* signalled by gi_monitor_stop */
    int stop_flag;

    double t0; /* CLOCK_MONOTONIC at start */
    gi_usage_probe probe;
    gi_job_probe job_probe; /* source != NONE: the job's steps are measured too (or instead) */
    int whole_job;          /* the job is measured instead of a process tree */
    double job_base_s;      /* the job's CPU time at start when its start time is unknown */
    double runnable_s;      /* cumulative, sampler only */
    int runnable_unknown;   /* the source cannot count runnable threads (sstat); guarded */
    double last_t;          /* the last reading's time, sampler only */
    gi_slurm_job times;     /* the job as read at start, its time limit and start then asked of
                             * squeue by the helper thread (guarded by lock) */

    gi_energy_probe energy; /* CPU packages (powercap) */
    /* GPU energy counters (mJ) at the first and the last reading; energy_ok[g] 0: why in
     * energy_why[g]. Guarded by lock. */
    double gpu_energy0[GI_MONITOR_MAX_GPUS], gpu_energy1[GI_MONITOR_MAX_GPUS];
    int gpu_energy_ok[GI_MONITOR_MAX_GPUS];
    char gpu_energy_why[GI_MONITOR_MAX_GPUS][160];
    double cpu_energy_j; /* guarded by lock */

    gi_nvml *nvml; /* NULL: no GPU sampling */
    gi_nvml_gpu gpus[GI_MONITOR_MAX_GPUS];
    int ngpus;

    gi_sample_buffer buf; /* guarded by lock */
    uint64_t peak_rss;
    int threads_peak;
} gi_mon_sampling;

/* Seconds on CLOCK_MONOTONIC. */
double gi_monitor_now(void);

/* Takes one reading (CPU, memory, GPUs) at the current time and appends it as a sample;
 * merges samples when the buffer is full. Called from the sampler thread, and from start and
 * stop while the thread is not running. Returns 0, or -1 when out of memory (the sample is
 * dropped). */
int gi_sampler_take(gi_mon_sampling *s);

/* A helper thread's body (arg: the gi_mon_sampling): the job's time limit and start from
 * squeue into s->times (slurmctld may take a while to answer: neither the work nor the samples
 * wait for it). */
void *gi_sampler_job_times(void *arg);

/* The sampler thread's body (arg: the gi_mon_sampling): a sample every period until
 * stop_flag. */
void *gi_sampler_main(void *arg);

/* A copy of the samples taken under the lock, for the layers after this one (the writers
 * never hold the sampler's lock). Returns 0, or -1 when out of memory (*out empty); free it
 * with gi_sample_buffer_free. */
int gi_sampler_copy(gi_mon_sampling *s, gi_sample_buffer *out /* OUT */);

/* The number of samples now. */
size_t gi_sampler_count(gi_mon_sampling *s);

/* Copies sample i into *out when i is below the number of samples now, which it returns. */
size_t gi_sampler_get(gi_mon_sampling *s, size_t i, gi_monitor_sample *out);

#endif /* GI_MONITOR_SAMPLING_H */
