/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The whole job's figures from fake cgroup trees (GPUINTEG_CGROUP_ROOT) laid out as Slurm's
 * task/cgroup lays them out — cgroup v2 (system.slice/slurmstepd.scope/job_N/step_S) and v1
 * (cpuacct|memory/slurm/uid_U/job_N) — and from a fake sstat: the exact CPU time and memory the
 * files say, the method named, and the steps a watched command starts counted with it.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "run_cmd.h"

static char root[64];

static void mkdirs(const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
    cr_assert_eq(system(cmd), 0);
}

/* Writes root/rel atomically (the sampler never reads half a number). */
static void put(const char *rel, const char *text)
{
    char path[512], tmp[520], dir[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    mkdirs(dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    cr_assert(f, "%s", tmp);
    fputs(text, f);
    fclose(f);
    cr_assert_eq(rename(tmp, path), 0);
}

static void setup(void)
{
    gi_monitor_test_clean_env();
    snprintf(root, sizeof root, "/tmp/gi-cgroup-XXXXXX");
    cr_assert(mkdtemp(root));
    setenv("GPUINTEG_CGROUP_ROOT", root, 1);
    setenv("SLURM_JOB_ID", "42", 1);
    /* A fake squeue first on PATH: it knows nothing of job 42 unless a test says otherwise
     * (FAKE_SQUEUE_OUT), so the job's start stays unknown. */
    put("bin/squeue",
        "#!/bin/sh\n[ -n \"$FAKE_SQUEUE_OUT\" ] || exit 1\necho \"$FAKE_SQUEUE_OUT\"\n");
    char script[128], path[4096];
    snprintf(script, sizeof script, "%s/bin/squeue", root);
    chmod(script, 0755);
    snprintf(path, sizeof path, "%s/bin:%s", root, getenv("PATH"));
    setenv("PATH", path, 1);
    unsetenv("FAKE_SQUEUE_OUT");
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    cr_assert_eq(system(cmd), 0);
    unsetenv("GPUINTEG_CGROUP_ROOT");
    unsetenv("GPUINTEG_JOB_SOURCE");
}

TestSuite(monitor_job_usage, .init = setup, .fini = teardown);

static gi_monitor *started(int scope)
{
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.no_gpu = 1;
    o.scope = scope;
    o.sample_ms = 60000; /* the readings at the start and the stop only */
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK, "%s", gi_monitor_last_error(m));
    return m;
}

#define V2_JOB "system.slice/slurmstepd.scope/job_42"

Test(monitor_job_usage, cgroup_v2_whole_job)
{
    put("cgroup.controllers", "cpuset cpu io memory pids\n");
    put(V2_JOB "/cpu.stat", "usage_usec 5000000\nuser_usec 4000000\nsystem_usec 1000000\n");
    put(V2_JOB "/memory.current", "104857600\n");
    put(V2_JOB "/memory.peak", "209715200\n");
    put(V2_JOB "/step_batch/cpu.stat", "usage_usec 1000000\n");
    put(V2_JOB "/step_batch/cgroup.procs", "999991\n");
    gi_monitor *m = started(GI_MONITOR_SCOPE_JOB);
    cr_assert_eq(gi_monitor_job_processes(m), 1, "the batch step's other process");
    put(V2_JOB "/cpu.stat", "usage_usec 7500000\nuser_usec 6000000\nsystem_usec 1500000\n");
    put(V2_JOB "/step_batch/cgroup.procs", "");
    cr_assert_eq(gi_monitor_job_processes(m), 0, "nothing else left in the job");
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_float_eq(s.cpu_time_s, 2.5, 1e-9, "usage_usec 7.5 s - 5 s at the start");
    cr_assert_eq(s.mem_peak_rss_bytes, 209715200u, "memory.peak");
    char want[300];
    snprintf(want, sizeof want, "cgroup v2: %s/" V2_JOB, root);
    cr_assert_str_eq(s.method, want);
    cr_assert(strstr(gi_monitor_summary_text(m), "\nMeasured: cgroup v2: "));
    cr_assert(strstr(gi_monitor_json(m), "\"method\":\"cgroup v2: "));
    gi_monitor_destroy(m);
}

Test(monitor_job_usage, cgroup_v1_whole_job)
{
    put("cpuacct/slurm/uid_1000/job_42/cpuacct.usage", "3000000000\n");
    put("memory/slurm/uid_1000/job_42/memory.usage_in_bytes", "104857600\n");
    put("memory/slurm/uid_1000/job_42/memory.max_usage_in_bytes", "314572800\n");
    gi_monitor *m = started(GI_MONITOR_SCOPE_JOB);
    put("cpuacct/slurm/uid_1000/job_42/cpuacct.usage", "4250000000\n");
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_float_eq(s.cpu_time_s, 1.25, 1e-9, "cpuacct.usage in ns");
    cr_assert_eq(s.mem_peak_rss_bytes, 314572800u, "memory.max_usage_in_bytes");
    char want[400];
    snprintf(want, sizeof want,
             "cgroup v1: %s/cpuacct/slurm/uid_1000/job_42 (memory: %s/memory/slurm/uid_1000/"
             "job_42)",
             root, root);
    cr_assert_str_eq(s.method, want);
    gi_monitor_destroy(m);
}

Test(monitor_job_usage, steps_begun_by_the_watched_command_count)
{
    /* gpuinteg monitor -- srun ... in a batch script: the tasks are a new step, not children. */
    put("cgroup.controllers", "cpu memory\n");
    put(V2_JOB "/cpu.stat", "usage_usec 1000000\n");
    put(V2_JOB "/step_batch/cpu.stat", "usage_usec 1000000\n");
    gi_monitor *m = started(GI_MONITOR_SCOPE_AUTO);
    put(V2_JOB "/step_0/cpu.stat", "usage_usec 3000000\n");
    put(V2_JOB "/step_0/memory.current", "52428800\n");
    put(V2_JOB "/step_batch/cpu.stat", "usage_usec 9000000\n"); /* not the command's */
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    /* 3 s of the new step, plus this process's own (a few ms). */
    cr_assert(s.cpu_time_s >= 3.0 && s.cpu_time_s < 3.2, "%g", s.cpu_time_s);
    cr_assert_geq(s.mem_peak_rss_bytes, 52428800u);
    cr_assert(strstr(s.method, "this process (all its threads), and the job steps begun while "
                               "it ran (cgroup v2: "),
              "%s", s.method);
    gi_monitor_destroy(m);
}

Test(monitor_job_usage, sstat_where_nothing_else_sees_the_job)
{
    /* A fake sstat on PATH that prints what the test wrote. */
    char out[256], script[300];
    snprintf(out, sizeof out, "%s/sstat.out", root);
    put("sstat.out", "42.batch|cpu=00:00:02,energy=0,fs/disk=0,mem=10240K,pages=0,vmem=0\n");
    put("bin/sstat", "#!/bin/sh\ncat \"$FAKE_SSTAT_OUT\"\n");
    snprintf(script, sizeof script, "%s/bin/sstat", root);
    chmod(script, 0755);
    setenv("FAKE_SSTAT_OUT", out, 1);
    setenv("GPUINTEG_JOB_SOURCE", "sstat", 1);
    gi_monitor *m = started(GI_MONITOR_SCOPE_JOB);
    put("sstat.out", "42.batch|cpu=00:00:02,energy=0,fs/disk=0,mem=10240K,pages=0,vmem=0\n"
                     "42.0|cpu=01:03.500,energy=0,fs/disk=0,mem=2048M,pages=0,vmem=0\n");
    /* sstat is asked at most every 2 s. */
    struct timespec d = {2, 200000000};
    nanosleep(&d, NULL);
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_float_eq(s.cpu_time_s, 63.5, 1e-9, "the new step's 1:03.500");
    cr_assert_eq(s.mem_peak_rss_bytes, 10240u * 1024 + 2048ull * 1048576, "both steps' mem");
    cr_assert(strncmp(s.method, "sstat (", 7) == 0, "%s", s.method);
    cr_assert(isnan(s.runnable_avg), "sstat cannot count runnable threads");
    cr_assert_eq(gi_monitor_job_processes(m), -1);
    gi_monitor_destroy(m);
}

Test(monitor_job_usage, whole_job_outside_a_job_is_refused)
{
    unsetenv("SLURM_JOB_ID");
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.scope = GI_MONITOR_SCOPE_JOB;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_monitor_last_error(m), "not inside a Slurm job"));
    gi_monitor_destroy(m);
    o.scope = 7;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_INVALID_ARGUMENT);
}

Test(monitor_job_usage, time_limit_and_memory_advice)
{
    /* The job began 30 s ago with a 10-minute limit (squeue's %l|%S) and --mem=1000 (MiB). */
    time_t began = time(NULL) - 30;
    struct tm tm;
    localtime_r(&began, &tm);
    char line[64];
    strftime(line, sizeof line, "10:00|%Y-%m-%dT%H:%M:%S", &tm);
    setenv("FAKE_SQUEUE_OUT", line, 1);
    setenv("SLURM_MEM_PER_NODE", "1000", 1);
    setenv("SLURM_JOB_NAME", "course-lab", 1);
    setenv("SLURM_JOB_ACCOUNT", "edu-hpc", 1);
    setenv("SLURM_JOB_PARTITION", "batch", 1);
    setenv("SLURM_JOB_NODELIST", "b-cn1[01-02]", 1);
    gi_monitor *m = started(GI_MONITOR_SCOPE_AUTO);
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_str_eq(s.job_id, "42");
    cr_assert_str_eq(s.job_name, "course-lab");
    cr_assert_str_eq(s.job_account, "edu-hpc");
    cr_assert_str_eq(s.job_partition, "batch");
    cr_assert_str_eq(s.job_nodes, "b-cn1[01-02]");
    cr_assert_float_eq(s.time_limit_s, 600.0, 1e-9);
    cr_assert(s.job_elapsed_s >= 29 && s.job_elapsed_s <= 33, "%g", s.job_elapsed_s);
    cr_assert_eq(s.mem_limit_bytes, 1000ull * 1048576);
    /* Peak / 0.7 rounded up to 64 MiB: a process of this size asks for 64 MiB. */
    uint64_t want = (uint64_t)(ceil((double)s.mem_peak_rss_bytes / 0.7 / 67108864.0) * 67108864.0);
    cr_assert_eq(s.mem_suggested_bytes, want, "%llu", (unsigned long long)s.mem_suggested_bytes);
    int time_note = 0, mem_note = 0;
    for (size_t i = 0; i < s.warning_count; i++) {
        time_note |= strstr(s.warnings[i], "of its 10:00 time limit (5%) when this run ended") &&
                     strstr(s.warnings[i], "--time=1:00");
        mem_note |= strstr(s.warnings[i], "of the 1000 MiB requested (SLURM_MEM_PER_NODE=1000)") &&
                    strstr(s.warnings[i], "--mem=64M");
    }
    cr_assert(time_note, "%s", gi_monitor_summary_text(m));
    cr_assert(mem_note, "%s", gi_monitor_summary_text(m));
    cr_assert(
        strstr(gi_monitor_summary_text(m),
               "\nJob: 42 (course-lab), account edu-hpc, partition batch, nodes b-cn1[01-02]; "
               "time limit 10 min 00 s, "),
        "%s", gi_monitor_summary_text(m));
    gi_monitor_destroy(m);
}
