/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Warnings in the spirit of jobstats and seff: what was wasted or oversubscribed, and the
 * likely fix. Each rule is a few lines; thresholds are in gpuinteg/monitor.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/warnings.h"
#include "monitor/text_format.h"

int gi_mon_warning_add(gi_mon_warnings *w, const char *fmt, ...)
{
    if (w->nwarnings == GI_MONITOR_MAX_WARNINGS)
        return 1;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *copy = gi_utf8_clean_dup(buf);
    if (!copy)
        return 0;
    w->warnings[w->nwarnings++] = copy;
    return 1;
}

void gi_mon_warnings_free(gi_mon_warnings *w)
{
    for (size_t i = 0; i < w->nwarnings; i++)
        free(w->warnings[i]);
    w->nwarnings = 0;
}

/* What the rules read, and where they write. */
typedef struct rules {
    gi_mon_warnings *w;
    const gi_mon_inputs *in;
    const gi_mon_ranks *rk;
} rules;

/* "affinity mask", "cgroup quota" or the Slurm variable that set the allocation. */
static const char *cpu_source(const gi_allocation *a)
{
    if (strcmp(a->cpu_source, "slurm") == 0)
        return a->slurm.cpus_from;
    return strcmp(a->cpu_source, "cgroup") == 0 ? "cgroup quota" : "affinity mask";
}

static int cpu_rules(const rules *m, const gi_monitor_summary *s)
{
    const gi_allocation *a = &m->in->alloc;
    const gi_monitor_workload *w = &m->in->work;
    int ok = 1;
    /* Rounded down, but at least one: the thread count that fits. */
    int fit = s->cpu_allocated >= 1 ? (int)floor(s->cpu_allocated + 1e-9) : 1;

    if (w->threads > 0 && w->threads > s->cpu_allocated + 1e-9)
        ok &= gi_mon_warning_add(
            m->w,
            "ran %d threads on %g allocated core%s (%s): the threads take turns on the "
            "cores and slow each other down; use --threads %d (or OMP_NUM_THREADS=%d)",
            w->threads, s->cpu_allocated, gi_plural(s->cpu_allocated), cpu_source(a), fit, fit);

    if (a->slurm.cpus > a->affinity)
        ok &= gi_mon_warning_add(
            m->w,
            "Slurm allocated %d CPUs (%s) but this process may run on only %d (its CPU "
            "affinity): launch the step with srun -c %d (srun does not inherit "
            "--cpus-per-task since Slurm 22.05; or export "
            "SRUN_CPUS_PER_TASK=$SLURM_CPUS_PER_TASK)",
            a->slurm.cpus, a->slurm.cpus_from, a->affinity, a->slurm.cpus);

    /* A process sharing its CPUs with other ranks of its job counts their cores as its own:
     * its use of them is judged for the node, in the job's report. */
    if (s->duration_s < GI_MONITOR_JUDGED_MIN_S || m->in->cpu_sharers > 1)
        return ok;
    /* Cores' worth of threads that were ready but not running: other processes on the same
     * cores, unless the run itself has more threads than cores (said above), or its own
     * processes and threads ask for more CPUs than it has (counted: runnable threads). */
    double waiting = s->cpu_wait_s / s->duration_s;
    /* Threads counted ready to run but not running: the whole of what was measured (job steps
     * included, whose waits schedstat does not give the tree). */
    if (!isnan(s->runnable_avg) && s->runnable_avg - s->cpu_used_cores > waiting)
        waiting = s->runnable_avg - s->cpu_used_cores;
    int oversubscribed = w->threads > 0 && w->threads > s->cpu_allocated + 1e-9;
    if (!oversubscribed && !isnan(s->runnable_avg) && s->cpu_allocated > 0 &&
        s->runnable_avg > s->cpu_allocated + 0.5 && s->runnable_avg > 1.2 * s->cpu_allocated) {
        oversubscribed = 1;
        ok &= gi_mon_warning_add(
            m->w,
            "the program asks for more CPUs than it has: %.1f of its threads were ready "
            "to run on average, on %g allocated core%s (%s), so they took turns and "
            "waited %.2f s for a CPU. Run fewer processes or threads (e.g. a pool of %d "
            "worker%s, OMP_NUM_THREADS=%d), or ask for more cores (srun/sbatch -c %d)",
            s->runnable_avg, s->cpu_allocated, gi_plural(s->cpu_allocated), cpu_source(a),
            s->cpu_wait_s, fit, gi_plural(fit), fit, (int)ceil(s->runnable_avg - 0.25));
    }
    if (waiting >= 0.25 && !oversubscribed)
        ok &= gi_mon_warning_add(
            m->w,
            "the threads waited %.2f s for a CPU during the %.2f s run (%.2f cores' "
            "worth): other processes share these cores, so the run used less than it "
            "could; ask for cores of its own (e.g. Slurm --exclusive, or a job whose CPUs "
            "are bound with cgroups)",
            waiting * s->duration_s, s->duration_s, waiting);

    /* Underuse: judged on what the threads asked for (running or waiting to run), so a run
     * slowed by other processes is not told to fix its thread count. About one core of two or
     * more is the classic mistake (a serial run in a parallel allocation); otherwise under
     * GI_MONITOR_CPU_USED_MIN_PERCENT. */
    double wanted = s->cpu_used_cores + waiting;
    double wanted_percent = s->cpu_allocated > 0 ? 100.0 * wanted / s->cpu_allocated : 100.0;
    if (s->cpu_allocated < 2)
        return ok;
    if (w->kind == GI_DEVICE_GPU) {
        /* A GPU job's host side needs about one core, and two are a common request: only a
         * clear excess is worth a word. */
        if (s->cpu_allocated > 2 && wanted_percent < GI_MONITOR_CPU_USED_MIN_PERCENT &&
            wanted < s->cpu_allocated - 1)
            ok &= gi_mon_warning_add(
                m->w,
                "the GPU workload used %.2f of %g allocated cores (%.0f%%): its host side "
                "needs about one core; ask for fewer (srun -c 1 / --cpus-per-task=1)",
                s->cpu_used_cores, s->cpu_allocated, s->cpu_percent);
    } else if (wanted < 1.5 && !w->backend) {
        /* A command gpuinteg did not run itself (gpuinteg monitor -- CMD). */
        ok &= gi_mon_warning_add(
            m->w,
            "%g cores allocated (%s) but only %.2f used (%.0f%%): the program ran on about "
            "one core. Check that it runs in parallel (its thread or process settings, "
            "OMP_NUM_THREADS) and that the job step gets its cores (srun -c %d)",
            s->cpu_allocated, cpu_source(a), s->cpu_used_cores, s->cpu_percent, fit);
    } else if (wanted < 1.5) {
        char ran[64] = "";
        if (w->threads > 0)
            snprintf(ran, sizeof ran, " (it ran %d thread%s)", w->threads, gi_plural(w->threads));
        ok &= gi_mon_warning_add(
            m->w,
            "%g cores allocated (%s) but only %.2f used (%.0f%%): the work ran on about "
            "one core. Check --threads%s and OMP_NUM_THREADS, and that the job step gets "
            "its cores (srun -c %d)",
            s->cpu_allocated, cpu_source(a), s->cpu_used_cores, s->cpu_percent, ran, fit);
    } else if (wanted_percent < GI_MONITOR_CPU_USED_MIN_PERCENT) {
        ok &= gi_mon_warning_add(
            m->w,
            "used %.2f of %g allocated cores (%.0f%%): ask for fewer cores, or give the "
            "work more threads (--threads, OMP_NUM_THREADS)",
            s->cpu_used_cores, s->cpu_allocated, s->cpu_percent);
    }
    return ok;
}

static int gpu_rules(const rules *m, const gi_monitor_summary *s)
{
    const gi_allocation *a = &m->in->alloc;
    const gi_monitor_workload *w = &m->in->work;
    int ok = 1;
    int cpu_instead = a->gpus > 0 && w->kind == GI_DEVICE_CPU;
    if (cpu_instead)
        ok &= gi_mon_warning_add(
            m->w,
            "%d GPU%s allocated (%s) but the workload ran on the CPU (%s): run with "
            "--device cuda (or auto), and see `gpuinteg devices` for why a GPU backend is "
            "unavailable",
            a->gpus, gi_plural(a->gpus), a->gpus_from, w->backend ? w->backend : "cpu");

    if (s->duration_s < GI_MONITOR_JUDGED_MIN_S || cpu_instead)
        return ok;
    static const char fix[] = "the work is too small to keep it busy, or the host side "
                              "(transfers, set-up) dominates; give it more work per launch "
                              "(a larger -n or --size, --repeat) or overlap transfers";
    for (size_t g = 0; g < s->gpu_count; g++) {
        const gi_monitor_gpu *gpu = &s->gpus[g];
        double busy = gpu->util_percent_avg;
        const char *how = "NVML";
        if (isnan(busy) && gpu->busy_time_s > 0) {
            busy = 100.0 * gpu->busy_time_s / s->duration_s;
            how = "device timers";
        }
        if (isnan(busy) || busy >= GI_MONITOR_GPU_BUSY_MIN_PERCENT)
            continue;
        int used_by_work = gpu->busy_time_s > 0 || (w->gpu >= 0 && w->gpu == gpu->ordinal);
        if (busy < 1.0 && !used_by_work)
            ok &= gi_mon_warning_add(
                m->w,
                "GPU %d (%s) was idle during the run (%.0f%% busy, %s): ask only for the "
                "GPUs the job uses (--gpus / --gres=gpu:N)",
                gpu->index, gpu->name, busy, how);
        else
            ok &= gi_mon_warning_add(
                m->w, "GPU %d (%s) was busy %.0f%% of the run (%s; under %.0f%%): %s", gpu->index,
                gpu->name, busy, how, GI_MONITOR_GPU_BUSY_MIN_PERCENT, fix);
    }
    /* No NVML, but the workload's own timers say how busy its GPU was. */
    if (s->gpu_count == 0 && w->kind == GI_DEVICE_GPU && w->busy_time_s > 0) {
        double busy = 100.0 * w->busy_time_s / s->duration_s;
        if (busy < GI_MONITOR_GPU_BUSY_MIN_PERCENT)
            ok &= gi_mon_warning_add(
                m->w, "the GPU (%s) was busy %.0f%% of the run (device timers; under %.0f%%): %s",
                w->device ? w->device : "?", busy, GI_MONITOR_GPU_BUSY_MIN_PERCENT, fix);
    }
    return ok;
}

static int memory_rules(const rules *m, const gi_monitor_summary *s)
{
    if (s->mem_limit_bytes == 0 || s->mem_peak_rss_bytes < 0.9 * (double)s->mem_limit_bytes)
        return 1;
    char peak[32], limit[32];
    gi_fmt_bytes(peak, sizeof peak, (double)s->mem_peak_rss_bytes);
    gi_fmt_bytes(limit, sizeof limit, (double)s->mem_limit_bytes);
    const gi_allocation *a = &m->in->alloc;
    const char *from = strcmp(a->mem_source, "slurm") == 0 ? a->slurm.mem_from : a->cgroup.mem_from;
    return gi_mon_warning_add(
        m->w,
        "peak memory %s is %.0f%% of the limit %s (%s): the job risks being killed for "
        "memory; ask for more (--mem) or use less",
        peak, 100.0 * (double)s->mem_peak_rss_bytes / (double)s->mem_limit_bytes, limit, from);
}

/* "1-02:03:04", "2:03:04", "3:04" as Slurm writes durations. */
static void slurm_duration(char *buf, size_t size, double seconds)
{
    long long t = (long long)floor(seconds + 1e-6), d = t / 86400, h = t % 86400 / 3600,
              mi = t % 3600 / 60, se = t % 60;
    if (d)
        snprintf(buf, size, "%lld-%02lld:%02lld:%02lld", d, h, mi, se);
    else if (h)
        snprintf(buf, size, "%lld:%02lld:%02lld", h, mi, se);
    else
        snprintf(buf, size, "%lld:%02lld", mi, se);
}

/* jobstats' notes on the request itself: memory asked for and not used, time asked for and
 * not used. */
static int request_rules(const rules *m, const gi_monitor_summary *s)
{
    int ok = 1;
    char peak[32], limit[32], want[32];
    /* One task of several on a node shares the node's request: the step's report (task 0's,
     * with every task's record) judges the request, once. */
    if (m->rk->nranks == 0 && m->in->slurm_job.in_step && m->in->slurm_job.tasks_on_node > 1)
        return 1;
    /* A job's processes: the busiest node's peaks summed (each node has the request). */
    uint64_t mem_peak = s->mem_peak_rss_bytes, suggested = s->mem_suggested_bytes;
    if (m->rk->nranks > 0) {
        mem_peak = (uint64_t)m->rk->job.mem_peak_node_bytes;
        suggested = m->rk->job.mem_suggested_bytes;
    }
    if (suggested > 0 && strcmp(s->mem_limit_source, "slurm") == 0) {
        double mib = (double)suggested / 1048576.0;
        if (mib >= 4096)
            snprintf(want, sizeof want, "%.0fG", mib / 1024.0);
        else
            snprintf(want, sizeof want, "%.0fM", mib);
        ok &= gi_mon_warning_add(
            m->w,
            "peak memory %s is %.0f%% of the %s requested (%s): ask for about --mem=%s "
            "(the peak is then %.0f%% of it); a smaller request waits less in the queue",
            gi_fmt_bytes(peak, sizeof peak, (double)mem_peak),
            100.0 * (double)mem_peak / (double)s->mem_limit_bytes,
            gi_fmt_bytes(limit, sizeof limit, (double)s->mem_limit_bytes),
            m->in->alloc.slurm.mem_from, want, GI_MONITOR_MEM_TARGET_PERCENT);
    }
    if (!s->partial && s->time_limit_s > 0 && s->job_elapsed_s > 0 &&
        100.0 * s->job_elapsed_s / s->time_limit_s < GI_MONITOR_TIME_USED_MIN_PERCENT) {
        char used[32], lim[32], ask[32];
        slurm_duration(used, sizeof used, s->job_elapsed_s);
        slurm_duration(lim, sizeof lim, s->time_limit_s);
        /* Twice what it used, in whole minutes: room for a slower node. */
        slurm_duration(ask, sizeof ask, 60.0 * ceil(2.0 * floor(s->job_elapsed_s) / 60.0));
        ok &= gi_mon_warning_add(
            m->w,
            "the job had used %s of its %s time limit (%.0f%%) when this run ended: if "
            "the run is most of the job, ask for less (e.g. --time=%s); shorter jobs "
            "start sooner (backfill)",
            used, lim, 100.0 * s->job_elapsed_s / s->time_limit_s, ask);
    }
    return ok;
}

gi_status gi_mon_warnings_build(gi_mon_warnings *w, const gi_monitor_summary *s,
                                const gi_mon_inputs *in, const gi_mon_ranks *rk)
{
    gi_mon_warnings_free(w);
    const rules r = {w, in, rk}, *m = &r;
    if (rk->nranks > 0)
        return gi_mon_job_warnings(w, rk) && request_rules(m, s) ? GI_STATUS_OK
                                                                 : GI_STATUS_OUT_OF_MEMORY;
    int ok = cpu_rules(m, s);
    ok &= gpu_rules(m, s);
    ok &= memory_rules(m, s);
    ok &= request_rules(m, s);
    return ok ? GI_STATUS_OK : GI_STATUS_OUT_OF_MEMORY;
}
