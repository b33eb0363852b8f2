/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sampler's life: a sample at the start and at the end even for a run shorter than one
 * period, samples on schedule, a prompt and clean stop (the thread is gone afterwards), and the
 * calls made at the wrong time.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gpuinteg/gpuinteg.h>

#include "run_cmd.h"

static void setup(void)
{
    gi_monitor_test_clean_env();
}

TestSuite(monitor_sampler, .init = setup);

static gi_monitor *new_monitor(int sample_ms)
{
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.sample_ms = sample_ms;
    o.no_gpu = 1;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    return m;
}

static void sleep_s(double s)
{
    struct timespec t = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        ;
}

/* Threads of this process, from /proc/self/status. */
static int thread_count(void)
{
    char *text = gi_read_file("/proc/self/status", NULL);
    cr_assert(text);
    const char *t = strstr(text, "\nThreads:");
    cr_assert(t);
    int n = atoi(t + 9);
    free(text);
    return n;
}

Test(monitor_sampler, run_shorter_than_a_period_has_start_and_end)
{
    gi_monitor *m = new_monitor(100);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    sleep_s(0.05);
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_sample_count(m), 2);
    gi_monitor_sample a, b;
    cr_assert_eq(gi_monitor_sample_get(m, 0, &a), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_sample_get(m, 1, &b), GI_STATUS_OK);
    cr_assert_lt(a.t_s, 0.01);
    cr_assert(isnan(a.cores), "the first sample has no interval");
    cr_assert_geq(b.t_s, 0.05);
    cr_assert_lt(b.t_s, 0.1 + 0.5, "the end sample is taken at the stop, not at a period");
    cr_assert(!isnan(b.cores));
    cr_assert_eq(a.gpu_count, 0);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_eq(s.samples, 2);
    cr_assert_float_eq(s.duration_s, b.t_s, 1e-12);
    gi_monitor_destroy(m);
}

Test(monitor_sampler, samples_follow_the_period)
{
    gi_monitor *m = new_monitor(20);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    sleep_s(0.5);
    gi_monitor_stop(m);
    size_t n = gi_monitor_sample_count(m);
    /* 0.5 s / 20 ms = 25 periods, plus start and end. Fewer when the machine is loaded (a late
     * sample skips the slots it missed, it does not bunch them), never more. */
    cr_assert_leq(n, 27);
    cr_assert_geq(n, 8, "%zu samples in 0.5 s at 20 ms", n);
    double t_prev = -1, cpu_prev = -1;
    for (size_t i = 0; i < n; i++) {
        gi_monitor_sample s;
        cr_assert_eq(gi_monitor_sample_get(m, i, &s), GI_STATUS_OK);
        cr_assert_gt(s.t_s, t_prev);
        cr_assert_geq(s.cpu_time_s, cpu_prev, "CPU time never goes back");
        if (i > 0) {
            /* Samples are at least a quarter period apart (closer ones are folded). */
            cr_assert_geq(s.t_s - t_prev, 0.25 * 0.02 - 1e-9);
            cr_assert_float_eq(s.cores, (s.cpu_time_s - cpu_prev) / (s.t_s - t_prev), 1e-9);
        }
        t_prev = s.t_s;
        cpu_prev = s.cpu_time_s;
    }
    gi_monitor_destroy(m);
}

Test(monitor_sampler, stop_is_prompt_and_joins_the_thread)
{
    int before = thread_count();
    gi_monitor *m = new_monitor(GI_MONITOR_SAMPLE_MS_MAX); /* an hour between samples */
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    cr_assert_eq(thread_count(), before + 1, "one sampler thread");
    double t0 = gi_test_now();
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    cr_assert_lt(gi_test_now() - t0, 1.0, "stop wakes the sampler, it does not wait an hour");
    cr_assert_eq(thread_count(), before, "the sampler thread has been joined");
    cr_assert_eq(gi_monitor_sample_count(m), 2);
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK, "a second stop does nothing");
    cr_assert_eq(gi_monitor_sample_count(m), 2);
    gi_monitor_destroy(m);
}

Test(monitor_sampler, destroy_while_running_stops_cleanly)
{
    int before = thread_count();
    gi_monitor *m = new_monitor(10);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    sleep_s(0.05);
    gi_monitor_destroy(m); /* no stop: destroy joins (ASan checks nothing leaks) */
    cr_assert_eq(thread_count(), before);
    gi_monitor_destroy(NULL);
}

Test(monitor_sampler, calls_at_the_wrong_time)
{
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    cr_assert_eq(o.sample_ms, 100);
    o.sample_ms = GI_MONITOR_SAMPLE_MS_MIN - 1;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_INVALID_ARGUMENT);
    cr_assert_null(m);
    o.sample_ms = GI_MONITOR_SAMPLE_MS_MAX + 1;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_INVALID_ARGUMENT);
    cr_assert_eq(gi_monitor_create(NULL, NULL), GI_STATUS_MISUSE);

    cr_assert_eq(gi_monitor_create(&m, NULL), GI_STATUS_OK);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_MISUSE);
    cr_assert(strstr(gi_monitor_last_error(m), "never started"));
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_MISUSE);
    cr_assert_eq(gi_monitor_sample_count(m), 0);
    cr_assert_str_eq(gi_monitor_summary_text(m), "");
    cr_assert_str_eq(gi_monitor_json(m), "null");
    cr_assert_eq(gi_monitor_write_report(m, "x.json"), GI_STATUS_MISUSE);
    cr_assert_eq(gi_monitor_attach(m, 0), GI_STATUS_INVALID_ARGUMENT);
    cr_assert_eq(gi_monitor_attach(m, -5), GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_monitor_last_error(m), "no process -5"));

    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    cr_assert_str_eq(gi_monitor_last_error(m), "");
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_MISUSE, "a monitor runs once");
    cr_assert_eq(gi_monitor_attach(m, 1), GI_STATUS_MISUSE);
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK, "figures so far, while running");
    gi_monitor_stop(m);
    gi_monitor_sample smp;
    size_t n = gi_monitor_sample_count(m);
    cr_assert_eq(gi_monitor_sample_get(m, n, &smp), GI_STATUS_INVALID_ARGUMENT);
    cr_assert_eq(smp.t_s, 0.0, "zeroed on failure");
    cr_assert_eq(gi_monitor_set_info(m, "", "x"), GI_STATUS_INVALID_ARGUMENT);
    cr_assert_eq(gi_monitor_set_info(m, NULL, "x"), GI_STATUS_MISUSE);
    for (int i = 0; i < 64; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        cr_assert_eq(gi_monitor_set_info(m, key, "v"), GI_STATUS_OK);
    }
    cr_assert_eq(gi_monitor_set_info(m, "k0", "replaced"), GI_STATUS_OK, "same key replaces");
    cr_assert_eq(gi_monitor_set_info(m, "one too many", "v"), GI_STATUS_INVALID_ARGUMENT);
    gi_monitor_destroy(m);

    cr_assert_eq(gi_monitor_start(NULL), GI_STATUS_MISUSE);
    cr_assert_eq(gi_monitor_stop(NULL), GI_STATUS_MISUSE);
    cr_assert_str_eq(gi_monitor_last_error(NULL), "no monitor");
    cr_assert_eq(gi_monitor_sample_count(NULL), 0);
}
