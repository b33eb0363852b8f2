/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg/monitor.h — what a run used of what it was given, measured from inside the run.
 *
 * A sampler thread beside the work records the process's CPU time (all threads; or a child
 * process and all its descendants), its memory, and for each NVIDIA GPU the process may use
 * (CUDA_VISIBLE_DEVICES is respected) the utilization, memory and power that NVML reports.
 * Those are set against the allocation: the CPU affinity mask, the cgroup quota (v2 cpu.max,
 * or v1 cpu.cfs_quota_us) and Slurm's SLURM_CPUS_PER_TASK / _ON_NODE / SLURM_JOB_CPUS_PER_NODE;
 * the memory limit from cgroup memory.max or SLURM_MEM_PER_NODE / _PER_CPU. At the end: a
 * short text summary with warnings in the spirit of jobstats and seff, a JSON object, and
 * report files (a self-contained HTML page with charts, or every sample as JSON or CSV).
 *
 *     gi_monitor *m;
 *     gi_monitor_create(&m, NULL);                  // defaults: every 100 ms, GPUs if present
 *     gi_monitor_start(m);
 *     ... the work ...
 *     gi_monitor_stop(m);
 *     gi_monitor_workload w = {.backend = "openmp", .kind = GI_DEVICE_CPU, .threads = 2, .gpu =
 * -1}; gi_monitor_set_workload(m, &w);               // what ran, for the warnings
 *     fputs(gi_monitor_summary_text(m), stdout);
 *     gi_monitor_write_report(m, "run.html");
 *     gi_monitor_destroy(m);
 *
 * NVML (libnvidia-ml.so.1) is opened with dlopen at gi_monitor_start, never linked: without it
 * the GPU part of the summary says "not available: <reason>" and nothing fails.
 *
 * Environment: GPUINTEG_CGROUP_ROOT replaces /sys/fs/cgroup as the place the cgroup file
 * system is read from (for tests and unusual mounts).
 *
 * Thread safety: calls on one monitor must not overlap (serialise them): "as any call on m"
 * below means that; the monitor's own sampler thread is synchronised internally. Different monitors
 * are independent. None of these functions is async-signal-safe: from a signal handler, stop the
 * work (e.g. with gi_context_interrupt) and stop the monitor afterwards.
 */
#ifndef GPUINTEG_MONITOR_H
#define GPUINTEG_MONITOR_H

#include <stddef.h>
#include <stdint.h>

#include <gpuinteg/context.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gi_monitor gi_monitor;

#define GI_MONITOR_SAMPLE_MS_DEFAULT 100
#define GI_MONITOR_SAMPLE_MS_MIN     10
#define GI_MONITOR_SAMPLE_MS_MAX     3600000
/* GPUs followed at most; further visible GPUs are left out of the samples. */
#define GI_MONITOR_MAX_GPUS 16
/* Samples kept at most. When the buffer is full, neighbouring samples are merged and the
 * period doubles, so a run of any length keeps a whole-run record in bounded memory. */
#define GI_MONITOR_MAX_SAMPLES 16384

/* Warnings about efficiency (cores or GPU left idle) are only given for runs at least this
 * long: shorter runs are dominated by start-up and NVML's own averaging window. */
#define GI_MONITOR_JUDGED_MIN_S 1.0
/* A GPU busier than this (percent of the run) is not reported as underused. */
#define GI_MONITOR_GPU_BUSY_MIN_PERCENT 50.0
/* An allocation of two or more cores is reported as underused when about one core was wanted
 * (used, or waited for), or less than this percentage of it. */
#define GI_MONITOR_CPU_USED_MIN_PERCENT 50.0

/* What a monitor measures (gi_monitor_options.scope). */
enum {
    /* This process (or the one given to gi_monitor_attach, with its descendants). Inside a
     * Slurm job but outside a numbered step (a batch script, an salloc shell), also the job
     * steps that begin while it runs: the tasks that a watched `srun` starts are not its
     * children. */
    GI_MONITOR_SCOPE_AUTO = 0,
    /* Every process of the Slurm job on this node, from the job's start: the job's cgroup,
     * else its steps' slurmstepd process trees, else sstat. gi_monitor_start fails outside a
     * job. */
    GI_MONITOR_SCOPE_JOB = 1,
};

typedef struct gi_monitor_options {
    int sample_ms; /* sampling period, GI_MONITOR_SAMPLE_MS_MIN … _MAX (default 100) */
    int no_gpu;    /* 1: do not open NVML (the summary says GPUs were not sampled) */
    int scope;     /* GI_MONITOR_SCOPE_AUTO (default) or GI_MONITOR_SCOPE_JOB */
} gi_monitor_options;

/* The memory advice (jobstats' rule): a run whose peak stays under this percentage of its
 * memory request is told to ask for peak / (this / 100), rounded up. */
#define GI_MONITOR_MEM_TARGET_PERCENT 70.0
/* The time advice: a finished job that used under this percentage of its time limit is told
 * to ask for less (a shorter limit starts sooner: backfill). */
#define GI_MONITOR_TIME_USED_MIN_PERCENT 40.0

/* What ran during the monitored time; the monitor uses it for the warnings and the report. */
typedef struct gi_monitor_workload {
    const char *name;    /* "integrate", "gemm", a command line…; copied; NULL = unknown */
    const char *backend; /* "serial", "openmp", "opencl", "cuda"; copied; NULL = unknown */
    const char *device;  /* the device's name; copied; NULL = unknown */
    gi_device_kind kind; /* GI_DEVICE_CPU or _GPU; 0 = unknown (e.g. a monitored command) */
    int threads;         /* CPU threads the work ran; 0 = unknown */
    int gpu;             /* which GPU ran it, counted among those the process may use
                            (cuda:N); -1 = none or unknown */
    double busy_time_s;  /* time the device spent computing, from device timers (CUDA events,
                            OpenCL profiling) or the CPU loop's clock; 0 = unknown */
} gi_monitor_workload;

/* One GPU over the whole run. NaN marks a figure the GPU did not report (e.g. power on some
 * boards, utilization on MIG instances). */
typedef struct gi_monitor_gpu {
    int index;                /* NVML's index, as nvidia-smi numbers the GPUs */
    int ordinal;              /* position among the GPUs this process may use: cuda:<ordinal> */
    const char *name;         /* e.g. "NVIDIA H100 80GB HBM3"; owned by the monitor */
    const char *uuid;         /* "GPU-…"; owned by the monitor */
    uint64_t mem_total_bytes; /* device memory */
    double util_percent_avg;  /* time-weighted mean of NVML's utilization.gpu */
    double util_percent_peak;
    double mem_peak_bytes;     /* highest device memory in use (all processes on the GPU) */
    double power_avg_w;        /* time-weighted mean board power */
    double busy_time_s;        /* the workload's kernels on this GPU (device timers); 0 if none */
    double energy_j;           /* NVML's total-energy counter over the run; NaN: unavailable */
    const char *energy_status; /* "measured (NVML total energy counter)" or
                                  "unavailable: <reason>"; owned by the monitor */
} gi_monitor_gpu;

/*
 * The run as a whole. Strings and arrays are owned by the monitor and valid until the next
 * gi_monitor_summarize, gi_monitor_set_workload, gi_monitor_set_info or gi_monitor_destroy.
 */
typedef struct gi_monitor_summary {
    double duration_s;  /* from gi_monitor_start to gi_monitor_stop (or to now, while running) */
    int sample_ms;      /* the period the samples now have (it doubles when samples merge) */
    size_t samples;     /* samples kept */
    int interrupted_by; /* the signal set with gi_monitor_set_interrupted, 0 if none */

    /* CPU */
    double cpu_allocated;             /* cores the run was given: the figure of the source */
    const char *cpu_allocated_source; /* "slurm", "cgroup" or "affinity" (see below) */
    int cpu_affinity;                 /* CPUs in the affinity mask */
    double cpu_cgroup;                /* the cgroup quota in cores; 0 when there is none */
    double cpu_slurm;                 /* Slurm's CPUs for this task; 0 outside Slurm */
    double cpu_time_s;                /* CPU time used (user + system), all threads/processes */
    double cpu_used_cores;            /* cpu_time_s / duration_s */
    double cpu_percent;               /* 100 · cpu_used_cores / cpu_allocated */
    double cpu_peak_cores;            /* the highest over one sampling interval (clamped, see
                                         cpu_peak_note) */
    double cpu_wait_s; /* time the threads were ready to run but waited for a CPU (Linux
                          schedstat; 0 where the kernel does not keep it): large when other
                          processes share the cores, or with more threads than cores */
    int threads_peak;  /* most threads (all processes) seen in one sample */

    /* Memory */
    uint64_t mem_peak_rss_bytes;  /* peak resident set (summed over the processes measured) */
    uint64_t mem_limit_bytes;     /* 0 when no limit is known */
    const char *mem_limit_source; /* "cgroup" or "slurm"; "" when there is no limit */

    /* GPUs */
    const char *gpu_status; /* "" when NVML answered; "no GPU allocated" for a run that was
                               given no GPU (Slurm, CUDA_VISIBLE_DEVICES) and ran no GPU
                               workload (the NVML reason is then only in the JSON's
                               "gpu_sampling" and the page's details); else
                               "not available: <reason>" */
    size_t gpu_count;
    const gi_monitor_gpu *gpus;

    /* Warnings: one sentence each, with the likely fix. With ranks added
     * (gi_monitor_add_rank): the job's. */
    size_t warning_count;
    const char *const *warnings;

    /* How the CPU and memory figures were measured: "process tree", "this process", or the
     * job's source ("cgroup v2: <folder>", "slurmstepd processes of job 12 …", "sstat …"). */
    const char *method;
    double runnable_avg;       /* mean threads running or ready to run in what was measured; NaN
                                  when the source cannot tell (sstat) */
    int partial;               /* 1: the monitor still runs; the figures are those so far */
    const char *cpu_peak_note; /* "" or why the peak was clamped to the CPUs the process can
                                  run on, or why it is above the allocation */

    /* The Slurm job ("" and 0 outside one), as jobstats and seff show it. */
    const char *job_id, *job_name, *job_account, *job_partition, *job_nodes;
    double time_limit_s;          /* 0: unknown; -1: unlimited */
    double job_elapsed_s;         /* from the job's start to the end of these figures; 0 unknown */
    uint64_t mem_suggested_bytes; /* the --mem that GI_MONITOR_MEM_TARGET_PERCENT suggests, when
                                     the peak stayed under it; 0: no advice */

    /* CPU package energy over the run (powercap / RAPL); NaN: unavailable. */
    double cpu_energy_j;
    const char *cpu_energy_status; /* "measured (powercap: package-0)" or "unavailable: <why>" */
} gi_monitor_summary;

/* One sample. cores is NaN for the first sample (no interval yet). GPU fields are NaN when the
 * GPU did not report them. */
typedef struct gi_monitor_gpu_sample {
    double util_percent;
    double mem_used_bytes;
    double power_w;
} gi_monitor_gpu_sample;

typedef struct gi_monitor_sample {
    double t_s;         /* seconds since gi_monitor_start */
    double cpu_time_s;  /* CPU time used since gi_monitor_start */
    double cores;       /* cores in use over the interval ending at t_s */
    double wait_s;      /* time threads waited for a CPU since gi_monitor_start */
    uint64_t rss_bytes; /* resident memory now */
    int threads;        /* threads now (all processes measured) */
    int gpu_count;      /* entries of gpu[] that are filled */
    gi_monitor_gpu_sample gpu[GI_MONITOR_MAX_GPUS];
} gi_monitor_sample;

/*
 * Sets *o to the defaults: sample_ms = GI_MONITOR_SAMPLE_MS_DEFAULT, GPUs sampled when NVML is
 * present. Does nothing for NULL. Thread safety: safe from any thread. Since 0.1.
 */
GI_API void gi_monitor_options_default(gi_monitor_options *o /* OUT */);

/*
 * Creates a monitor that will measure this process (all its threads), or the process given to
 * gi_monitor_attach. Nothing is measured before gi_monitor_start. opts may be NULL (defaults).
 * *out is the new monitor, to be freed with gi_monitor_destroy, or NULL on failure.
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE (out is NULL), GI_STATUS_INVALID_ARGUMENT (sample_ms
 * outside GI_MONITOR_SAMPLE_MS_MIN … _MAX; no monitor is made, so there is no message to
 * read: the range is the rule), GI_STATUS_OUT_OF_MEMORY. Thread safety: safe from any
 * thread (each call makes its own monitor). Since 0.1.
 */
GI_API gi_status gi_monitor_create(gi_monitor **out /* OUT */, const gi_monitor_options *opts);

/*
 * Stops the sampler if it runs, unloads NVML and frees the monitor. Does nothing for NULL.
 * Thread safety: no other call on m may run or follow; it joins m's sampler thread. Since 0.1.
 */
GI_API void gi_monitor_destroy(gi_monitor *m);

/*
 * The message of the last failed call on m (e.g. "'out/run.html': cannot create a file in
 * 'out': No such file or directory"); "" after a call that succeeded. Owned by the monitor,
 * valid until the next call on it. "no monitor" for NULL. Thread safety: as any
 * call on m (the next call replaces the message). Since 0.1.
 */
GI_API const char *gi_monitor_last_error(const gi_monitor *m);

/*
 * Measures the process pid and all its descendants instead of this process. pid should be a
 * child of the calling process: descendants that have ended count through the rusage of
 * reaped children, which only a parent (or a subreaper) collects. pid may be this process
 * (getpid()): then its threads and its children are measured, the sampler thread left out of
 * the runnable threads. Call before gi_monitor_start.
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE (NULL, or already started), GI_STATUS_INVALID_ARGUMENT
 * (pid ≤ 0, or no such process). Thread safety: as any call on m. Since 0.1.
 */
GI_API gi_status gi_monitor_attach(gi_monitor *m, int pid);

/*
 * Reads the allocation, opens NVML, takes the first sample and starts the sampler thread.
 * With GI_MONITOR_SCOPE_JOB, the figures cover the job from its start (the job's cumulative
 * counters; the first sample stands at the job's age).
 * Returns GI_STATUS_OK; GI_STATUS_MISUSE (NULL, or started before: a monitor runs once);
 * GI_STATUS_INVALID_ARGUMENT (scope GI_MONITOR_SCOPE_JOB outside a Slurm job);
 * GI_STATUS_OUT_OF_MEMORY; GI_STATUS_INTERNAL (the thread could not be created; the message
 * gives the reason). A missing NVML is not a failure. Thread safety: as any call
 * on m; the sampler thread it starts is synchronised with the other calls. Since 0.1.
 */
GI_API gi_status gi_monitor_start(gi_monitor *m);

/*
 * Stops and joins the sampler thread and takes the last sample, so that even a run shorter
 * than one period has a sample at its start and one at its end. Calling it again does nothing.
 * Returns GI_STATUS_OK, or GI_STATUS_MISUSE (NULL, or never started). Thread safety: as
 * any call on m. Since 0.1.
 */
GI_API gi_status gi_monitor_stop(gi_monitor *m);

/*
 * Says what ran (see gi_monitor_workload); strings are copied. May be called at any time;
 * the last call wins. Returns GI_STATUS_OK or GI_STATUS_MISUSE (NULL argument). Thread
 * safety: as any call on m. Since 0.1.
 */
GI_API gi_status gi_monitor_set_workload(gi_monitor *m, const gi_monitor_workload *w);

/*
 * Adds a line to the report's "run" table (parameters and result: "grid", "10000 x 10000");
 * the same key again replaces its value. Both strings are copied; invalid UTF-8 and control
 * characters are replaced by U+FFFD. At most 64 keys. Returns GI_STATUS_OK, GI_STATUS_MISUSE
 * (NULL argument), GI_STATUS_INVALID_ARGUMENT (empty key, or the 65th key),
 * GI_STATUS_OUT_OF_MEMORY. Thread safety: as any call on m. Since 0.1.
 */
GI_API gi_status gi_monitor_set_info(gi_monitor *m, const char *key, const char *value);

/*
 * Records that the run was ended early by signal signo (e.g. SIGTERM at a Slurm time limit):
 * the summary and reports say so. Returns GI_STATUS_OK or GI_STATUS_MISUSE. Thread
 * safety: as any call on m; not async-signal-safe (a handler sets a flag, and the thread that
 * sees it calls this). Since 0.1.
 */
GI_API gi_status gi_monitor_set_interrupted(gi_monitor *m, int signo);

/*
 * Fills *out with the run's figures so far, and computes the warnings. Returns GI_STATUS_OK,
 * GI_STATUS_MISUSE (NULL argument, or never started; *out is zeroed), GI_STATUS_OUT_OF_MEMORY.
 * Thread safety: as any call on m (strings in *out stay valid until the next call on
 * m); it reads the samples under the sampler's lock, so it may be called while m runs. Since 0.1.
 */
GI_API gi_status gi_monitor_summarize(gi_monitor *m, gi_monitor_summary *out /* OUT */);

/* Number of samples kept (0 before gi_monitor_start, or for NULL). Thread safety: as any
 * call on m. Since 0.1. */
GI_API size_t gi_monitor_sample_count(gi_monitor *m);

/*
 * Copies sample i (0 ≤ i < gi_monitor_sample_count) into *out. Returns GI_STATUS_OK,
 * GI_STATUS_MISUSE (NULL argument), GI_STATUS_INVALID_ARGUMENT (i out of range; *out zeroed).
 * Thread safety: as any call on m; may be called while m runs. Since 0.1.
 */
GI_API gi_status gi_monitor_sample_get(gi_monitor *m, size_t i, gi_monitor_sample *out /* OUT */);

/*
 * The summary as text lines, each ending in '\n', e.g.
 *     CPU: 1.97 of 2 allocated cores used (98%), allocation from affinity
 *     Memory: peak 312 MiB
 *     GPU 0 NVIDIA H100 80GB HBM3: 61% busy, peak memory 1.2 GiB of 80 GiB, 210 W average
 *     Warning: …
 * Owned by the monitor, valid until the next call on it. Returns "" for NULL, before
 * gi_monitor_start, or when out of memory (the message says so). Thread safety: as
 * any call on m; may be called while m runs (the figures so far). Since 0.1.
 */
GI_API const char *gi_monitor_summary_text(gi_monitor *m);

/*
 * The summary as one JSON object (the CLI's "utilization"): cpu.{allocated, allocated_source,
 * used_cores, percent, …}, memory.{peak_rss_bytes, limit_bytes, …}, gpus[], warnings[], …
 * Owned by the monitor, valid until the next call on it. Returns "null" for NULL, before
 * gi_monitor_start, or when out of memory. Thread safety: as any call on m; may
 * be called while m runs. Since 0.1.
 */
GI_API const char *gi_monitor_json(gi_monitor *m);

/*
 * Processes of the Slurm job on this node other than this one and its ancestors (for a
 * monitor of scope GI_MONITOR_SCOPE_JOB: "is the rest of the job still running?"). Returns -1
 * when not known (another scope, the sstat source, or NULL). Thread safety: as any call
 * on m; may be called while m runs. Since 0.1.
 */
GI_API int gi_monitor_job_processes(gi_monitor *m);

/*
 * Checks, before a run, that gi_monitor_write_report(m, path) can succeed: the extension is
 * .html/.htm, .json or .csv (any case), a file can be created in its folder, and path, if it
 * exists, is a regular file this process may write — not a folder, a symbolic link (refused,
 * dangling or not, since 0.2), a device, a pipe or a read-only file. Creates nothing that
 * stays. Returns GI_STATUS_OK, GI_STATUS_MISUSE (NULL argument), GI_STATUS_INVALID_ARGUMENT
 * (extension), GI_STATUS_IO_ERROR (the path); the message starts with the quoted path.
 * Thread safety: as any call on m. Since 0.1.
 */
GI_API gi_status gi_monitor_check_report(gi_monitor *m, const char *path);

/*
 * Writes the report, its format chosen by path's extension: .html/.htm a self-contained page
 * (charts as inline SVG; no scripts, styles, fonts or images from anywhere else), .json the
 * summary and every sample, .csv one row per sample. The file is written to a temporary file
 * in the same folder and renamed over path, so readers never see half a report; a replaced
 * file keeps its mode, and temporary files of this report's naming (".NAME.XXXXXX", owned by
 * this user) that a killed writer left are removed first (since 0.2). path is checked as
 * gi_monitor_check_report checks it. Not to be called for one path from two threads at once.
 * Called while the monitor runs, it writes the figures so far, marked partial with the time of
 * writing (a live report: call it again to replace it).
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE (NULL argument, or never started),
 * GI_STATUS_INVALID_ARGUMENT (extension), GI_STATUS_IO_ERROR (with the system's reason),
 * GI_STATUS_OUT_OF_MEMORY. Thread safety: as any call on m; may be called while m runs (a live
 * report). Since 0.1.
 */
GI_API gi_status gi_monitor_write_report(gi_monitor *m, const char *path);

/* ---- Memory a run may still take, asked before it allocates -------------------------------
 *
 * The same limits the monitor reports (cgroup v2/v1 under $GPUINTEG_CGROUP_ROOT, Slurm's
 * SLURM_MEM_PER_NODE / SLURM_MEM_PER_CPU), less what is already used, with the kernel's
 * estimate and the process's address-space limit: one source of truth for a program's check
 * before it allocates (gpuinteg gemm's). */
typedef struct gi_memory_room {
    /* Bytes this process can still take without swapping or being killed: the least of
     * MemAvailable (/proc/meminfo), each cgroup limit less that cgroup's usage, and Slurm's
     * limit less this process's resident size. UINT64_MAX when none of them could be read. */
    uint64_t bytes;
    char source[320]; /* which one gave it, e.g. "SLURM_MEM_PER_NODE=1 less 12 MiB resident" */
    /* Address space this process can still map: its limit (ulimit -v, RLIMIT_AS) less its
     * current size (VmSize). Libraries reserve address space they never touch (thread stacks,
     * BLAS buffers): a program checks its own estimate against this. UINT64_MAX: no limit. */
    uint64_t address_space;
    char address_space_from[160]; /* e.g. "ulimit -v 262144 KiB, 180 MiB mapped" */
} gi_memory_room;

/*
 * Reads the room now (*out is filled in full). Never fails: what cannot be read does not
 * limit. Thread safety: safe from any thread (reads the environment and /proc, /sys). Since 0.2.
 */
GI_API void gi_memory_room_read(gi_memory_room *out /* OUT */);

/* ---- Jobs of several processes (MPI ranks): one report for the job ------------------------
 *
 * Each rank measures its own process with its own monitor. Rank 0 adds every rank's record
 * (its own too) to its monitor with gi_monitor_add_rank; from then on that monitor describes
 * the job: gi_monitor_summary_text leads with the job's CPU cores used vs allocated, per node
 * and per rank, and the GPUs the ranks ran on; gi_monitor_json gains a "job" object; the
 * reports gain the ranks (an HTML section with tables and a chart per rank, the JSON's
 * "rank_samples", and CSV rows per rank); and the summary's warnings become the job's:
 * idle ranks, load imbalance in device busy time, threads oversubscribing a node whose ranks
 * share CPUs, and the ranks' own warnings, each said once. The figures outside "job" still
 * describe the monitor's own process (rank 0).
 *
 * A node's allocation is the sum of its ranks' allocations when their CPU sets are disjoint
 * (srun, mpirun --bind-to core), and the union of their CPU sets (at most that sum) when they
 * overlap (mpirun --bind-to none or socket, --oversubscribe).
 *
 * The library does no communication: moving the records between processes is the caller's
 * (gpuinteg serialises them and gathers them with MPI_Gatherv).
 */

/* Samples a rank record carries at most; gi_monitor_rank_get thins a longer timeline. */
#define GI_MONITOR_RANK_MAX_SAMPLES 512
/* A rank is idle when the work it did (device busy time when every rank has one, else CPU
 * time) is under this percentage of the other ranks' mean. */
#define GI_MONITOR_RANK_IDLE_PERCENT 10.0
/* Load imbalance: the busiest rank's device busy time above the ranks' mean by more than this
 * percentage (the job waits for that rank). */
#define GI_MONITOR_IMBALANCE_MAX_PERCENT 20.0

/* One point of a rank's timeline. */
typedef struct gi_monitor_rank_sample {
    double t_s;       /* seconds since the rank's monitor started */
    double cores;     /* cores in use over the interval ending at t_s; NaN for the first */
    double rss_bytes; /* resident memory at t_s */
} gi_monitor_rank_sample;

/* One process of a job as its report shows it. Strings may be NULL (unknown). */
typedef struct gi_monitor_rank {
    int rank;         /* 0 … ranks-1; unique in a job */
    int node;         /* the node's number in the job, ≥ 0: ranks of one node share it */
    const char *host; /* the node's name */
    double duration_s;

    double cpu_allocated;             /* as gi_monitor_summary */
    const char *cpu_allocated_source; /* "slurm", "cgroup", "affinity" */
    const char *cpu_list; /* its affinity mask as a CPU list ("0-3,8"); NULL or "" = unknown */
    double cpu_time_s;
    double cpu_wait_s;
    double cpu_peak_cores;
    int cpu_sharers; /* processes of the job sharing its CPUs, itself included; ≥ 1 */
    uint64_t mem_peak_rss_bytes;
    uint64_t mem_limit_bytes; /* 0: none known */

    /* What it ran (gi_monitor_workload). */
    const char *backend;
    const char *device;
    gi_device_kind kind;
    int threads;
    double busy_time_s;

    /* The GPU it ran on; NULL / -1 / NaN when none or unknown. */
    const char *gpu_uuid; /* NVML's UUID: one GPU seen by two ranks has one UUID */
    const char *gpu_name;
    int gpu_index; /* NVML's index on its node, else the backend's device number */
    double gpu_util_percent_avg;
    double gpu_mem_peak_bytes;

    size_t warning_count; /* its own summary's warnings */
    const char *const *warnings;

    size_t sample_count; /* ≤ GI_MONITOR_RANK_MAX_SAMPLES */
    const gi_monitor_rank_sample *samples;
} gi_monitor_rank;

/*
 * Says that `processes` processes of the job (this one included) run on CPUs that overlap
 * this process's: MPI ranks of one node whose affinity masks overlap. Such a process counts
 * the others' cores as its own allocation, so its summary leaves out the warnings that judge
 * how much of the allocation it used (cores left idle, threads waiting for a CPU); the job's
 * report judges those for the node. 1 (the default) undoes it. Returns GI_STATUS_OK,
 * GI_STATUS_MISUSE (NULL), GI_STATUS_INVALID_ARGUMENT (processes < 1). Thread safety: as
 * any call on m. Since 0.1.
 */
GI_API gi_status gi_monitor_set_cpu_sharers(gi_monitor *m, int processes);

/*
 * Fills *out with this monitor's own process as a rank record: the summary's figures, its
 * workload, the GPU it ran on, its warnings and its timeline thinned to at most
 * GI_MONITOR_RANK_MAX_SAMPLES samples (each interval's cores recomputed from the CPU time, so
 * the thinned timeline has the same total). rank and node are 0 and host is this machine's
 * name: the caller sets them. Strings and arrays are owned by the monitor, valid until the
 * next call on it. Returns GI_STATUS_OK, GI_STATUS_MISUSE (NULL argument, or never started;
 * *out zeroed), GI_STATUS_OUT_OF_MEMORY. Thread safety: as any call on m. Since 0.1.
 */
GI_API gi_status gi_monitor_rank_get(gi_monitor *m, gi_monitor_rank *out /* OUT */);

/*
 * Adds a rank's record to this monitor's job (everything is copied); see above for what
 * changes. Returns GI_STATUS_OK, GI_STATUS_MISUSE (NULL argument; samples NULL with
 * sample_count > 0, or warnings NULL with warning_count > 0), GI_STATUS_INVALID_ARGUMENT (a
 * rank or node < 0, a rank added before, cpu_sharers < 1, more than
 * GI_MONITOR_RANK_MAX_SAMPLES samples; the message says which), GI_STATUS_OUT_OF_MEMORY.
 * Thread safety: as any call on m. Since 0.1.
 */
GI_API gi_status gi_monitor_add_rank(gi_monitor *m, const gi_monitor_rank *r);

/* Ranks added with gi_monitor_add_rank (0 for NULL). Thread safety: as any call on m. Since 0.1. */
GI_API size_t gi_monitor_rank_count(const gi_monitor *m);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_MONITOR_H */
