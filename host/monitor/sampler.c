/*
 * The sampler: one reading per period on a monotonic schedule, into a buffer that halves its
 * resolution instead of growing past GI_MONITOR_MAX_SAMPLES.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor_impl.h"

/* A reading closer than this to the previous sample replaces it instead of adding a sample:
 * over a few milliseconds, /proc's 10 ms CPU-time ticks would show as several cores. */
#define MIN_INTERVAL_S 0.02

static double weighted(double a, double wa, double b, double wb)
{
    if (isnan(a))
        return b;
    if (isnan(b))
        return a;
    return wa + wb > 0 ? (a * wa + b * wb) / (wa + wb) : b;
}

static double larger(double a, double b)
{
    return isnan(a) || b > a ? b : a;
}

static void recompute_cores(gi_monitor *m, size_t i)
{
    gi_mon_sample *s = &m->samples[i];
    if (i == 0) {
        s->cores = NAN;
        return;
    }
    const gi_mon_sample *p = &m->samples[i - 1];
    double dt = s->t_s - p->t_s;
    s->cores = dt > 0 ? (s->cpu_time_s - p->cpu_time_s) / dt : 0.0;
}

/* Folds sample b into sample a (a earlier); a takes b's time and cumulative CPU time. */
static void fold(gi_monitor *m, size_t a, size_t b, double wa, double wb)
{
    gi_mon_sample *sa = &m->samples[a];
    const gi_mon_sample *sb = &m->samples[b];
    sa->t_s = sb->t_s;
    sa->cpu_time_s = sb->cpu_time_s;
    sa->rss_bytes = sa->rss_bytes > sb->rss_bytes ? sa->rss_bytes : sb->rss_bytes;
    sa->threads = sa->threads > sb->threads ? sa->threads : sb->threads;
    for (int g = 0; g < m->ngpus; g++) {
        gi_monitor_gpu_sample *ga = &m->gpu_samples[a * (size_t)m->ngpus + (size_t)g];
        const gi_monitor_gpu_sample *gb = &m->gpu_samples[b * (size_t)m->ngpus + (size_t)g];
        ga->util_percent = weighted(ga->util_percent, wa, gb->util_percent, wb);
        ga->power_w = weighted(ga->power_w, wa, gb->power_w, wb);
        ga->mem_used_bytes = larger(ga->mem_used_bytes, gb->mem_used_bytes);
    }
}

/* Merges neighbours (1,2), (3,4), … keeping sample 0 (the start), so the buffer holds half as
 * many samples covering the same time; the period doubles. */
static void halve(gi_monitor *m)
{
    size_t out = 1, ng = (size_t)m->ngpus;
    for (size_t i = 1; i < m->nsamples; i += 2, out++) {
        if (out != i) {
            m->samples[out] = m->samples[i];
            if (ng)
                memcpy(&m->gpu_samples[out * ng], &m->gpu_samples[i * ng],
                       ng * sizeof *m->gpu_samples);
        }
        if (i + 1 < m->nsamples) {
            double wa = m->samples[i].t_s - m->samples[out - 1].t_s;
            double wb = m->samples[i + 1].t_s - m->samples[i].t_s;
            /* Only slots up to i have been written: i + 1 is still in its old place. */
            fold(m, out, i + 1, wa, wb);
        }
        recompute_cores(m, out);
    }
    m->nsamples = out;
    m->period_s *= 2;
}

/* Makes room for a new sample and one scratch slot. */
static int reserve(gi_monitor *m)
{
    if (m->nsamples + 2 <= m->capacity)
        return 0;
    if (m->capacity >= GI_MONITOR_MAX_SAMPLES) {
        halve(m);
        return 0;
    }
    size_t cap = m->capacity ? m->capacity * 2 : 256;
    if (cap > GI_MONITOR_MAX_SAMPLES)
        cap = GI_MONITOR_MAX_SAMPLES;
    gi_mon_sample *s = realloc(m->samples, cap * sizeof *s);
    if (!s)
        return -1;
    m->samples = s;
    if (m->ngpus > 0) {
        gi_monitor_gpu_sample *g = realloc(m->gpu_samples, cap * (size_t)m->ngpus * sizeof *g);
        if (!g)
            return -1;
        m->gpu_samples = g;
    }
    m->capacity = cap;
    return 0;
}

int gi_sampler_take(gi_monitor *m)
{
    gi_usage u;
    gi_usage_read(&m->probe, &u);
    gi_monitor_gpu_sample g[GI_MONITOR_MAX_GPUS];
    for (int i = 0; i < m->ngpus; i++)
        gi_nvml_sample(m->nvml, i, &g[i]);
    double t = gi_monitor_now() - m->t0;

    pthread_mutex_lock(&m->lock);
    if (u.peak_rss_bytes > m->peak_rss)
        m->peak_rss = u.peak_rss_bytes;
    if (u.threads > m->threads_peak)
        m->threads_peak = u.threads;
    size_t ng = (size_t)m->ngpus;
    if (reserve(m) != 0) {
        pthread_mutex_unlock(&m->lock);
        return -1;
    }
    gi_mon_sample s = {.t_s = t,
                       .cpu_time_s = u.cpu_time_s,
                       .cores = NAN,
                       .rss_bytes = u.rss_bytes,
                       .threads = u.threads};
    if (m->nsamples > 1 && t - m->samples[m->nsamples - 1].t_s < MIN_INTERVAL_S) {
        /* Too close to the last sample (never the start one): this reading replaces it. */
        size_t last = m->nsamples - 1;
        double prev_t = m->samples[last - 1].t_s;
        double wa = m->samples[last].t_s - prev_t, wb = t - m->samples[last].t_s;
        m->samples[m->nsamples] = s; /* the scratch slot */
        if (ng)
            memcpy(&m->gpu_samples[m->nsamples * ng], g, ng * sizeof *g);
        fold(m, last, m->nsamples, wa, wb);
        recompute_cores(m, last);
    } else {
        m->samples[m->nsamples] = s;
        if (ng)
            memcpy(&m->gpu_samples[m->nsamples * ng], g, ng * sizeof *g);
        recompute_cores(m, m->nsamples);
        m->nsamples++;
    }
    pthread_mutex_unlock(&m->lock);
    return 0;
}

void *gi_sampler_main(void *arg)
{
    gi_monitor *m = arg;
    pthread_mutex_lock(&m->lock);
    double next = m->t0 + m->period_s;
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
        next += m->period_s;
        if (next <= now)
            next = now + m->period_s;
    }
    pthread_mutex_unlock(&m->lock);
    return NULL;
}
