/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Appending, folding and halving samples.
 */
#include "monitor/sample_buffer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static void recompute_cores(gi_sample_buffer *b, size_t i)
{
    gi_mon_sample *s = &b->samples[i];
    if (i == 0) {
        s->cores = NAN;
        return;
    }
    const gi_mon_sample *p = &b->samples[i - 1];
    double dt = s->t_s - p->t_s;
    s->cores = dt > 0 ? (s->cpu_time_s - p->cpu_time_s) / dt : 0.0;
}

static gi_monitor_gpu_sample *gpu_at(gi_sample_buffer *b, size_t i)
{
    return &b->gpu[i * (size_t)b->ngpus];
}

/* Folds sample j into sample i (i earlier, its interval ending where j's begins): i takes j's
 * time and cumulative CPU time. wi, wj: the two intervals' lengths. */
static void fold(gi_sample_buffer *b, size_t i, size_t j, double wi, double wj)
{
    gi_mon_sample *si = &b->samples[i];
    const gi_mon_sample *sj = &b->samples[j];
    si->t_s = sj->t_s;
    si->cpu_time_s = sj->cpu_time_s;
    si->wait_s = sj->wait_s;
    si->runnable_s = sj->runnable_s;
    si->rss_bytes = si->rss_bytes > sj->rss_bytes ? si->rss_bytes : sj->rss_bytes;
    si->threads = si->threads > sj->threads ? si->threads : sj->threads;
    for (int g = 0; g < b->ngpus; g++) {
        gi_monitor_gpu_sample *gi = &gpu_at(b, i)[g];
        const gi_monitor_gpu_sample *gj = &gpu_at(b, j)[g];
        gi->util_percent = weighted(gi->util_percent, wi, gj->util_percent, wj);
        gi->power_w = weighted(gi->power_w, wi, gj->power_w, wj);
        gi->mem_used_bytes = larger(gi->mem_used_bytes, gj->mem_used_bytes);
    }
}

/* Merges neighbours (1,2), (3,4), … keeping sample 0 (the start): half as many samples over
 * the same time. */
static void halve(gi_sample_buffer *b)
{
    size_t out = 1, ng = (size_t)b->ngpus;
    for (size_t i = 1; i < b->n; i += 2, out++) {
        double w_first = b->samples[i].t_s - b->samples[out - 1].t_s;
        if (out != i) {
            b->samples[out] = b->samples[i];
            if (ng)
                memcpy(gpu_at(b, out), gpu_at(b, i), ng * sizeof *b->gpu);
        }
        if (i + 1 < b->n) {
            /* Slots up to `out` ≤ i have been written: i and i + 1 still hold their samples. */
            double w_second = b->samples[i + 1].t_s - b->samples[i].t_s;
            fold(b, out, i + 1, w_first, w_second);
        }
        recompute_cores(b, out);
    }
    b->n = out;
    b->period_s *= 2;
}

/* Makes room for one sample and one scratch slot. */
static int reserve(gi_sample_buffer *b)
{
    if (b->n + 2 <= b->capacity)
        return 0;
    if (b->capacity >= b->max) {
        halve(b);
        return 0;
    }
    size_t cap = b->capacity ? b->capacity * 2 : 256;
    if (cap > b->max)
        cap = b->max;
    gi_mon_sample *s = realloc(b->samples, cap * sizeof *s);
    if (!s)
        return -1;
    b->samples = s;
    if (b->ngpus > 0) {
        gi_monitor_gpu_sample *g = realloc(b->gpu, cap * (size_t)b->ngpus * sizeof *g);
        if (!g)
            return -1;
        b->gpu = g;
    }
    b->capacity = cap;
    return 0;
}

int gi_sample_buffer_add(gi_sample_buffer *b, const gi_mon_sample *s,
                         const gi_monitor_gpu_sample *g, double min_interval_s)
{
    if (reserve(b) != 0)
        return -1;
    size_t ng = (size_t)b->ngpus;
    /* The new reading goes to slot n: the next sample, or the scratch slot for a fold. */
    b->samples[b->n] = *s;
    if (ng)
        memcpy(gpu_at(b, b->n), g, ng * sizeof *g);
    if (b->n > 1 && s->t_s - b->samples[b->n - 1].t_s < min_interval_s) {
        size_t last = b->n - 1;
        double w_last = b->samples[last].t_s - b->samples[last - 1].t_s;
        double w_new = s->t_s - b->samples[last].t_s;
        fold(b, last, b->n, w_last, w_new);
        recompute_cores(b, last);
    } else {
        recompute_cores(b, b->n);
        b->n++;
    }
    return 0;
}

void gi_sample_buffer_free(gi_sample_buffer *b)
{
    free(b->samples);
    free(b->gpu);
    b->samples = NULL;
    b->gpu = NULL;
    b->n = b->capacity = 0;
}
