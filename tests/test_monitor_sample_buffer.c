/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sample buffer (host/monitor/sample_buffer.c, compiled into this test): appending,
 * folding a reading that comes too soon, and halving when full — times and cumulative CPU
 * time exact, memory as the maximum, GPU figures as time-weighted means.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "monitor/sample_buffer.h"

static void add(gi_sample_buffer *b, double t, double cpu, uint64_t rss, double util)
{
    gi_mon_sample s = {.t_s = t, .cpu_time_s = cpu, .rss_bytes = rss, .threads = 1};
    gi_monitor_gpu_sample g = {.util_percent = util, .mem_used_bytes = (double)rss, .power_w = NAN};
    cr_assert_eq(gi_sample_buffer_add(b, &s, &g, 0.025), 0);
}

Test(sample_buffer, appends_and_computes_cores)
{
    gi_sample_buffer b = {.max = 16, .ngpus = 1, .period_s = 0.1};
    add(&b, 0.0, 0.0, 100, 10);
    add(&b, 0.1, 0.15, 200, 20);
    add(&b, 0.2, 0.35, 150, 30);
    cr_assert_eq(b.n, 3);
    cr_assert(isnan(b.samples[0].cores));
    cr_assert_float_eq(b.samples[1].cores, 1.5, 1e-12);
    cr_assert_float_eq(b.samples[2].cores, 2.0, 1e-12);
    gi_sample_buffer_free(&b);
    cr_assert_eq(b.n, 0);
}

Test(sample_buffer, reading_too_soon_is_folded_into_the_last)
{
    gi_sample_buffer b = {.max = 16, .ngpus = 1, .period_s = 0.1};
    add(&b, 0.0, 0.0, 100, 10);
    add(&b, 0.01, 0.01, 100, 10); /* too soon, but the start is never folded */
    cr_assert_eq(b.n, 2);
    add(&b, 0.1, 0.1, 300, 50);
    add(&b, 0.11, 0.12, 200, 100); /* 10 ms after the last: folded */
    cr_assert_eq(b.n, 3);
    gi_mon_sample *last = &b.samples[2];
    cr_assert_float_eq(last->t_s, 0.11, 1e-12);
    cr_assert_float_eq(last->cpu_time_s, 0.12, 1e-12);
    cr_assert_eq(last->rss_bytes, 300, "memory keeps its peak");
    /* 50% over 0.09 s then 100% over 0.01 s. */
    cr_assert_float_eq(b.gpu[2].util_percent, (50 * 0.09 + 100 * 0.01) / 0.1, 1e-9);
    cr_assert_float_eq(last->cores, (0.12 - 0.01) / (0.11 - 0.01), 1e-12);
    gi_sample_buffer_free(&b);
}

Test(sample_buffer, full_buffer_halves_and_doubles_the_period)
{
    gi_sample_buffer b = {.max = 8, .ngpus = 1, .period_s = 0.1};
    /* Sample k at t = 0.1k with CPU time 0.1k·k/2 (cores growing), util k. */
    for (int k = 0; k < 7; k++)
        add(&b, 0.1 * k, 0.05 * k * k, (uint64_t)(1000 + k), k);
    cr_assert_eq(b.n, 7);
    cr_assert_eq(b.capacity, 8);
    add(&b, 0.7, 0.05 * 49, 1007, 7); /* no room for sample + scratch: halve first */
    cr_assert_float_eq(b.period_s, 0.2, 1e-12);
    /* Kept: 0; merged (1,2) (3,4) (5,6); then the new 7. */
    cr_assert_eq(b.n, 5);
    const double t[5] = {0, 0.2, 0.4, 0.6, 0.7};
    for (int i = 0; i < 5; i++) {
        cr_assert_float_eq(b.samples[i].t_s, t[i], 1e-12, "sample %d", i);
        double k = t[i] / 0.1;
        cr_assert_float_eq(b.samples[i].cpu_time_s, 0.05 * k * k, 1e-12, "cumulative CPU exact");
        if (i > 0)
            cr_assert_float_eq(
                b.samples[i].cores,
                (b.samples[i].cpu_time_s - b.samples[i - 1].cpu_time_s) / (t[i] - t[i - 1]), 1e-9);
    }
    cr_assert_eq(b.samples[1].rss_bytes, 1002, "max of 1001 and 1002");
    cr_assert_float_eq(b.gpu[1].util_percent, 1.5, 1e-9, "equal intervals: plain mean of 1, 2");
    cr_assert_float_eq(b.gpu[3].util_percent, 5.5, 1e-9);
    cr_assert_float_eq(b.gpu[1].mem_used_bytes, 1002, 1e-9);
    cr_assert(isnan(b.gpu[1].power_w), "unreported stays unreported");
    /* Keeps going: many more samples stay within max. */
    for (int k = 8; k < 200; k++)
        add(&b, 0.1 * k, 0.05 * k * k, 1000, 1);
    cr_assert_leq(b.n, 8);
    cr_assert_float_eq(b.samples[b.n - 1].t_s, 19.9, 1e-9);
    cr_assert_float_eq(b.samples[b.n - 1].cpu_time_s, 0.05 * 199 * 199, 1e-9);
    cr_assert_float_eq(b.samples[0].t_s, 0.0, 0, "the start stays");
    gi_sample_buffer_free(&b);
}
