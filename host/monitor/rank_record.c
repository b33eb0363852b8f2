/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A job's rank records through the public calls: the ones added (gi_monitor_add_rank, kept by
 * job.c in the state layer) and this monitor's own process as a record (gi_monitor_rank_get),
 * made from the summary and warnings after they are built.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor_impl.h"

/* The own timeline thinned to at most GI_MONITOR_RANK_MAX_SAMPLES points: every step-th
 * sample (and the last), cores over each kept interval from the CPU time, memory the highest
 * in it. */
static size_t thin_samples(const gi_sample_buffer *b, gi_monitor_rank_sample *out)
{
    size_t n = b->n, max = GI_MONITOR_RANK_MAX_SAMPLES, kept = 0;
    /* Samples 0, step, 2·step, … and n-1: at most (max-2)+1 steps plus the last. */
    size_t step = n <= max ? 1 : (n - 1 + max - 3) / (max - 2);
    size_t prev = 0;
    for (size_t i = 0; i < n; i = i + step < n ? i + step : n - 1) {
        const gi_mon_sample *s = &b->samples[i];
        gi_monitor_rank_sample *o = &out[kept++];
        o->t_s = s->t_s;
        o->rss_bytes = (double)s->rss_bytes;
        o->cores = NAN;
        if (kept > 1) {
            const gi_mon_sample *p = &b->samples[prev];
            double dt = s->t_s - p->t_s;
            o->cores = dt > 0 ? (s->cpu_time_s - p->cpu_time_s) / dt : NAN;
            for (size_t j = prev + 1; j < i; j++)
                if ((double)b->samples[j].rss_bytes > o->rss_bytes)
                    o->rss_bytes = (double)b->samples[j].rss_bytes;
        }
        prev = i;
        if (i == n - 1)
            break;
    }
    return kept;
}

gi_status gi_monitor_rank_get(gi_monitor *m, gi_monitor_rank *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!m || !out)
        return GI_STATUS_MISUSE;
    gi_monitor_summary s;
    gi_status st = gi_monitor_summarize(m, &s);
    if (st != GI_STATUS_OK)
        return st;
    if (!m->self_samples &&
        !(m->self_samples = malloc(GI_MONITOR_RANK_MAX_SAMPLES * sizeof *m->self_samples)))
        return gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY, "gi_monitor_rank_get: out of memory");
    out->host = m->in.host;
    out->duration_s = s.duration_s;
    out->cpu_allocated = s.cpu_allocated;
    out->cpu_allocated_source = s.cpu_allocated_source;
    out->cpu_list = m->in.alloc.cpu_list;
    out->cpu_time_s = s.cpu_time_s;
    out->cpu_wait_s = s.cpu_wait_s;
    out->cpu_peak_cores = s.cpu_peak_cores;
    out->cpu_sharers = m->in.cpu_sharers > 0 ? m->in.cpu_sharers : 1;
    out->mem_peak_rss_bytes = s.mem_peak_rss_bytes;
    out->mem_limit_bytes = s.mem_limit_bytes;
    out->backend = m->in.work.backend;
    out->device = m->in.work.device;
    out->kind = m->in.work.kind;
    out->threads = m->in.work.threads;
    out->busy_time_s = m->in.work.busy_time_s;
    out->gpu_index = -1;
    out->gpu_util_percent_avg = NAN;
    out->gpu_mem_peak_bytes = NAN;
    for (size_t g = 0; g < s.gpu_count; g++)
        if (s.gpus[g].busy_time_s > 0 ||
            (m->in.work.gpu >= 0 && s.gpus[g].ordinal == m->in.work.gpu)) {
            out->gpu_uuid = s.gpus[g].uuid;
            out->gpu_name = s.gpus[g].name;
            out->gpu_index = s.gpus[g].index;
            out->gpu_util_percent_avg = s.gpus[g].util_percent_avg;
            out->gpu_mem_peak_bytes = s.gpus[g].mem_peak_bytes;
            break;
        }
    if (out->gpu_index < 0 && m->in.work.kind == GI_DEVICE_GPU) {
        /* No NVML: the backend's own device number and name. */
        out->gpu_index = m->in.work.gpu;
        out->gpu_name = m->in.work.device;
    }
    out->warning_count = s.warning_count;
    out->warnings = s.warnings;
    gi_sample_buffer copy;
    if (gi_sampler_copy(&m->smp, &copy) != 0)
        return gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY, "gi_monitor_rank_get: out of memory");
    out->sample_count = thin_samples(&copy, m->self_samples);
    gi_sample_buffer_free(&copy);
    out->samples = m->self_samples;
    return GI_STATUS_OK;
}

gi_status gi_monitor_set_cpu_sharers(gi_monitor *m, int processes)
{
    if (!m)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    if (processes < 1)
        return gi_monitor_fail(m, GI_STATUS_INVALID_ARGUMENT,
                               "gi_monitor_set_cpu_sharers: %d processes; at least 1", processes);
    m->in.cpu_sharers = processes;
    return GI_STATUS_OK;
}

size_t gi_monitor_rank_count(const gi_monitor *m)
{
    return m ? m->rk.nranks : 0;
}

gi_status gi_monitor_add_rank(gi_monitor *m, const gi_monitor_rank *r)
{
    if (!m || !r || (r->sample_count && !r->samples) || (r->warning_count && !r->warnings))
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    return gi_mon_ranks_add(&m->rk, r, m->err, sizeof m->err);
}
