/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The job-wide report of a monitor with ranks (gi_monitor_add_rank), built from synthetic rank
 * records so that every case is exact: an idle rank, load imbalance in busy time, ranks
 * sharing a node's CPUs (union, oversubscription, cores left idle), the ranks' own warnings
 * said once, the text/JSON/HTML/CSV outputs, the record of the monitor's own process
 * (gi_monitor_rank_get), and gi_monitor_set_cpu_sharers on a real measurement.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gpuinteg/gpuinteg.h>

#include "run_cmd.h"

static char *dir;

static void setup(void)
{
    gi_monitor_test_clean_env();
    dir = gi_temp_dir();
}

static void teardown(void)
{
    gi_remove_tree(dir);
    free(dir);
}

TestSuite(monitor_job, .init = setup, .fini = teardown);

/* A monitor that ran (a moment) and stopped: the job's records go onto it, as on rank 0. */
static gi_monitor *started(void)
{
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.no_gpu = 1;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    return m;
}

/* Rank `rank` on node `node` ("a", "b", …): 1 core of its own (CPU `rank`), one openmp
 * thread, used `cores` of it for 2 s, device busy `busy` s. */
static gi_monitor_rank rank_rec(int rank, int node, double cores, double busy)
{
    static char lists[64][16];
    static const char *hosts[] = {"a", "b", "c", "d"};
    snprintf(lists[rank], sizeof lists[rank], "%d", rank);
    gi_monitor_rank r = {.rank = rank,
                         .node = node,
                         .host = hosts[node],
                         .duration_s = 2.0,
                         .cpu_allocated = 1,
                         .cpu_allocated_source = "affinity",
                         .cpu_list = lists[rank],
                         .cpu_time_s = 2.0 * cores,
                         .cpu_sharers = 1,
                         .mem_peak_rss_bytes = 100u << 20,
                         .backend = "openmp",
                         .device = "Test CPU",
                         .kind = GI_DEVICE_CPU,
                         .threads = 1,
                         .busy_time_s = busy,
                         .gpu_index = -1,
                         .gpu_util_percent_avg = NAN,
                         .gpu_mem_peak_bytes = NAN};
    return r;
}

static void add(gi_monitor *m, const gi_monitor_rank *r)
{
    cr_assert_eq(gi_monitor_add_rank(m, r), GI_STATUS_OK, "%s", gi_monitor_last_error(m));
}

/* The warning containing needle, or NULL; *count gets how many contain it. */
static const char *warning(gi_monitor *m, const char *needle, int *count)
{
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK, "%s", gi_monitor_last_error(m));
    const char *found = NULL;
    int n = 0;
    for (size_t i = 0; i < s.warning_count; i++)
        if (strstr(s.warnings[i], needle)) {
            found = found ? found : s.warnings[i];
            n++;
        }
    if (count)
        *count = n;
    return found;
}

static cJSON *job_json(gi_monitor *m)
{
    cJSON *u = cJSON_Parse(gi_monitor_json(m));
    cr_assert(u, "%s", gi_monitor_json(m));
    return u;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    cr_assert(cJSON_IsNumber(v), "%s missing or not a number", key);
    return v->valuedouble;
}

Test(monitor_job, one_idle_rank_of_four)
{
    /* 4 ranks on 1 core each; rank 3 computed nothing (its device timers say 0). */
    gi_monitor *m = started();
    for (int r = 0; r < 4; r++) {
        gi_monitor_rank x = rank_rec(r, r / 2, r == 3 ? 0.01 : 0.98, r == 3 ? 0.0 : 1.9);
        add(m, &x);
    }
    const char *w = warning(m, "idle", NULL);
    cr_assert(w, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(w, "4 ranks on 1 allocated core each, but rank 3 (on b) was idle (device busy "
                        "0 s against the other ranks' 1.9 s on average)"),
              "%s", w);
    cr_assert_null(warning(m, "load imbalance", NULL), "the idle rank is the whole story");
    gi_monitor_destroy(m);
}

Test(monitor_job, idle_by_cpu_time_when_no_rank_has_device_timers)
{
    gi_monitor *m = started();
    for (int r = 0; r < 3; r++) {
        gi_monitor_rank x = rank_rec(r, 0, r == 1 ? 0.02 : 0.9, 0);
        x.cpu_allocated = 2;
        add(m, &x);
    }
    const char *w = warning(m, "idle", NULL);
    cr_assert(w);
    cr_assert(strstr(w, "3 ranks on 2 allocated cores each, but rank 1 (on a) was idle (0.02 cores "
                        "used against the other ranks' 0.90 on average)"),
              "%s", w);
    gi_monitor_destroy(m);

    /* Everyone equally busy: no idle rank. */
    m = started();
    for (int r = 0; r < 3; r++) {
        gi_monitor_rank x = rank_rec(r, 0, 0.9, 0);
        add(m, &x);
    }
    cr_assert_null(warning(m, "idle", NULL));
    gi_monitor_destroy(m);
}

Test(monitor_job, load_imbalance_in_busy_time)
{
    /* Busy 1, 1, 1, 2 s: mean 1.25 s, the busiest 60% above it (over the 20% limit). */
    gi_monitor *m = started();
    for (int r = 0; r < 4; r++) {
        gi_monitor_rank x = rank_rec(r, 0, 0.95, r == 3 ? 2.0 : 1.0);
        add(m, &x);
    }
    const char *w = warning(m, "load imbalance", NULL);
    cr_assert(w, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(w, "device busy time from 1.00 s (rank 0) to 2.00 s (rank 3), the busiest "
                        "rank 60% above the mean of 1.25 s: the job waits for rank 3"),
              "%s", w);
    cJSON *u = job_json(m);
    const cJSON *job = cJSON_GetObjectItem(u, "job");
    cr_assert_float_eq(num(job, "busy_imbalance"), 0.6, 1e-12);
    cr_assert_float_eq(num(job, "busy_mean_s"), 1.25, 1e-12);
    cJSON_Delete(u);
    gi_monitor_destroy(m);

    /* 1.0 and 1.3 s: 13% above the mean of 1.15 s, within the limit. */
    m = started();
    gi_monitor_rank a = rank_rec(0, 0, 0.9, 1.0), b = rank_rec(1, 0, 0.9, 1.3);
    add(m, &a);
    add(m, &b);
    cr_assert_null(warning(m, "load imbalance", NULL));
    gi_monitor_destroy(m);
}

Test(monitor_job, short_jobs_are_not_judged)
{
    gi_monitor *m = started();
    for (int r = 0; r < 2; r++) {
        gi_monitor_rank x = rank_rec(r, 0, r ? 0.0 : 0.9, r ? 0.0 : 0.4);
        x.duration_s = 0.5; /* under GI_MONITOR_JUDGED_MIN_S */
        add(m, &x);
    }
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_eq(s.warning_count, 0, "%s", gi_monitor_summary_text(m));
    gi_monitor_destroy(m);
}

Test(monitor_job, ranks_sharing_a_node_cpus)
{
    /* Two ranks that may both run anywhere on CPUs 0-1 (mpirun --bind-to none), two threads
     * each: the node has 2 CPUs, not 4, and 4 threads oversubscribe them. */
    gi_monitor *m = started();
    for (int r = 0; r < 2; r++) {
        gi_monitor_rank x = rank_rec(r, 0, 0.95, 1.5);
        x.cpu_list = "0-1";
        x.cpu_allocated = 2;
        x.threads = 2;
        x.cpu_sharers = 2;
        add(m, &x);
    }
    const char *w = warning(m, "node a:", NULL);
    cr_assert(w, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(w, "node a: 2 ranks run 4 threads on 2 allocated cores (the ranks' CPU sets "
                        "overlap): the threads take turns and slow each other down; use "
                        "--threads 1 per rank"),
              "%s", w);
    cJSON *u = job_json(m);
    const cJSON *job = cJSON_GetObjectItem(u, "job");
    const cJSON *node = cJSON_GetArrayItem(cJSON_GetObjectItem(job, "per_node"), 0);
    cr_assert_eq(num(node, "cpu_allocated"), 2, "the union of the two sets");
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(node, "cpus_shared")));
    cr_assert_eq(num(node, "threads"), 4);
    cr_assert_float_eq(num(cJSON_GetObjectItem(job, "cpu"), "used_cores"), 1.9, 1e-12);
    cr_assert_float_eq(num(cJSON_GetObjectItem(job, "cpu"), "percent"), 95, 1e-9);
    cJSON_Delete(u);
    gi_monitor_destroy(m);

    /* The same ranks bound to one CPU each: 2 CPUs by the sum, nothing shared, no warning. */
    m = started();
    for (int r = 0; r < 2; r++) {
        gi_monitor_rank x = rank_rec(r, 0, 0.95, 1.5);
        add(m, &x);
    }
    cr_assert_null(warning(m, "node a:", NULL), "%s", gi_monitor_summary_text(m));
    u = job_json(m);
    node = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(u, "job"), "per_node"), 0);
    cr_assert_eq(num(node, "cpu_allocated"), 2);
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(node, "cpus_shared")));
    cJSON_Delete(u);
    gi_monitor_destroy(m);
}

Test(monitor_job, shared_node_with_idle_cores)
{
    /* Two single-threaded ranks on a shared 4-CPU set, 0.5 cores each: 1 of 4 used. */
    gi_monitor *m = started();
    for (int r = 0; r < 2; r++) {
        gi_monitor_rank x = rank_rec(r, 0, 0.5, 0.9);
        x.cpu_list = "0-3";
        x.cpu_allocated = 4;
        x.cpu_sharers = 2;
        add(m, &x);
    }
    const char *w = warning(m, "node a:", NULL);
    cr_assert(w, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(w, "node a: 2 ranks used 1.00 of 4 allocated cores (25%): give each rank more "
                        "threads (--threads 2)"),
              "%s", w);
    gi_monitor_destroy(m);
}

Test(monitor_job, the_ranks_own_warnings_once_each)
{
    gi_monitor *m = started();
    const char *same[] = {"memory near its limit"};
    const char *other[] = {"memory near its limit", "Slurm allocated 4 CPUs"};
    for (int r = 0; r < 3; r++) {
        gi_monitor_rank x = rank_rec(r, 0, 0.9, 1.0);
        x.warnings = r == 2 ? other : same;
        x.warning_count = r == 2 ? 2 : 1;
        add(m, &x);
    }
    int n;
    const char *w = warning(m, "memory near its limit", &n);
    cr_assert_eq(n, 1, "said once");
    cr_assert_str_eq(w, "ranks 0–2: memory near its limit");
    w = warning(m, "Slurm allocated", &n);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(w, "rank 2 (a): Slurm allocated 4 CPUs");
    gi_monitor_destroy(m);
}

Test(monitor_job, text_json_and_ranks_in_order)
{
    gi_monitor *m = started();
    /* Added out of order, listed by rank; rank 2 on a GPU shared with rank 3. */
    int order[] = {3, 0, 2, 1};
    for (int i = 0; i < 4; i++) {
        int r = order[i];
        gi_monitor_rank x = rank_rec(r, r / 2, 0.9, 1.0);
        if (r >= 2) {
            x.kind = GI_DEVICE_GPU;
            x.backend = "cuda";
            x.gpu_uuid = "GPU-1234";
            x.gpu_name = "Test GPU";
            x.gpu_index = 0;
            x.gpu_util_percent_avg = 70;
        }
        add(m, &x);
    }
    cr_assert_eq(gi_monitor_rank_count(m), 4);
    const char *text = gi_monitor_summary_text(m);
    cr_assert(strstr(text, "Utilization: job of 4 ranks on 2 nodes, 2.00 s,"), "%s", text);
    cr_assert(strstr(text, "\nCPU: 3.60 of 4 allocated cores used (90%) by 4 ranks\n"), "%s", text);
    cr_assert(strstr(text, "  node 0 a: ranks 0, 1, 1.80 of 2 allocated cores (90%)"), "%s", text);
    cr_assert(strstr(text, "  node 1 b: ranks 2, 3, 1.80 of 2 allocated cores (90%)"), "%s", text);
    const char *r0 = strstr(text, "  rank 0 on a: 0.90 of 1 allocated core (90%), 1 thread, "
                                  "openmp, busy 1.00 s, peak memory 100 MiB\n");
    const char *r1 = strstr(text, "  rank 1 on a:");
    cr_assert(r0 && r1 && r0 < r1, "%s", text);
    cr_assert(strstr(text, "GPU 0 Test GPU on b (ranks 2, 3): 70% busy, kernels 2.00 s (device "
                           "timers)\n"),
              "%s", text);

    cJSON *u = job_json(m);
    const cJSON *job = cJSON_GetObjectItem(u, "job");
    cr_assert_eq(num(job, "ranks"), 4);
    cr_assert_eq(num(job, "nodes"), 2);
    const cJSON *ranks = cJSON_GetObjectItem(job, "per_rank");
    cr_assert_eq(cJSON_GetArraySize(ranks), 4);
    for (int r = 0; r < 4; r++)
        cr_assert_eq(num(cJSON_GetArrayItem(ranks, r), "rank"), r);
    const cJSON *gpus = cJSON_GetObjectItem(job, "gpus");
    cr_assert_eq(cJSON_GetArraySize(gpus), 1, "one GPU, by its UUID");
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(gpus, 0), "ranks")), 2);
    cr_assert_float_eq(num(cJSON_GetArrayItem(gpus, 0), "busy_time_s"), 2.0, 1e-12);
    cJSON_Delete(u);
    gi_monitor_destroy(m);
}

Test(monitor_job, bad_records_are_refused)
{
    gi_monitor *m = started();
    gi_monitor_rank x = rank_rec(0, 0, 0.9, 1.0);
    add(m, &x);
    cr_assert_eq(gi_monitor_add_rank(m, &x), GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_monitor_last_error(m), "rank 0 was added before"));
    x.rank = -1;
    cr_assert_eq(gi_monitor_add_rank(m, &x), GI_STATUS_INVALID_ARGUMENT);
    x.rank = 1;
    x.cpu_sharers = 0;
    cr_assert_eq(gi_monitor_add_rank(m, &x), GI_STATUS_INVALID_ARGUMENT);
    x.cpu_sharers = 1;
    x.sample_count = GI_MONITOR_RANK_MAX_SAMPLES + 1;
    static gi_monitor_rank_sample many[GI_MONITOR_RANK_MAX_SAMPLES + 1];
    x.samples = many;
    cr_assert_eq(gi_monitor_add_rank(m, &x), GI_STATUS_INVALID_ARGUMENT);
    x.samples = NULL;
    cr_assert_eq(gi_monitor_add_rank(m, &x), GI_STATUS_MISUSE);
    cr_assert_eq(gi_monitor_add_rank(NULL, &x), GI_STATUS_MISUSE);
    cr_assert_eq(gi_monitor_rank_count(m), 1);
    cr_assert_eq(gi_monitor_set_cpu_sharers(m, 0), GI_STATUS_INVALID_ARGUMENT);
    gi_monitor_destroy(m);
}

/* Runs the strict HTML check; returns its JSON verdict. */
static cJSON *html_check(const char *path)
{
    const char *py = getenv("GI_TEST_PYTHON"), *script = getenv("GI_TEST_HTML_CHECK");
    cr_assert(py && script, "CTest sets GI_TEST_PYTHON and GI_TEST_HTML_CHECK");
    const char *argv[] = {py, script, path, NULL};
    gi_run_opts o = {.cpu = -1, .timeout_s = 60};
    gi_cli_result *r = gi_run_cmd(argv, &o);
    cr_assert_eq(r->exit_code, 0, "HTML check failed: %s", r->err);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(j);
    free(r);
    return j;
}

Test(monitor_job, reports_have_every_rank)
{
    gi_monitor *m = started();
    gi_monitor_rank_sample tl[3] = {{0, NAN, 1e8}, {1, 0.5, 1.2e8}, {2, 0.75, 1.1e8}};
    for (int r = 0; r < 3; r++) {
        gi_monitor_rank x = rank_rec(r, 0, 0.9, r == 2 ? 3.0 : 1.0);
        x.host = "<node&1>";
        x.samples = tl;
        x.sample_count = 3;
        add(m, &x);
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/job.html", dir);
    cr_assert_eq(gi_monitor_write_report(m, path), GI_STATUS_OK, "%s", gi_monitor_last_error(m));
    cJSON *v = html_check(path);
    const char *text = cJSON_GetObjectItem(v, "text")->valuestring;
    cr_assert(strstr(text, "Utilization report: job of 3 ranks"), "%s", text);
    cr_assert(strstr(text, "Nodes"));
    cr_assert(strstr(text, "0 <node&1>"), "escaped host shown as text: %s", text);
    cr_assert(strstr(text, "load imbalance"), "the job's warnings: %s", text);
    cr_assert(strstr(text, "Rank 0's process"));
    const cJSON *captions = cJSON_GetObjectItem(v, "captions");
    cr_assert_str_eq(cJSON_GetArrayItem(captions, 0)->valuestring, "CPU cores used per rank");
    cJSON_Delete(v);

    snprintf(path, sizeof path, "%s/job.csv", dir);
    cr_assert_eq(gi_monitor_write_report(m, path), GI_STATUS_OK);
    char *csv = gi_read_file(path, NULL);
    cr_assert(csv);
    cr_assert(strncmp(csv,
                      "rank,node,host,t_s,cores,rss_bytes\n0,0,\"<node&1>\",0.000000,,"
                      "100000000\n0,0,\"<node&1>\",1.000000,0.5000,120000000\n",
                      strlen("rank,node,host,t_s,cores,rss_bytes\n0,0,\"<node&1>\",0.000000,,"
                             "100000000\n0,0,\"<node&1>\",1.000000,0.5000,120000000\n")) == 0,
              "%s", csv);
    cr_assert_eq(gi_count_lines(csv), 1 + 3 * 3);
    free(csv);

    snprintf(path, sizeof path, "%s/job.json", dir);
    cr_assert_eq(gi_monitor_write_report(m, path), GI_STATUS_OK);
    char *text_json = gi_read_file(path, NULL);
    cJSON *j = cJSON_Parse(text_json);
    free(text_json);
    const cJSON *ranks = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(j, "utilization"), "job"), "per_rank");
    cr_assert_eq(cJSON_GetArraySize(ranks), 3);
    const cJSON *samples = cJSON_GetObjectItem(cJSON_GetArrayItem(ranks, 2), "samples");
    cr_assert_eq(cJSON_GetArraySize(samples), 3, "the report carries each rank's timeline");
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(samples, 0), "cores")));
    cr_assert_float_eq(num(cJSON_GetArrayItem(samples, 2), "cores"), 0.75, 1e-15);
    cJSON_Delete(j);
    gi_monitor_destroy(m);
}

static double clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One busy thread for `seconds` under a monitor sampling every 50 ms. */
static gi_monitor *one_busy_thread(double seconds)
{
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.no_gpu = 1;
    o.sample_ms = 50;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    gi_wait_until_idle();
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    volatile double x = 0;
    for (double end = clock_s() + seconds; clock_s() < end;)
        for (int i = 0; i < 10000; i++)
            x += sqrt((double)i);
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    gi_monitor_workload w = {.name = "integrate",
                             .backend = "openmp",
                             .device = "CPU",
                             .kind = GI_DEVICE_CPU,
                             .threads = 1,
                             .gpu = -1,
                             .busy_time_s = seconds};
    gi_monitor_set_workload(m, &w);
    return m;
}

/* A task of `srun gpuinteg monitor -- CMD` ran a command, not a backend: its Ran cell says so
 * (it showed "?" once). */
Test(monitor_job, a_task_that_ran_a_command)
{
    gi_monitor *m = started();
    for (int r = 0; r < 2; r++) {
        gi_monitor_rank x = rank_rec(r, 0, 0.9, 0);
        x.backend = NULL;
        x.device = NULL;
        x.kind = (gi_device_kind)0; /* what gi_monitor_rank_get gives for a command */
        x.threads = 0;
        add(m, &x);
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/job.html", dir);
    cr_assert_eq(gi_monitor_write_report(m, path), GI_STATUS_OK, "%s", gi_monitor_last_error(m));
    cJSON *v = html_check(path);
    const char *text = cJSON_GetObjectItem(v, "text")->valuestring;
    cr_assert(strstr(text, "0aa command1 (CPU 0)"), "rank 0's row: %s", text);
    cr_assert(strstr(text, "1aa command1 (CPU 1)"), "rank 1's row: %s", text);
    cr_assert_null(strstr(text, "?"), "%s", text);
    cJSON_Delete(v);
    gi_monitor_destroy(m);
}

/* Counts of one are singular wherever the reports print them ("1 (CPU 0)", not "1 (CPUs 0)"). */
Test(monitor_job, counts_of_one_in_the_singular)
{
    gi_monitor *m = started();
    gi_monitor_rank x = rank_rec(0, 0, 0.9, 1.0);
    add(m, &x);
    x = rank_rec(1, 1, 1.8, 1.0);
    x.cpu_allocated = 2;
    x.cpu_list = "2-3";
    x.threads = 2;
    add(m, &x);
    char path[4200];
    snprintf(path, sizeof path, "%s/job.html", dir);
    cr_assert_eq(gi_monitor_write_report(m, path), GI_STATUS_OK, "%s", gi_monitor_last_error(m));
    cJSON *v = html_check(path);
    const char *text = cJSON_GetObjectItem(v, "text")->valuestring;
    cr_assert(strstr(text, "openmp, 1 thread"), "%s", text);
    cr_assert(strstr(text, "1 (CPU 0)"), "rank 0's one CPU: %s", text);
    cr_assert(strstr(text, "openmp, 2 threads"), "%s", text);
    cr_assert(strstr(text, "2 (CPUs 2-3)"), "rank 1's two CPUs: %s", text);
    cr_assert_null(strstr(text, "1 CPUs"), "%s", text);
    cr_assert_null(strstr(text, "(CPUs 0)"), "%s", text);
    cJSON_Delete(v);
    const char *sum = gi_monitor_summary_text(m);
    cr_assert(strstr(sum, "  node 0 a: rank 0, 0.90 of 1 allocated core (90%)"), "%s", sum);
    cr_assert(strstr(sum, "  node 1 b: rank 1, 1.80 of 2 allocated cores (90%)"), "%s", sum);
    gi_monitor_destroy(m);
}

Test(monitor_job, own_record_adds_up, .timeout = 60)
{
    gi_monitor *m = one_busy_thread(0.6);
    gi_monitor_rank r;
    cr_assert_eq(gi_monitor_rank_get(m, &r), GI_STATUS_OK);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_eq(r.duration_s, s.duration_s);
    cr_assert_eq(r.cpu_time_s, s.cpu_time_s);
    cr_assert_eq(r.cpu_allocated, s.cpu_allocated);
    cr_assert_str_eq(r.backend, "openmp");
    cr_assert_eq(r.threads, 1);
    cr_assert_eq(r.cpu_sharers, 1);
    cr_assert_eq(r.gpu_index, -1);
    cr_assert(r.cpu_list && r.cpu_list[0], "the affinity mask as a list");
    cr_assert_eq(r.sample_count, s.samples, "few samples: none thinned");
    cr_assert(isnan(r.samples[0].cores));
    /* The intervals' cores times their lengths give back the CPU time after the first sample. */
    gi_monitor_sample first;
    cr_assert_eq(gi_monitor_sample_get(m, 0, &first), GI_STATUS_OK);
    double cpu = first.cpu_time_s;
    for (size_t i = 1; i < r.sample_count; i++)
        cpu += r.samples[i].cores * (r.samples[i].t_s - r.samples[i - 1].t_s);
    cr_assert_float_eq(cpu, r.cpu_time_s, 1e-9);
    cr_assert_eq(r.samples[r.sample_count - 1].t_s, r.duration_s);
    gi_monitor_destroy(m);
}

Test(monitor_job, sharers_leave_underuse_to_the_node, .timeout = 60)
{
    cpu_set_t set;
    cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
    if (CPU_COUNT(&set) < 2)
        cr_skip_test("needs 2 CPUs (one thread on two cores is the underuse case)");
    /* One busy thread on ≥ 2 allocated cores: on its own, underuse. */
    gi_monitor *m = one_busy_thread(1.2);
    cr_assert(warning(m, "the work ran on about one core", NULL), "%s", gi_monitor_summary_text(m));
    /* The same process as one of two ranks sharing those CPUs: the node judges it. */
    cr_assert_eq(gi_monitor_set_cpu_sharers(m, 2), GI_STATUS_OK);
    cr_assert_null(warning(m, "the work ran on about one core", NULL), "%s",
                   gi_monitor_summary_text(m));
    gi_monitor_rank r;
    cr_assert_eq(gi_monitor_rank_get(m, &r), GI_STATUS_OK);
    cr_assert_eq(r.cpu_sharers, 2);
    gi_monitor_destroy(m);
}
