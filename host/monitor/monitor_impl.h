/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/monitor_impl.h — the inside of gi_monitor, shared by the files of host/monitor.
 *
 * The files form a line, each reading only what the ones before it made:
 *   sampling  (sampler.c, proc_usage.c, job_usage.c, nvml_gpus.c, energy.c,
 *              command_output.c → sample_buffer.c)
 *   state     (monitor.c: life and inputs; allocation.c, slurm_env.c, slurm_job.c: what the run
 *              was given; job.c: rank records)
 *   summary   (summary.c: the run's figures; job.c gi_mon_job_build: the job's)
 *   warnings  (warnings.c, job_warnings.c)
 *   writers   (report_text/json/csv/html/job.c, html_parts.c, svg_chart.c, report_file.c)
 * The public entry points that need the whole line (gi_monitor_summarize in results.c,
 * gi_monitor_rank_get in rank_record.c, and the writers' public functions) run it through
 * gi_mon_results_build; nothing below calls back up into them.
 *
 * Locking: `lock` guards the sample buffer (buf), peak_rss, threads_peak, the energy
 * figures, slurm_job's time limit and start (the sampler asks squeue) and stop_flag, which the
 * sampler thread writes and the API functions read. Everything else is touched only by the API
 * functions (whose calls the user serialises), or — usage probe and NVML handle — only by the
 * sampler thread while it runs and by gi_monitor_stop after joining it.
 */
#ifndef GI_MONITOR_MONITOR_IMPL_H
#define GI_MONITOR_MONITOR_IMPL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include <gpuinteg/monitor.h>
#include <gpuinteg/status.h>

#include "monitor/allocation.h"
#include "monitor/energy.h"
#include "monitor/job.h"
#include "monitor/job_usage.h"
#include "monitor/nvml_gpus.h"
#include "monitor/proc_usage.h"
#include "monitor/sample_buffer.h"
#include "monitor/slurm_job.h"

#define GI_MONITOR_MAX_INFO     64
#define GI_MONITOR_MAX_WARNINGS 16

enum { GI_MON_CREATED = 0, GI_MON_RUNNING = 1, GI_MON_STOPPED = 2 };

struct gi_monitor {
    gi_monitor_options opt;
    int pid; /* 0: this process */
    int state;

    pthread_t thread;
    pthread_t times_thread; /* gi_sampler_job_times, when times_running */
    int times_running;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* signalled by gi_monitor_stop */
    int stop_flag;

    double t0;      /* CLOCK_MONOTONIC at start */
    double t_end;   /* seconds from t0 to the stop; 0 while running */
    time_t started; /* wall clock at start, for the report */
    char host[256];

    gi_usage_probe probe;
    gi_job_probe job_probe; /* source != NONE: the job's steps are measured too (or instead) */
    int scope;              /* GI_MONITOR_SCOPE_* */
    char method[700];       /* how CPU and memory were measured, for the reports */
    double job_base_s;      /* the job's CPU time at start when its start time is unknown */
    double runnable_s;      /* cumulative, sampler only */
    int runnable_unknown;   /* the source cannot count runnable threads (sstat) */
    double last_t;          /* the last reading's time, sampler only */
    gi_slurm_job slurm_job;
    gi_energy_probe energy; /* CPU packages (powercap) */
    /* GPU energy counters (mJ) at the first and the last reading; energy_ok[g] 0: why in
     * energy_why[g]. Guarded by lock. */
    double gpu_energy0[GI_MONITOR_MAX_GPUS], gpu_energy1[GI_MONITOR_MAX_GPUS];
    int gpu_energy_ok[GI_MONITOR_MAX_GPUS];
    char gpu_energy_why[GI_MONITOR_MAX_GPUS][160];
    double cpu_energy_j; /* guarded by lock */
    char cpu_energy_status[700];
    char job_time_from[64]; /* slurm_job.time_from as the summary read it (under lock) */
    gi_allocation alloc;
    gi_nvml *nvml; /* NULL: no GPU sampling (gpu_status says why) */
    char gpu_status[512];
    gi_nvml_gpu gpus[GI_MONITOR_MAX_GPUS];
    int ngpus;
    char driver[96];

    gi_sample_buffer buf; /* guarded by lock */
    uint64_t peak_rss;
    int threads_peak;

    /* What ran. */
    gi_monitor_workload work;
    char *work_name, *work_backend, *work_device;
    char *info_key[GI_MONITOR_MAX_INFO], *info_value[GI_MONITOR_MAX_INFO];
    int ninfo;
    int interrupted_by;
    int cpu_sharers; /* gi_monitor_set_cpu_sharers; 1 = its CPUs are its own */

    /* The job (gi_monitor_add_rank): ranks sorted by rank, and what the report makes of them. */
    gi_mon_rank *ranks;
    size_t nranks, cap_ranks;
    gi_mon_job job;
    gi_monitor_rank_sample *self_samples; /* gi_monitor_rank_get's timeline */

    /* Results, rebuilt on demand and owned here. */
    gi_monitor_summary summary;
    gi_monitor_gpu summary_gpus[GI_MONITOR_MAX_GPUS];
    char gpu_energy_status[GI_MONITOR_MAX_GPUS][200];
    char peak_note[400];
    char *warnings[GI_MONITOR_MAX_WARNINGS];
    size_t nwarnings;
    char *text;
    char *json;

    char err[1024];
};

/* Sets the monitor's message (printf format) and returns status. */
gi_status gi_monitor_fail(gi_monitor *m, gi_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Seconds on CLOCK_MONOTONIC. */
double gi_monitor_now(void);

/* Takes one reading (CPU, memory, GPUs) at the current time and appends it as a sample;
 * merges samples when the buffer is full. Called from the sampler thread, and from start and
 * stop while the thread is not running. Returns 0, or -1 when out of memory (the sample is
 * dropped). */
int gi_sampler_take(gi_monitor *m);

/* A helper thread's body: the job's time limit and start from squeue (slurmctld may take a
 * while to answer: neither the work nor the samples wait for it). */
void *gi_sampler_job_times(void *arg);

/* The sampler thread's body: a sample every period until stop_flag. */
void *gi_sampler_main(void *arg);

/* Summary: rebuilds m->summary from the samples and the allocation (no warnings). */
void gi_mon_summary_build(gi_monitor *m);

/* jobstats' memory advice: the request that makes peak GI_MONITOR_MEM_TARGET_PERCENT of it
 * (rounded up), when that is less than limit; else 0. */
uint64_t gi_mon_suggest_mem(uint64_t peak, uint64_t limit);

/* The whole line after sampling: summary, the job's figures, warnings. Returns GI_STATUS_OK or
 * GI_STATUS_OUT_OF_MEMORY (the message is set). */
gi_status gi_mon_results_build(gi_monitor *m);

/* Computes warnings for the current summary into m->warnings. Returns GI_STATUS_OK or
 * GI_STATUS_OUT_OF_MEMORY. */
gi_status gi_monitor_compute_warnings(gi_monitor *m);

/* Writes the HTML page, the JSON report or the CSV of samples to f. Return 0 on success
 * (stream errors are found by the caller through ferror/fclose). */
int gi_report_write_html(gi_monitor *m, FILE *f);
int gi_report_write_json(gi_monitor *m, FILE *f);
int gi_report_write_csv(gi_monitor *m, FILE *f);

/* Builds the "utilization" object (the summary must be fresh). Returns a cJSON object, to be
 * deleted by the caller, or NULL when out of memory. Declared as void * so that this header
 * does not need cJSON. */
void *gi_report_utilization_json(gi_monitor *m);

/* The job's parts of the reports (report_job.c), for a monitor with ranks; the job figures
 * must be fresh (gi_monitor_summarize). gi_report_job_json returns the "job" object (a cJSON
 * object the caller adds or deletes; NULL when out of memory); with samples, each rank entry
 * also gets its timeline. gi_report_job_html writes the page's job section;
 * gi_report_job_csv writes the CSV (a row per sample of every rank). Return 0 on success. */
void *gi_report_job_json(gi_monitor *m, int samples);
int gi_report_job_html(gi_monitor *m, FILE *f);
int gi_report_job_csv(gi_monitor *m, FILE *f);

#endif /* GI_MONITOR_MONITOR_IMPL_H */
