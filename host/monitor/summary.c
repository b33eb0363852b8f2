/*
 * The run as a whole, from the samples: CPU time against the allocation, peaks, GPU averages
 * (gi_mon_summary_build); and the samples themselves as the API hands them out.
 */
#include <math.h>
#include <string.h>

#include "monitor/monitor_impl.h"

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
    s->threads_peak = m->threads_peak;
    s->mem_peak_rss_bytes = m->peak_rss;
    summarize_gpus(m, s);
    pthread_mutex_unlock(&m->lock);

    s->interrupted_by = m->interrupted_by;
    s->cpu_allocated = m->alloc.cpus;
    s->cpu_allocated_source = m->alloc.cpu_source;
    s->cpu_affinity = m->alloc.affinity;
    s->cpu_cgroup = m->alloc.cgroup.cpus;
    s->cpu_slurm = m->alloc.slurm.cpus;
    s->cpu_percent = s->cpu_allocated > 0 ? 100.0 * s->cpu_used_cores / s->cpu_allocated : 0.0;
    s->mem_limit_bytes = m->alloc.mem_limit;
    s->mem_limit_source = m->alloc.mem_source;
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
