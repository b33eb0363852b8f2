/*
 * The sampler: one reading per period on a monotonic schedule, into a buffer that halves its
 * resolution instead of growing past GI_MONITOR_MAX_SAMPLES.
 */
#include "monitor/monitor_impl.h"

/* A reading closer than this fraction of the period to the previous sample (the last one,
 * taken at the stop) is folded into it: over a few milliseconds, /proc's 10 ms CPU-time ticks
 * would show as several cores. */
#define MIN_INTERVAL_PERIODS 0.25

int gi_sampler_take(gi_monitor *m)
{
    gi_usage u;
    gi_usage_read(&m->probe, &u);
    /* The time goes with the CPU reading (NVML calls can take milliseconds). */
    double t = gi_monitor_now() - m->t0;
    gi_monitor_gpu_sample g[GI_MONITOR_MAX_GPUS];
    for (int i = 0; i < m->ngpus; i++)
        gi_nvml_sample(m->nvml, i, &g[i]);

    pthread_mutex_lock(&m->lock);
    if (u.peak_rss_bytes > m->peak_rss)
        m->peak_rss = u.peak_rss_bytes;
    if (u.threads > m->threads_peak)
        m->threads_peak = u.threads;
    gi_mon_sample s = {.t_s = t,
                       .cpu_time_s = u.cpu_time_s,
                       .wait_s = u.wait_s,
                       .rss_bytes = u.rss_bytes,
                       .threads = u.threads};
    int rc = gi_sample_buffer_add(&m->buf, &s, g, MIN_INTERVAL_PERIODS * m->buf.period_s);
    pthread_mutex_unlock(&m->lock);
    return rc;
}

void *gi_sampler_main(void *arg)
{
    gi_monitor *m = arg;
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
