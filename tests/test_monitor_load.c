/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Known loads against the monitor's figures: busy threads in this process, an idle sleep, and
 * process trees (children, grandchildren, orphans) measured from outside.
 *
 * The machine running the tests is shared (CI runners, other builds), so a busy thread may get
 * less than a core. The tests therefore check what does not depend on the load: CPU time spent
 * (threads spin until their own CPU clock has advanced), and "wanted cores" = cores used plus
 * the time runnable threads waited for a CPU (Linux schedstat), which is what the threads asked
 * for whatever the machine gave them.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "run_cmd.h"

static void setup(void)
{
    gi_monitor_test_clean_env();
    /* Only the threads of each test may run while it measures this process. */
    gi_wait_until_idle();
}

TestSuite(monitor_load, .init = setup);

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

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A busy thread: spins for `seconds` of its own CPU time (by_cpu) or of wall time, then waits
 * at `done` and `release` so that it is still alive (and its schedstat readable) when the
 * monitor stops. */
typedef struct spinner {
    int by_cpu;
    double seconds;
    pthread_barrier_t *done, *release;
} spinner;

static void *spin(void *arg)
{
    spinner *s = arg;
    clockid_t id = s->by_cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC;
    double end = clock_s(id) + s->seconds;
    volatile unsigned long x = 0;
    while (clock_s(id) < end)
        for (int i = 0; i < 1000; i++)
            x += (unsigned long)i;
    pthread_barrier_wait(s->done);
    pthread_barrier_wait(s->release);
    return NULL;
}

/* Runs two spinners under a started monitor, stops it while they are still alive. */
static void two_spinners(gi_monitor *m, int by_cpu, double seconds)
{
    pthread_barrier_t done, release;
    pthread_barrier_init(&done, NULL, 3);
    pthread_barrier_init(&release, NULL, 3);
    spinner s = {.by_cpu = by_cpu, .seconds = seconds, .done = &done, .release = &release};
    pthread_t t[2];
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    for (int i = 0; i < 2; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, spin, &s), 0);
    pthread_barrier_wait(&done);
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    pthread_barrier_wait(&release);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&done);
    pthread_barrier_destroy(&release);
}

static int have_schedstat(void)
{
    return access("/proc/self/schedstat", R_OK) == 0;
}

Test(monitor_load, two_threads_cpu_time_is_counted_exactly)
{
    gi_monitor *m = new_monitor(50);
    two_spinners(m, 1, 0.5);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    /* Each thread stopped when its own CPU clock passed 0.5 s (overshoot < 0.1 ms: the clock is
     * read every 1000 additions). Beyond the 1.0 s: thread creation, the barriers, and the
     * sampler (~20 readings of /proc/self/status at ≤ 1 ms each, even under ASan) — < 50 ms. */
    cr_assert_geq(s.cpu_time_s, 1.0);
    cr_assert_leq(s.cpu_time_s, 1.05, "cpu_time_s = %.4f", s.cpu_time_s);
    cr_assert_float_eq(s.cpu_used_cores, s.cpu_time_s / s.duration_s, 1e-12);
    cr_assert_geq(s.threads_peak, 3, "main thread, sampler and two spinners");
    gi_monitor_destroy(m);
}

Test(monitor_load, two_busy_threads_want_two_cores)
{
    cpu_set_t set;
    cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
    if (CPU_COUNT(&set) < 2)
        cr_skip_test("needs 2 CPUs in the affinity mask; this process has %d", CPU_COUNT(&set));
    if (!have_schedstat())
        cr_skip_test("the kernel keeps no schedstat (/proc/self/schedstat): the run-queue wait "
                     "that makes this test independent of the machine's load is unknown");
    /* A real CPU quota under 2 cores (a container's cpu.max) throttles the threads, which
     * schedstat does not count as waiting. */
    unsetenv("GPUINTEG_CGROUP_ROOT");
    gi_monitor *probe = new_monitor(100);
    gi_monitor_summary real;
    cr_assert_eq(gi_monitor_start(probe), GI_STATUS_OK);
    gi_monitor_stop(probe);
    gi_monitor_summarize(probe, &real);
    double quota = real.cpu_cgroup;
    gi_monitor_destroy(probe);
    if (quota > 0 && quota < 2)
        cr_skip_test("this machine's cgroup allows %.2f cores", quota);

    gi_monitor *m = new_monitor(100);
    two_spinners(m, 0, 1.0);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    /* The two threads are runnable from their creation to their 1.0 s deadline: 2.0 s wanted.
     * The measured window is a little longer (thread start, barrier hand-off, the stop: tens of
     * ms on a loaded machine), and the sampler and the main thread add their own running and
     * waiting: each of the ~10 wake-ups can wait up to a scheduler slice (~4 ms) behind the
     * spinners, 0.04 cores' worth. So wanted/duration lies within 2 × 1.0/1.05 = 1.90 and
     * 2 + 0.04 + margin = 2.15. */
    double wanted = (s.cpu_time_s + s.cpu_wait_s) / s.duration_s;
    cr_assert(wanted >= 1.85 && wanted <= 2.15,
              "wanted %.3f cores (used %.3f, waited %.3f s over %.3f s)", wanted, s.cpu_used_cores,
              s.cpu_wait_s, s.duration_s);
    cr_assert_leq(s.cpu_used_cores, 2.05, "two threads cannot use more than two cores");
    gi_monitor_destroy(m);
}

Test(monitor_load, a_tree_rooted_here_leaves_the_sampler_out)
{
    /* As the Python package's monitor() does: the process tree of this very process. Two
     * spinners are runnable (running or waiting for a CPU) at every reading, whatever the
     * machine's load; the main thread sleeps in the barrier. The sampler thread taking the
     * reading is the monitor, not the work: counted, it would add one whole thread (3.0). A
     * reading can catch a spinner on its way into the barrier, so the mean may dip a little. */
    gi_monitor *m = new_monitor(50);
    cr_assert_eq(gi_monitor_attach(m, (int)getpid()), GI_STATUS_OK);
    two_spinners(m, 0, 1.0);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_eq(strncmp(s.method, "process tree", 12), 0, "method: %s", s.method);
    cr_assert(s.runnable_avg >= 1.7 && s.runnable_avg <= 2.3, "runnable_avg = %.3f",
              s.runnable_avg);
    gi_monitor_destroy(m);
}

Test(monitor_load, idle_sleep_is_about_zero)
{
    gi_monitor *m = new_monitor(100);
    struct timespec c0, c1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    struct timespec half = {0, 500000000L};
    while (nanosleep(&half, &half) != 0 && errno == EINTR)
        ;
    gi_monitor_stop(m);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    double outside = (double)(c1.tv_sec - c0.tv_sec) + 1e-9 * (double)(c1.tv_nsec - c0.tv_nsec);
    cr_assert_leq(s.cpu_time_s, outside, "the monitor's window lies inside this one");
    /* Only the sampler runs: ~6 readings of clocks and /proc/self/status, each well under 1 ms
     * of CPU (ASan included): < 25 ms over 0.5 s, i.e. < 0.05 cores. */
    cr_assert_geq(s.duration_s, 0.5);
    cr_assert_lt(s.cpu_time_s, 0.025, "cpu_time_s = %.4f", s.cpu_time_s);
    cr_assert_lt(s.cpu_used_cores, 0.05);
    gi_monitor_destroy(m);
}

/* Forks `sh -c script` with GI_TEST_SPIN in its environment. */
static pid_t start_shell(const char *script)
{
    const char *spin = getenv("GI_TEST_SPIN");
    cr_assert(spin, "GI_TEST_SPIN must name the spinner program (CTest sets it)");
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", script, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Waits for the shell start_shell began (it must exit 0), then stops m: its summary. */
static gi_monitor_summary stop_after_shell(gi_monitor *m, pid_t pid)
{
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    gi_monitor_stop(m);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    return s;
}

Test(monitor_load, process_tree_counts_grandchildren)
{
    gi_monitor *m = new_monitor(50);
    pid_t pid = start_shell("\"$GI_TEST_SPIN\" cpu 0.4 & \"$GI_TEST_SPIN\" cpu 0.4 & wait");
    cr_assert_eq(gi_monitor_attach(m, pid), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    gi_monitor_summary s = stop_after_shell(m, pid);
    /* Two grandchildren each ran until their CPU clock passed 0.4 s: 0.8 s, reaching us exactly
     * through the shell's and then our reaped-children rusage. The shell and three process
     * start-ups add a few ms each (tens under ASan): < 0.15 s. */
    cr_assert_geq(s.cpu_time_s, 0.8, "cpu_time_s = %.4f", s.cpu_time_s);
    cr_assert_leq(s.cpu_time_s, 0.95, "cpu_time_s = %.4f", s.cpu_time_s);
    cr_assert_geq(s.mem_peak_rss_bytes, 100 * 1024, "a process tree uses some memory");
    gi_monitor_destroy(m);
}

Test(monitor_load, a_tree_rooted_here_counts_a_reaped_child_once)
{
    /* A child that ran and was reaped inside the window: its CPU time reaches this process's
     * reaped-children rusage, and /proc/self/stat's cutime holds the same seconds; counted
     * from both, a 0.4 s child showed as 0.8 s. The shell and the spinner's start-up add a few
     * ms (tens under ASan); this process's own time is read from its clock, not in 10 ms
     * ticks. */
    gi_monitor *m = new_monitor(50);
    cr_assert_eq(gi_monitor_attach(m, (int)getpid()), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    pid_t pid = start_shell("exec \"$GI_TEST_SPIN\" cpu 0.4");
    gi_monitor_summary s = stop_after_shell(m, pid);
    cr_assert_geq(s.cpu_time_s, 0.4, "cpu_time_s = %.4f", s.cpu_time_s);
    cr_assert_leq(s.cpu_time_s, 0.55, "cpu_time_s = %.4f", s.cpu_time_s);
    gi_monitor_destroy(m);
}

Test(monitor_load, process_tree_follows_orphans_before_they_are_reaped)
{
    /* As `gpuinteg monitor` does: orphans of the command become our children. */
    cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
    gi_monitor *m = new_monitor(20);
    pid_t pid = start_shell("\"$GI_TEST_SPIN\" cpu 0.3 & \"$GI_TEST_SPIN\" cpu 0.3 &");
    cr_assert_eq(gi_monitor_attach(m, pid), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    cr_assert_eq(waitpid(pid, NULL, 0), pid); /* the shell leaves at once */

    /* Not reaped yet, the orphans are seen only through /proc: their CPU time must show up
     * live (as running processes, or as zombies waiting for us). */
    gi_monitor_summary s;
    double deadline = gi_test_now() + 30;
    do {
        struct timespec t = {0, 20000000L};
        nanosleep(&t, NULL);
        cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    } while (s.cpu_time_s < 0.5 && gi_test_now() < deadline);
    cr_assert_geq(s.cpu_time_s, 0.5, "orphans' CPU time not seen before reaping: %.3f",
                  s.cpu_time_s);

    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
        ;
    gi_monitor_stop(m);
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    /* 2 × 0.3 s of spinning plus start-ups, as above. */
    cr_assert_geq(s.cpu_time_s, 0.6, "cpu_time_s = %.4f", s.cpu_time_s);
    cr_assert_leq(s.cpu_time_s, 0.75, "cpu_time_s = %.4f", s.cpu_time_s);
    gi_monitor_destroy(m);
}
