/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The run as a whole, from the samples: CPU time against the allocation, peaks, GPU averages
 * (gi_mon_summary_build); and the samples themselves as the API hands them out.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "monitor/monitor_impl.h"
#include "monitor/text_format.h"

/* The GPU (index into m->gpus) the workload ran on, or -1. */
static int workload_gpu(const gi_monitor *m)
{
    if (m->work.gpu >= 0) {
        for (int g = 0; g < m->ngpus; g++)
            if (m->gpus[g].ordinal == m->work.gpu)
                return g;
        return -1;
    }
    /* A GPU workload that did not say which (e.g. OpenCL, whose device numbering is not
     * CUDA's): unambiguous when the process sees one GPU. */
    return m->work.kind == GI_DEVICE_GPU && m->ngpus == 1 ? 0 : -1;
}

static void summarize_gpus(gi_monitor *m, gi_monitor_summary *s)
{
    size_t ng = (size_t)m->ngpus;
    int ran_on = workload_gpu(m);
    for (size_t g = 0; g < ng; g++) {
        gi_monitor_gpu *out = &m->summary_gpus[g];
        const gi_nvml_gpu *info = &m->gpus[g];
        memset(out, 0, sizeof *out);
        out->index = info->index;
        out->ordinal = info->ordinal;
        out->name = info->name;
        out->uuid = info->uuid;
        out->mem_total_bytes = info->mem_total_bytes;
        double util_sum = 0, util_w = 0, power_sum = 0, power_w = 0;
        out->util_percent_peak = NAN;
        out->mem_peak_bytes = NAN;
        for (size_t i = 0; i < m->buf.n; i++) {
            const gi_monitor_gpu_sample *gs = &m->buf.gpu[i * ng + g];
            if (!isnan(gs->mem_used_bytes) &&
                (isnan(out->mem_peak_bytes) || gs->mem_used_bytes > out->mem_peak_bytes))
                out->mem_peak_bytes = gs->mem_used_bytes;
            if (!isnan(gs->util_percent) &&
                (isnan(out->util_percent_peak) || gs->util_percent > out->util_percent_peak))
                out->util_percent_peak = gs->util_percent;
            /* NVML's figures describe the time before the reading: sample i stands for the
             * interval since sample i-1 (the start sample, for the time before the run, is
             * used only when it is the one reading). */
            double w = i > 0 ? m->buf.samples[i].t_s - m->buf.samples[i - 1].t_s : 0.0;
            if (m->buf.n == 1)
                w = 1.0;
            if (!isnan(gs->util_percent) && w > 0) {
                util_sum += gs->util_percent * w;
                util_w += w;
            }
            if (!isnan(gs->power_w) && w > 0) {
                power_sum += gs->power_w * w;
                power_w += w;
            }
        }
        out->util_percent_avg = util_w > 0 ? util_sum / util_w : NAN;
        out->power_avg_w = power_w > 0 ? power_sum / power_w : NAN;
        out->busy_time_s = (int)g == ran_on ? m->work.busy_time_s : 0.0;
    }
    s->gpu_count = ng;
    s->gpus = m->summary_gpus;
}

/* The job's facts, and its age at the end of the figures. */
static void job_figures(const gi_monitor *m, gi_monitor_summary *s)
{
    const gi_slurm_job *j = &m->slurm_job;
    s->job_id = j->id;
    s->job_name = j->name;
    s->job_account = j->account;
    s->job_partition = j->partition;
    s->job_nodes = j->nodelist;
    s->time_limit_s = j->time_limit_s;
    double end = (double)m->started + s->duration_s;
    s->job_elapsed_s = j->start > 0 && end >= (double)j->start ? end - (double)j->start : 0;
}

/* jobstats' memory advice: ask for the peak / 70% (rounded up to 64 MiB below 4 GiB, to whole
 * GiB above), when that is less than was requested. */
uint64_t gi_mon_suggest_mem(uint64_t peak, uint64_t limit)
{
    if (peak == 0 || limit == 0 ||
        (double)peak >= GI_MONITOR_MEM_TARGET_PERCENT / 100.0 * (double)limit)
        return 0;
    double want = (double)peak / (GI_MONITOR_MEM_TARGET_PERCENT / 100.0);
    double step = want < 4.0 * 1073741824.0 ? 64.0 * 1048576.0 : 1073741824.0;
    uint64_t v = (uint64_t)(ceil(want / step) * step);
    return v < limit ? v : 0;
}

/* A peak over the CPUs the process can run on is an artefact of /proc's 10 ms CPU-time ticks
 * over one short interval (the process tree is read in ticks): it is shown clamped, with the
 * reason. A peak over the allocation but within the CPUs it may run on is real: said so. */
static void clamp_peak(gi_monitor *m, gi_monitor_summary *s)
{
    m->peak_note[0] = '\0';
    s->cpu_peak_note = m->peak_note;
    double can = m->alloc.affinity;
    if (m->alloc.cgroup.cpus > 0 && m->alloc.cgroup.cpus < can)
        can = m->alloc.cgroup.cpus;
    int ticks = m->pid > 0 && m->scope != GI_MONITOR_SCOPE_JOB && m->job_probe.source == 0;
    if (ticks && can > 0 && s->cpu_peak_cores > can + 1e-9) {
        snprintf(m->peak_note, sizeof m->peak_note,
                 "%.2f cores measured over the busiest %d ms interval, more than the %g CPU%s "
                 "it can run on: /proc counts CPU time in 10 ms ticks, so a short interval can "
                 "hold a tick more than it ran; shown as %g",
                 s->cpu_peak_cores, s->sample_ms, can, gi_plural(can), can);
        s->cpu_peak_cores = can;
    }
    if (s->cpu_allocated > 0 && s->cpu_peak_cores > s->cpu_allocated + 0.05 &&
        can > s->cpu_allocated + 1e-9 && !m->peak_note[0])
        snprintf(m->peak_note, sizeof m->peak_note,
                 "the peak %.2f cores is above the %g allocated: the process may run on %g CPU%s "
                 "(its affinity mask and cgroup), so it used cores beyond its share",
                 s->cpu_peak_cores, s->cpu_allocated, can, gi_plural(can));
}

void gi_mon_summary_build(gi_monitor *m)
{
    gi_monitor_summary *s = &m->summary;
    memset(s, 0, sizeof *s);
    pthread_mutex_lock(&m->lock);
    const gi_mon_sample *last = m->buf.n ? &m->buf.samples[m->buf.n - 1] : NULL;
    s->duration_s = last ? last->t_s : 0.0;
    s->sample_ms = (int)lround(m->buf.period_s * 1000.0);
    s->samples = m->buf.n;
    s->cpu_time_s = last ? last->cpu_time_s : 0.0;
    s->cpu_used_cores = s->duration_s > 0 ? s->cpu_time_s / s->duration_s : 0.0;
    s->cpu_wait_s = last ? last->wait_s : 0.0;
    s->cpu_peak_cores = 0;
    for (size_t i = 1; i < m->buf.n; i++)
        if (m->buf.samples[i].cores > s->cpu_peak_cores)
            s->cpu_peak_cores = m->buf.samples[i].cores;
    s->runnable_avg =
        m->runnable_unknown || !last || s->duration_s <= 0 ? NAN : last->runnable_s / s->duration_s;
    s->cpu_energy_j = m->energy.nzones > 0 ? m->cpu_energy_j : NAN;
    s->threads_peak = m->threads_peak;
    s->mem_peak_rss_bytes = m->peak_rss;
    summarize_gpus(m, s);
    job_figures(m, s); /* the sampler fills in the job's time limit */
    /* The sampler's helper thread writes where the limit came from: the writers read this copy,
     * taken under the lock with the limit, not the live field. */
    snprintf(m->job_time_from, sizeof m->job_time_from, "%s", m->slurm_job.time_from);
    for (int g = 0; g < m->ngpus; g++) {
        gi_monitor_gpu *out = &m->summary_gpus[g];
        char *status = m->gpu_energy_status[g];
        if (m->gpu_energy_ok[g]) {
            out->energy_j = (m->gpu_energy1[g] - m->gpu_energy0[g]) / 1000.0;
            snprintf(status, sizeof m->gpu_energy_status[g],
                     "measured (NVML total energy counter)");
        } else {
            out->energy_j = NAN;
            snprintf(status, sizeof m->gpu_energy_status[g], "unavailable: %s",
                     m->gpu_energy_why[g]);
        }
        out->energy_status = status;
    }
    pthread_mutex_unlock(&m->lock);

    s->interrupted_by = m->interrupted_by;
    s->method = m->method;
    s->partial = m->state == GI_MON_RUNNING;
    s->cpu_energy_status = m->cpu_energy_status;
    s->cpu_allocated = m->alloc.cpus;
    s->cpu_allocated_source = m->alloc.cpu_source;
    s->cpu_affinity = m->alloc.affinity;
    s->cpu_cgroup = m->alloc.cgroup.cpus;
    s->cpu_slurm = m->alloc.slurm.cpus;
    s->cpu_percent = s->cpu_allocated > 0 ? 100.0 * s->cpu_used_cores / s->cpu_allocated : 0.0;
    s->mem_limit_bytes = m->alloc.mem_limit;
    s->mem_limit_source = m->alloc.mem_source;
    s->mem_suggested_bytes = gi_mon_suggest_mem(s->mem_peak_rss_bytes, s->mem_limit_bytes);
    clamp_peak(m, s);
    /* A CPU-only run with no GPU in its allocation has nothing to explain: why NVML could not
     * be read is a detail (the reports' "GPU sampling"), not the GPU's figure. */
    if (m->ngpus > 0)
        s->gpu_status = "";
    else if (!m->opt.no_gpu && m->alloc.gpus == 0 && m->work.kind != GI_DEVICE_GPU)
        s->gpu_status = "no GPU allocated";
    else
        s->gpu_status = m->gpu_status;
}

size_t gi_monitor_sample_count(gi_monitor *m)
{
    if (!m || m->state == GI_MON_CREATED)
        return 0;
    pthread_mutex_lock(&m->lock);
    size_t n = m->buf.n;
    pthread_mutex_unlock(&m->lock);
    return n;
}

gi_status gi_monitor_sample_get(gi_monitor *m, size_t i, gi_monitor_sample *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!m || !out)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    pthread_mutex_lock(&m->lock);
    size_t n = m->state == GI_MON_CREATED ? 0 : m->buf.n;
    if (i >= n) {
        pthread_mutex_unlock(&m->lock);
        return gi_monitor_fail(m, GI_STATUS_INVALID_ARGUMENT,
                               "gi_monitor_sample_get: sample %zu of %zu", i, n);
    }
    const gi_mon_sample *s = &m->buf.samples[i];
    out->t_s = s->t_s;
    out->cpu_time_s = s->cpu_time_s;
    out->cores = s->cores;
    out->wait_s = s->wait_s;
    out->rss_bytes = s->rss_bytes;
    out->threads = s->threads;
    out->gpu_count = m->ngpus;
    for (int g = 0; g < m->ngpus; g++)
        out->gpu[g] = m->buf.gpu[i * (size_t)m->ngpus + (size_t)g];
    pthread_mutex_unlock(&m->lock);
    return GI_STATUS_OK;
}
