/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/sample_buffer.h — the samples of a run, in bounded memory: past its maximum the
 * buffer merges neighbouring samples and doubles the period instead of growing.
 */
#ifndef GI_MONITOR_SAMPLE_BUFFER_H
#define GI_MONITOR_SAMPLE_BUFFER_H

#include <stddef.h>
#include <stdint.h>

#include <gpuinteg/monitor.h>

/* One sample without its GPU part (which lives in gpu[i * ngpus + g]). */
typedef struct gi_mon_sample {
    double t_s;        /* since the start */
    double cpu_time_s; /* cumulative since the start */
    double cores;      /* over (t[i-1], t[i]]; NaN for the first sample */
    double wait_s;     /* run-queue wait, cumulative since the start */
    double runnable_s; /* threads running or ready to run × time, cumulative since the start */
    uint64_t rss_bytes;
    int threads;
} gi_mon_sample;

typedef struct gi_sample_buffer {
    gi_mon_sample *samples;
    gi_monitor_gpu_sample *gpu;
    size_t n, capacity;
    size_t max; /* samples kept at most (≥ 4): GI_MONITOR_MAX_SAMPLES */
    int ngpus;
    double period_s; /* doubles with each halving */
} gi_sample_buffer;

/*
 * Adds a reading (s->cores is computed here; g has ngpus entries, may be NULL when ngpus is 0).
 * A reading less than min_interval_s after the last sample is folded into that sample instead
 * (never into the first, the start); folding and halving keep each sample's time and
 * cumulative CPU time exact, take the maximum of memory and threads, and the time-weighted
 * mean of GPU utilization and power. Returns 0, or -1 when out of memory (reading dropped).
 */
int gi_sample_buffer_add(gi_sample_buffer *b, const gi_mon_sample *s,
                         const gi_monitor_gpu_sample *g, double min_interval_s);

/* Frees the arrays; the buffer is then empty. */
void gi_sample_buffer_free(gi_sample_buffer *b);

#endif /* GI_MONITOR_SAMPLE_BUFFER_H */
