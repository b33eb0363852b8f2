/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The warnings, each firing when its condition holds and silent when it does not: more threads
 * than cores, Slurm's CPUs not reaching the process, a GPU allocation left for a CPU backend,
 * cores left idle, cores shared with other processes, memory near its limit.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "run_cmd.h"

static void setup(void)
{
    gi_monitor_test_clean_env();
    gi_wait_until_idle(); /* library helper threads spinning after load would count */
}

TestSuite(monitor_warnings, .init = setup);

static double clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void *spin_wall(void *arg)
{
    double end = clock_s() + *(const double *)arg;
    volatile unsigned long x = 0;
    while (clock_s() < end)
        for (int i = 0; i < 1000; i++)
            x += (unsigned long)i;
    return NULL;
}

/* Measures `threads` threads busy for `seconds` (0 threads: a sleep) and says what ran. */
static gi_monitor *run(int threads, double seconds, const gi_monitor_workload *w)
{
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.no_gpu = 1;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    pthread_t t[8];
    for (int i = 0; i < threads; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, spin_wall, &seconds), 0);
    if (threads == 0) {
        struct timespec d = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
        nanosleep(&d, NULL);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    gi_monitor_stop(m);
    if (w)
        cr_assert_eq(gi_monitor_set_workload(m, w), GI_STATUS_OK);
    return m;
}

/* The warning containing `needle`, or NULL. */
static const char *find_warning(gi_monitor *m, const char *needle)
{
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    for (size_t i = 0; i < s.warning_count; i++)
        if (strstr(s.warnings[i], needle))
            return s.warnings[i];
    return NULL;
}

static void pin_one_cpu(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
    int first = 0;
    while (!CPU_ISSET(first, &set))
        first++;
    CPU_ZERO(&set);
    CPU_SET(first, &set);
    cr_assert_eq(sched_setaffinity(0, sizeof set, &set), 0);
}

static int cpus(void)
{
    cpu_set_t set;
    cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
    return CPU_COUNT(&set);
}

static gi_monitor_workload cpu_work(int threads)
{
    gi_monitor_workload w = {.name = "integrate",
                             .backend = "openmp",
                             .device = "CPU",
                             .kind = GI_DEVICE_CPU,
                             .threads = threads,
                             .gpu = -1};
    return w;
}

Test(monitor_warnings, more_threads_than_cores)
{
    pin_one_cpu();
    gi_monitor_workload w = cpu_work(2);
    gi_monitor *m = run(0, 0.05, &w);
    const char *text = find_warning(m, "ran 2 threads on 1 allocated core (affinity mask)");
    cr_assert(text, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(text, "use --threads 1 (or OMP_NUM_THREADS=1)"), "%s", text);
    cr_assert(strstr(gi_monitor_summary_text(m), "Warning: ran 2 threads on 1 allocated core"));
    gi_monitor_destroy(m);

    w = cpu_work(1);
    m = run(0, 0.05, &w);
    cr_assert_null(find_warning(m, "threads on"), "1 thread on 1 core is fine");
    gi_monitor_destroy(m);
}

Test(monitor_warnings, more_threads_than_a_slurm_allocation)
{
    setenv("SLURM_CPUS_PER_TASK", "1", 1);
    gi_monitor_workload w = cpu_work(2);
    gi_monitor *m = run(0, 0.05, &w);
    cr_assert(find_warning(m, "ran 2 threads on 1 allocated core (SLURM_CPUS_PER_TASK=1)"), "%s",
              gi_monitor_summary_text(m));
    gi_monitor_destroy(m);
}

Test(monitor_warnings, slurm_cpus_that_do_not_reach_the_process)
{
    char many[16];
    snprintf(many, sizeof many, "%d", cpus() + 6);
    setenv("SLURM_CPUS_PER_TASK", many, 1);
    gi_monitor *m = run(0, 0.05, NULL);
    const char *text = find_warning(m, "but this process may run on only");
    cr_assert(text, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(text, "srun -c"), "%s", text);
    gi_monitor_destroy(m);

    snprintf(many, sizeof many, "%d", cpus());
    setenv("SLURM_CPUS_PER_TASK", many, 1);
    m = run(0, 0.05, NULL);
    cr_assert_null(find_warning(m, "may run on only"));
    gi_monitor_destroy(m);
}

Test(monitor_warnings, gpu_allocated_but_cpu_backend_ran)
{
    setenv("CUDA_VISIBLE_DEVICES", "0", 1); /* as Slurm sets it for --gpus=1 */
    gi_monitor_workload w = cpu_work(1);
    gi_monitor *m = run(0, 0.05, &w);
    const char *text = find_warning(m, "1 GPU allocated (CUDA_VISIBLE_DEVICES=0) but the "
                                       "workload ran on the CPU (openmp)");
    cr_assert(text, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(text, "--device cuda"));
    gi_monitor_destroy(m);

    setenv("SLURM_GPUS_ON_NODE", "2", 1);
    m = run(0, 0.05, &w);
    cr_assert(find_warning(m, "2 GPUs allocated (SLURM_GPUS_ON_NODE=2)"), "%s",
              gi_monitor_summary_text(m));
    gi_monitor_destroy(m);

    gi_monitor_workload gpu = {.backend = "cuda", .kind = GI_DEVICE_GPU, .threads = 1, .gpu = 0};
    m = run(0, 0.05, &gpu);
    cr_assert_null(find_warning(m, "ran on the CPU"), "a GPU backend ran");
    gi_monitor_destroy(m);

    unsetenv("CUDA_VISIBLE_DEVICES");
    unsetenv("SLURM_GPUS_ON_NODE");
    m = run(0, 0.05, &w);
    cr_assert_null(find_warning(m, "ran on the CPU"), "no GPU was allocated");
    gi_monitor_destroy(m);
}

Test(monitor_warnings, many_cores_about_one_used)
{
    if (cpus() < 2)
        cr_skip_test("needs 2 CPUs in the affinity mask");
    /* One thread busy for 1.2 s (past GI_MONITOR_JUDGED_MIN_S) on >= 2 cores: whatever else
     * the machine runs, one thread never wants more than one core. */
    gi_monitor_workload w = cpu_work(1);
    gi_monitor *m = run(1, 1.2, &w);
    const char *text = find_warning(m, "the work ran on about one core");
    cr_assert(text, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(text, "Check --threads (it ran 1 thread) and OMP_NUM_THREADS"), "%s", text);
    gi_monitor_destroy(m);

    /* The same, too short to judge. */
    m = run(1, 0.3, &w);
    cr_assert_null(find_warning(m, "about one core"), "runs under 1 s are not judged");
    gi_monitor_destroy(m);
}

Test(monitor_warnings, busy_threads_on_every_core_are_not_underuse)
{
    int n = cpus();
    if (n < 2 || n > 8)
        cr_skip_test("needs 2 to 8 CPUs in the affinity mask (has %d)", n);
    if (access("/proc/self/schedstat", R_OK) != 0)
        cr_skip_test("no schedstat: a loaded machine would look like underuse");
    gi_monitor_workload w = cpu_work(n);
    gi_monitor *m = run(n, 1.2, &w);
    /* Threads that wanted every core are never told to use more, even when other processes
     * took some of the time (that is the contention warning's case). */
    cr_assert_null(find_warning(m, "about one core"), "%s", gi_monitor_summary_text(m));
    cr_assert_null(find_warning(m, "give the work more threads"), "%s", gi_monitor_summary_text(m));
    gi_monitor_destroy(m);
}

Test(monitor_warnings, threads_waiting_for_a_shared_core)
{
    if (access("/proc/self/schedstat", R_OK) != 0)
        cr_skip_test("no schedstat on this kernel");
    /* Two busy threads on one CPU: each waits about half the time. With the thread count
     * unknown (as for a monitored command), the runnable threads say it: the program itself
     * asks for two CPUs on one, and other processes are not blamed. */
    pin_one_cpu();
    gi_monitor_workload unknown = {.name = "a command", .gpu = -1};
    gi_monitor *m = run(2, 1.2, &unknown);
    const char *text = find_warning(m, "asks for more CPUs than it has");
    cr_assert(text, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(text, "on 1 allocated core (affinity mask)"), "%s", text);
    cr_assert(strstr(text, "ask for more cores (srun/sbatch -c 2)"), "%s", text);
    cr_assert_null(find_warning(m, "other processes share these cores"), "%s",
                   gi_monitor_summary_text(m));
    gi_monitor_summary s;
    gi_monitor_summarize(m, &s);
    cr_assert(s.runnable_avg > 1.5 && s.runnable_avg <= 2.05, "%g", s.runnable_avg);
    gi_monitor_destroy(m);

    /* One busy thread here, one busy process outside on the same CPU: the waiting comes from
     * outside, and only then are other processes blamed. */
    double outside = 1.6;
    pid_t other = fork();
    cr_assert(other >= 0);
    if (other == 0) {
        spin_wall(&outside);
        _exit(0);
    }
    m = run(1, 1.2, &unknown);
    waitpid(other, NULL, 0);
    text = find_warning(m, "for a CPU during the");
    cr_assert(text, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(text, "other processes share these cores"), "%s", text);
    cr_assert_null(find_warning(m, "asks for more CPUs"), "%s", gi_monitor_summary_text(m));
    gi_monitor_summarize(m, &s);
    cr_assert(s.runnable_avg > 0.5 && s.runnable_avg < 1.2, "%g", s.runnable_avg);
    gi_monitor_destroy(m);

    /* Known to have more threads than cores: that warning says it, not this one. */
    gi_monitor_workload w = cpu_work(2);
    m = run(2, 1.2, &w);
    cr_assert_null(find_warning(m, "for a CPU during the"), "%s", gi_monitor_summary_text(m));
    cr_assert(find_warning(m, "ran 2 threads on 1 allocated core"));
    gi_monitor_destroy(m);
}

Test(monitor_warnings, memory_near_its_limit)
{
    setenv("GPUINTEG_CGROUP_ROOT", gi_fixture("cgroup/v2-tight"), 1); /* memory.max = 1 MiB */
    gi_monitor *m = run(0, 0.05, NULL);
    const char *text = find_warning(m, "of the limit 1.0 MiB (");
    cr_assert(text, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(text, "memory.max: 1048576)"), "%s", text);
    cr_assert(strstr(text, "ask for more (--mem)"), "%s", text);
    gi_monitor_destroy(m);

    setenv("GPUINTEG_CGROUP_ROOT", gi_fixture("cgroup/v2-quota"), 1); /* 2 GiB */
    m = run(0, 0.05, NULL);
    cr_assert_null(find_warning(m, "of the limit"));
    gi_monitor_destroy(m);
}

Test(monitor_warnings, a_clean_run_has_none)
{
    gi_monitor_workload w = cpu_work(1);
    gi_monitor *m = run(0, 0.05, &w);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_eq(s.warning_count, 0, "%s", gi_monitor_summary_text(m));
    cr_assert_null(strstr(gi_monitor_summary_text(m), "Warning"));
    cr_assert(strstr(gi_monitor_json(m), "\"warnings\":[]"));
    gi_monitor_destroy(m);
}
