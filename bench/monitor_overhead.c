/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_bench_monitor: what the utilization monitor costs the run it measures.
 *
 *   gi_bench_monitor [-n N] [--pairs P] [--threads T] [--sample-ms MS] [--device D] [--job]
 *
 * 1. The same integral (default: openmp, n = 20000, i.e. 4·10⁸ sines) run with and without a
 *    monitor sampling every MS ms (default 100), in P interleaved pairs (the order alternates,
 *    so drifts in machine load fall on both sides). Printed: the median wall time of each side,
 *    the median of the per-pair ratios, and the process CPU time per run on each side.
 * 2. The sampler's own cost: CPU time per sample, measured over many samples (10 ms period)
 *    while the workload's threads exist, and what it is as a share of a core at MS ms.
 *
 * --job: each monitor measures "the whole Slurm job" (GI_MONITOR_SCOPE_JOB) from a job cgroup
 * v2 folder that this program lays out under /tmp (GPUINTEG_CGROUP_ROOT) with this process in
 * its cgroup.procs: every sample then reads cpu.stat, memory.current, memory.peak, the step
 * folders and this process's threads' states, as under Slurm's task/cgroup. (tmpfs files stand
 * in for the kernel's; reading the real cpu.stat adds the kernel's per-CPU sum, microseconds.)
 *
 * Timings on a shared machine are noisy: compare the ratio, and run it more than once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return 0.5 * (v[(n - 1) / 2] + v[n / 2]);
}

static int job_scope; /* --job */

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "gi_bench_monitor: cannot write %s\n", path);
        exit(1);
    }
}

/* A Slurm job's cgroup v2 folder with this process in its batch step. */
static void make_job_cgroup(void)
{
    static char root[] = "/tmp/gi-bench-cgroup-XXXXXX";
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        exit(1);
    }
    char dir[256], step[300], pid[32];
    put(root, "cgroup.controllers", "cpuset cpu io memory pids\n");
    snprintf(dir, sizeof dir, "%s/system.slice", root);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/system.slice/slurmstepd.scope", root);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/system.slice/slurmstepd.scope/job_1", root);
    mkdir(dir, 0755);
    put(dir, "cpu.stat", "usage_usec 1000000\nuser_usec 900000\nsystem_usec 100000\n");
    put(dir, "memory.current", "104857600\n");
    put(dir, "memory.peak", "209715200\n");
    snprintf(step, sizeof step, "%s/step_batch", dir);
    mkdir(step, 0755);
    put(step, "cpu.stat", "usage_usec 1000000\nuser_usec 900000\nsystem_usec 100000\n");
    put(step, "memory.current", "104857600\n");
    snprintf(pid, sizeof pid, "%d\n", (int)getpid());
    put(step, "cgroup.procs", pid);
    setenv("GPUINTEG_CGROUP_ROOT", root, 1);
    setenv("GPUINTEG_JOB_SOURCE", "cgroup", 1);
    setenv("SLURM_JOB_ID", "1", 1);
    /* The job's start and end as Slurm 23.02 and later set them (no squeue call). */
    char t[32];
    snprintf(t, sizeof t, "%lld", (long long)time(NULL));
    setenv("SLURM_JOB_START_TIME", t, 1);
    snprintf(t, sizeof t, "%lld", (long long)time(NULL) + 3600);
    setenv("SLURM_JOB_END_TIME", t, 1);
    printf("  reading a job cgroup: %s/system.slice/slurmstepd.scope/job_1\n", root);
}

/* One run; returns wall seconds, *cpu gets the process CPU seconds it took. */
static double one_run(gi_context *ctx, const gi_integrate_params *p, int sample_ms, double *cpu)
{
    gi_monitor *m = NULL;
    if (sample_ms > 0) {
        gi_monitor_options o;
        gi_monitor_options_default(&o);
        o.sample_ms = sample_ms;
        o.scope = job_scope ? GI_MONITOR_SCOPE_JOB : GI_MONITOR_SCOPE_AUTO;
        if (gi_monitor_create(&m, &o) != GI_STATUS_OK) {
            fprintf(stderr, "gi_monitor_create failed\n");
            exit(1);
        }
    }
    double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), t0 = clock_s(CLOCK_MONOTONIC);
    if (m)
        gi_monitor_start(m);
    gi_integrate_result r;
    gi_status st = gi_integrate(ctx, p, &r);
    if (m) {
        gi_monitor_stop(m);
        /* What the CLI does after a run: the summary is part of the cost. */
        (void)gi_monitor_summary_text(m);
    }
    double t = clock_s(CLOCK_MONOTONIC) - t0;
    *cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    gi_monitor_destroy(m);
    if (st != GI_STATUS_OK) {
        fprintf(stderr, "gi_integrate: %s\n", gi_last_error(ctx));
        exit(1);
    }
    return t;
}

int main(int argc, char **argv)
{
    long long n = 20000;
    int pairs = 9, threads = 0, sample_ms = GI_MONITOR_SAMPLE_MS_DEFAULT;
    const char *device = "openmp";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            n = atoll(argv[++i]);
        else if (strcmp(argv[i], "--pairs") == 0 && i + 1 < argc)
            pairs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--sample-ms") == 0 && i + 1 < argc)
            sample_ms = atoi(argv[++i]);
        else if (strcmp(argv[i], "--device") == 0 && i + 1 < argc)
            device = argv[++i];
        else if (strcmp(argv[i], "--job") == 0)
            job_scope = 1;
        else {
            fprintf(stderr, "usage: gi_bench_monitor [-n N] [--pairs P] [--threads T] "
                            "[--sample-ms MS] [--device D] [--job]\n");
            return 2;
        }
    }
    if (n < 1 || pairs < 1 || pairs > 1000 || sample_ms < GI_MONITOR_SAMPLE_MS_MIN) {
        fprintf(stderr, "gi_bench_monitor: bad argument\n");
        return 2;
    }
    gi_context *ctx;
    if (gi_context_create(&ctx) != GI_STATUS_OK || gi_context_select(ctx, device) != GI_STATUS_OK ||
        gi_context_set_threads(ctx, threads) != GI_STATUS_OK) {
        fprintf(stderr, "gi_bench_monitor: %s\n", gi_last_error(ctx));
        return 1;
    }
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    p.nx = p.ny = n;
    gi_device_info dev;
    gi_context_selected(ctx, &dev, NULL);
    printf("monitor overhead: integrate n=%lld on %s (%s), %d thread%s, sampling every %d ms\n", n,
           dev.spec, dev.name, gi_context_threads(ctx), gi_context_threads(ctx) == 1 ? "" : "s",
           sample_ms);
    if (job_scope)
        make_job_cgroup();

    double cpu;
    one_run(ctx, &p, 0, &cpu); /* warm-up: page faults, thread pool */
    double *off = malloc((size_t)pairs * sizeof *off), *on = malloc((size_t)pairs * sizeof *on);
    double *ratio = malloc((size_t)pairs * sizeof *ratio);
    double *cpu_off = malloc((size_t)pairs * sizeof *cpu_off);
    double *cpu_on = malloc((size_t)pairs * sizeof *cpu_on);
    if (!off || !on || !ratio || !cpu_off || !cpu_on)
        return 1;
    for (int k = 0; k < pairs; k++) {
        if (k % 2 == 0) {
            off[k] = one_run(ctx, &p, 0, &cpu_off[k]);
            on[k] = one_run(ctx, &p, sample_ms, &cpu_on[k]);
        } else {
            on[k] = one_run(ctx, &p, sample_ms, &cpu_on[k]);
            off[k] = one_run(ctx, &p, 0, &cpu_off[k]);
        }
        ratio[k] = on[k] / off[k];
    }
    double m_off = median(off, pairs), m_on = median(on, pairs), m_ratio = median(ratio, pairs);
    /* median() sorted the arrays: [0] is each side's best run, the one least disturbed by
     * whatever else the machine was doing. */
    printf("  wall, median of %d: without %.4f s, with %.4f s; median pair ratio %.4f "
           "(overhead %+.2f%%)\n",
           pairs, m_off, m_on, m_ratio, 100.0 * (m_ratio - 1.0));
    printf("  wall, best of %d: without %.4f s, with %.4f s (%+.2f%%)\n", pairs, off[0], on[0],
           100.0 * (on[0] / off[0] - 1.0));
    printf("  process CPU per run, median: without %.4f s, with %.4f s (%+.2f%%)\n",
           median(cpu_off, pairs), median(cpu_on, pairs),
           100.0 * (median(cpu_on, pairs) / median(cpu_off, pairs) - 1.0));

    /* The sampler alone, with the workload's thread pool alive (one file is read per thread):
     * a monitor at 10 ms over an idle second, less a monitor started and stopped at once (the
     * fixed cost: allocation, NVML, summary). */
    double fixed = 0, spent = 0;
    size_t samples = 0;
    int pool = 0, gpus = 0;
    enum { FIXED_RUNS = 5 };
    for (int k = 0; k <= FIXED_RUNS; k++) {
        gi_monitor *m;
        gi_monitor_options o;
        gi_monitor_options_default(&o);
        o.sample_ms = 10;
        o.scope = job_scope ? GI_MONITOR_SCOPE_JOB : GI_MONITOR_SCOPE_AUTO;
        gi_monitor_create(&m, &o);
        double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        gi_monitor_start(m);
        struct timespec second = {1, 0};
        if (k == FIXED_RUNS)
            nanosleep(&second, NULL);
        gi_monitor_stop(m);
        gi_monitor_summary s;
        gi_monitor_summarize(m, &s);
        double c = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
        if (k < FIXED_RUNS) {
            fixed += c / FIXED_RUNS;
        } else {
            spent = c;
            samples = s.samples;
            pool = s.threads_peak;
            gpus = (int)s.gpu_count;
        }
        gi_monitor_destroy(m);
    }
    double per_sample = samples > 2 ? (spent - fixed) / (double)(samples - 2) : 0;
    printf("  sampler: %.1f us of CPU per sample (%zu samples, %d threads, %d GPU%s), %.2f ms "
           "per run to start and stop; at %d ms, %.3f%% of one core\n",
           per_sample * 1e6, samples, pool, gpus, gpus == 1 ? "" : "s", fixed * 1e3, sample_ms,
           100.0 * per_sample / (sample_ms / 1000.0));
    free(off);
    free(on);
    free(ratio);
    free(cpu_off);
    free(cpu_on);
    gi_context_destroy(ctx);
    return 0;
}
