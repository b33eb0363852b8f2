/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sampler: one reading per period on a monotonic schedule, into a buffer that halves its
 * resolution instead of growing past GI_MONITOR_MAX_SAMPLES.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/sampling.h"

/* A reading closer than this fraction of the period to the previous sample (the last one,
 * taken at the stop) is folded into it: over a few milliseconds, /proc's 10 ms CPU-time ticks
 * would show as several cores. */
#define MIN_INTERVAL_PERIODS 0.25

/* What was measured now: the process tree, the job's steps, or both (see choose_method). */
static void read_usage(gi_mon_sampling *m, gi_usage *u, int *runnable_unknown)
{
    *runnable_unknown = 0;
    int whole_job = m->whole_job;
    memset(u, 0, sizeof *u);
    if (!whole_job)
        gi_usage_read(&m->probe, u);
    if (m->job_probe.source == GI_JOB_SOURCE_NONE)
        return;
    gi_job_reading r;
    gi_job_read(&m->job_probe, &r);
    if (whole_job) {
        u->cpu_time_s = r.cpu_time_s - m->job_base_s;
        u->rss_bytes = r.rss_bytes;
        u->peak_rss_bytes = r.peak_bytes;
        u->threads = r.threads;
        /* The thread taking this reading is in the job too, and running. */
        u->runnable = r.runnable > 0 ? r.runnable - 1 : r.runnable;
        *runnable_unknown = r.runnable < 0;
    } else {
        /* The steps begun since the start: their tasks are not in the tree. */
        u->cpu_time_s += r.cpu_time_s;
        u->rss_bytes += r.rss_bytes;
        u->threads += r.threads;
        u->runnable += r.runnable > 0 ? r.runnable : 0;
    }
    if (u->rss_bytes > u->peak_rss_bytes)
        u->peak_rss_bytes = u->rss_bytes;
}

/* Energy counters: the CPU packages' (accumulated over wraps) and each GPU's. */
static void read_energy(gi_mon_sampling *m)
{
    if (m->energy.nzones > 0)
        gi_energy_read(&m->energy);
    double j[GI_MONITOR_MAX_GPUS];
    int ok[GI_MONITOR_MAX_GPUS];
    char why[GI_MONITOR_MAX_GPUS][160];
    for (int i = 0; i < m->ngpus; i++)
        ok[i] = gi_nvml_energy(m->nvml, i, &j[i], why[i], sizeof why[i]);
    pthread_mutex_lock(&m->lock);
    m->cpu_energy_j = gi_energy_joules(&m->energy);
    int first = m->last_t < 0;
    for (int i = 0; i < m->ngpus; i++) {
        if (first) {
            m->gpu_energy_ok[i] = ok[i];
            m->gpu_energy0[i] = m->gpu_energy1[i] = ok[i] ? j[i] : 0;
            snprintf(m->gpu_energy_why[i], sizeof m->gpu_energy_why[i], "%.150s",
                     ok[i] ? "" : why[i]);
        } else if (m->gpu_energy_ok[i] && ok[i] && j[i] >= m->gpu_energy1[i]) {
            m->gpu_energy1[i] = j[i];
        }
    }
    pthread_mutex_unlock(&m->lock);
}

int gi_sampler_take(gi_mon_sampling *m)
{
    gi_usage u;
    int runnable_unknown;
    read_usage(m, &u, &runnable_unknown);
    /* The time goes with the CPU reading (NVML calls can take milliseconds). */
    double t = gi_monitor_now() - m->t0;
    gi_monitor_gpu_sample g[GI_MONITOR_MAX_GPUS];
    for (int i = 0; i < m->ngpus; i++)
        gi_nvml_sample(m->nvml, i, &g[i]);
    read_energy(m);
    /* Threads ready to run, integrated over time: its mean over the run is the demand. */
    if (m->last_t >= 0 && t > m->last_t && u.runnable > 0)
        m->runnable_s += (double)u.runnable * (t - m->last_t);
    m->last_t = t;

    pthread_mutex_lock(&m->lock);
    m->runnable_unknown = runnable_unknown; /* the summary reads it with the samples */
    if (u.peak_rss_bytes > m->peak_rss)
        m->peak_rss = u.peak_rss_bytes;
    if (u.threads > m->threads_peak)
        m->threads_peak = u.threads;
    gi_mon_sample s = {.t_s = t,
                       .cpu_time_s = u.cpu_time_s,
                       .wait_s = u.wait_s,
                       .runnable_s = m->runnable_s,
                       .rss_bytes = u.rss_bytes,
                       .threads = u.threads};
    int rc = gi_sample_buffer_add(&m->buf, &s, g, MIN_INTERVAL_PERIODS * m->buf.period_s);
    pthread_mutex_unlock(&m->lock);
    return rc;
}

void *gi_sampler_job_times(void *arg)
{
    gi_mon_sampling *m = arg;
    pthread_mutex_lock(&m->lock);
    gi_slurm_job times = m->times;
    pthread_mutex_unlock(&m->lock);
    gi_slurm_job_times(&times);
    pthread_mutex_lock(&m->lock);
    m->times.time_limit_s = times.time_limit_s;
    m->times.start = times.start;
    snprintf(m->times.time_from, sizeof m->times.time_from, "%s", times.time_from);
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

void *gi_sampler_main(void *arg)
{
    gi_mon_sampling *m = arg;
    pthread_mutex_lock(&m->lock);
    double next = m->t0 + m->buf.period_s;
    while (!m->stop_flag) {
        struct timespec ts;
        ts.tv_sec = (time_t)next;
        ts.tv_nsec = (long)((next - (double)ts.tv_sec) * 1e9);
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&m->wake, &m->lock, &ts);
        if (m->stop_flag)
            break;
        double now = gi_monitor_now();
        if (now < next)
            continue; /* woken early */
        pthread_mutex_unlock(&m->lock);
        gi_sampler_take(m);
        pthread_mutex_lock(&m->lock);
        /* On schedule; after a stall (an overloaded machine), the missed slots are skipped
         * rather than taken in a burst. */
        next += m->buf.period_s;
        if (next <= now)
            next = now + m->buf.period_s;
    }
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

double gi_monitor_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int gi_sampler_copy(gi_mon_sampling *m, gi_sample_buffer *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&m->lock);
    const gi_sample_buffer *b = &m->buf;
    size_t ng = (size_t)b->ngpus;
    out->n = out->capacity = b->n;
    out->max = b->max;
    out->ngpus = b->ngpus;
    out->period_s = b->period_s;
    out->samples = malloc((b->n ? b->n : 1) * sizeof *out->samples);
    size_t ngpu = b->n * ng;
    out->gpu = malloc((ngpu ? ngpu : 1) * sizeof *out->gpu);
    int ok = out->samples && out->gpu;
    /* An empty buffer (or one without GPUs) has NULL arrays: nothing to copy from. */
    if (ok && b->n)
        memcpy(out->samples, b->samples, b->n * sizeof *out->samples);
    if (ok && ngpu)
        memcpy(out->gpu, b->gpu, ngpu * sizeof *out->gpu);
    pthread_mutex_unlock(&m->lock);
    if (!ok) {
        gi_sample_buffer_free(out);
        return -1;
    }
    return 0;
}

size_t gi_sampler_count(gi_mon_sampling *m)
{
    pthread_mutex_lock(&m->lock);
    size_t n = m->buf.n;
    pthread_mutex_unlock(&m->lock);
    return n;
}

size_t gi_sampler_get(gi_mon_sampling *m, size_t i, gi_monitor_sample *out)
{
    pthread_mutex_lock(&m->lock);
    size_t n = m->buf.n;
    if (i < n) {
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
    }
    pthread_mutex_unlock(&m->lock);
    return n;
}
