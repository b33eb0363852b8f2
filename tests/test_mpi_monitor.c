/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The job-wide utilization report of an MPI run: every rank samples its own process, rank 0
 * gathers the records and writes one report — both ranks in the JSON, the HTML page and the
 * CSV; ranks that share a node's CPUs judged for the node; a bad --report path refused once
 * before the run. Also the records' serialisation (host/mpi/monitor_ranks.c) on its own.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "mpi/monitor_ranks.h"
#include "mpi_run.h"
#include "run_cmd.h"

static char *dir;

static void setup(void)
{
    dir = gi_temp_dir();
}

static void teardown(void)
{
    gi_remove_tree(dir);
    free(dir);
}

TestSuite(mpi_monitor, .init = setup, .fini = teardown);

static const char *path_in(const char *name)
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    cr_assert(cJSON_IsNumber(v), "%s missing or not a number", key);
    return v->valuedouble;
}

static const cJSON *path(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
    x = b ? cJSON_GetObjectItemCaseSensitive(x, b) : x;
    cr_assert(x, "%s.%s missing", a, b ? b : "");
    return x;
}

Test(mpi_monitor, records_survive_the_serialisation)
{
    gi_monitor_rank_sample tl[3] = {{0, NAN, 1e6}, {0.1, 1.5, 2e6}, {0.2, 0.25, 3e6}};
    const char *warnings[] = {"first warning", "second, with ünïcode"};
    gi_monitor_rank r = {.rank = 5,
                         .node = 2,
                         .host = "node-7",
                         .duration_s = 1.25,
                         .cpu_allocated = 4,
                         .cpu_allocated_source = "slurm",
                         .cpu_list = "0-3,8",
                         .cpu_time_s = 3.5,
                         .cpu_wait_s = 0.125,
                         .cpu_peak_cores = 3.9,
                         .cpu_sharers = 2,
                         .mem_peak_rss_bytes = 123456789,
                         .mem_limit_bytes = 1ull << 33,
                         .backend = "cuda",
                         .device = NULL,
                         .kind = GI_DEVICE_GPU,
                         .threads = 1,
                         .busy_time_s = 0.75,
                         .gpu_uuid = "GPU-abc",
                         .gpu_name = "Test GPU",
                         .gpu_index = 3,
                         .gpu_util_percent_avg = 61.5,
                         .gpu_mem_peak_bytes = NAN,
                         .warning_count = 2,
                         .warnings = warnings,
                         .sample_count = 3,
                         .samples = tl};
    void *buf;
    size_t size;
    cr_assert(gi_mpi_rank_pack(&r, GI_MONITOR_RANK_MAX_SAMPLES, &buf, &size));
    cr_assert_eq(size % 8, 0);
    gi_monitor_rank x;
    const char **w;
    cr_assert(gi_mpi_rank_unpack(buf, size, &x, &w));
    cr_assert_eq(x.rank, 5);
    cr_assert_eq(x.node, 2);
    cr_assert_str_eq(x.host, "node-7");
    cr_assert_str_eq(x.cpu_allocated_source, "slurm");
    cr_assert_str_eq(x.cpu_list, "0-3,8");
    cr_assert_null(x.device, "NULL stays NULL");
    cr_assert_str_eq(x.gpu_uuid, "GPU-abc");
    cr_assert_eq(x.kind, GI_DEVICE_GPU);
    cr_assert_eq(x.cpu_sharers, 2);
    cr_assert_eq(x.gpu_index, 3);
    cr_assert_eq(x.duration_s, 1.25);
    cr_assert_eq(x.cpu_time_s, 3.5);
    cr_assert_eq(x.mem_limit_bytes, 1ull << 33);
    cr_assert_eq(x.gpu_util_percent_avg, 61.5);
    cr_assert(isnan(x.gpu_mem_peak_bytes));
    cr_assert_eq(x.warning_count, 2);
    cr_assert_str_eq(x.warnings[1], "second, with ünïcode");
    cr_assert_eq(x.sample_count, 3);
    cr_assert(isnan(x.samples[0].cores));
    cr_assert_eq(x.samples[2].rss_bytes, 3e6);
    free(w);

    /* Every shorter buffer is refused, never read past its end. */
    for (size_t cut = 0; cut < size - 8; cut += 8) {
        void *copy = malloc(cut + 8);
        memcpy(copy, buf, cut);
        cr_assert_not(gi_mpi_rank_unpack(copy, cut, &x, &w), "cut at %zu of %zu", cut, size);
        free(copy);
    }
    free(buf);

    /* A record sent without its timeline. */
    cr_assert(gi_mpi_rank_pack(&r, 0, &buf, &size));
    cr_assert(gi_mpi_rank_unpack(buf, size, &x, &w));
    cr_assert_eq(x.sample_count, 0);
    free(w);
    free(buf);
}

/* Runs the strict HTML check of tests/support/html_check.py; returns the page's text. */
static char *html_text(const char *file)
{
    const char *py = getenv("GI_TEST_PYTHON"), *script = getenv("GI_TEST_HTML_CHECK");
    cr_assert(py && script, "CTest sets GI_TEST_PYTHON and GI_TEST_HTML_CHECK");
    const char *argv[] = {py, script, file, NULL};
    gi_run_opts o = {.cpu = -1, .timeout_s = 60};
    gi_cli_result *r = gi_run_cmd(argv, &o);
    cr_assert_eq(r->exit_code, 0, "HTML check failed: %s", r->err);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(j);
    char *text = strdup(cJSON_GetObjectItem(j, "text")->valuestring);
    cJSON_Delete(j);
    free(r);
    return text;
}

Test(mpi_monitor, two_ranks_in_the_json_and_the_page, .timeout = 180)
{
    const char *html = path_in("job.html");
    const char *args[] = {"-np", "2",    "--bind-to", "core",     "@CLI", "--device", "openmp",
                          "-n",  "6000", "--json",    "--report", html,   NULL};
    gi_cli_result *r = gi_mpirun(args, NULL, 120);
    cr_assert_not(r->timed_out, "%s", r->err);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_eq(gi_count_lines(r->out), 1, "one result: %s", r->out);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(j, "%s", r->out);
    cr_assert_eq(num(j, "ranks"), 2);
    const cJSON *job = path(j, "utilization", "job");
    cr_assert_eq(num(job, "ranks"), 2);
    cr_assert_eq(num(job, "nodes"), 1);
    const cJSON *ranks = cJSON_GetObjectItem(job, "per_rank");
    cr_assert_eq(cJSON_GetArraySize(ranks), 2);
    double used = 0;
    for (int k = 0; k < 2; k++) {
        const cJSON *x = cJSON_GetArrayItem(ranks, k);
        cr_assert_eq(num(x, "rank"), k);
        cr_assert_str_eq(cJSON_GetObjectItem(x, "backend")->valuestring, "openmp");
        cr_assert_eq(num(x, "threads"),
                     num(cJSON_GetArrayItem(path(j, "rank_runs", NULL), k), "threads"),
                     "the monitor's threads are the run's");
        cr_assert_gt(num(x, "busy_time_s"), 0, "each rank computed its tiles");
        cr_assert_eq(num(x, "cpu_sharers"), 1, "bound to a core each");
        used += num(x, "used_cores");
    }
    const cJSON *node = cJSON_GetArrayItem(cJSON_GetObjectItem(job, "per_node"), 0);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(node, "ranks")), 2);
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(node, "cpus_shared")));
    cr_assert_float_eq(num(path(job, "cpu", NULL), "used_cores"), used, 1e-9);
    cJSON_Delete(j);

    char *text = html_text(html);
    cr_assert(strstr(text, "Utilization report: job of 2 ranks"), "%s", text);
    cr_assert(strstr(text, "Ranks"), "%s", text);
    free(text);
    char *page = gi_read_file(html, NULL);
    cr_assert(page);
    cr_assert(strstr(page, "<tr><td>0</td><td>") && strstr(page, "<tr><td>1</td><td>"),
              "a row per rank");
    cr_assert(strstr(page, "<text") && strstr(page, ">rank 1</"), "rank 1 in the chart");
    free(page);
    free(r);
}

Test(mpi_monitor, gemm_report_as_csv_and_json, .timeout = 180)
{
    const char *csv = path_in("gemm.csv"), *json = path_in("gemm.json");
    const char *args[] = {"-np",    "2",   "@CLI",     "gemm", "--device", "openmp",
                          "--size", "400", "--report", csv,    NULL};
    gi_cli_result *r = gi_mpirun(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert(strstr(r->out, "Utilization: job of 2 ranks on 1 node"), "%s", r->out);
    free(r);
    char *text = gi_read_file(csv, NULL);
    cr_assert(text);
    const char *head = "rank,node,host,t_s,cores,rss_bytes\n0,0,";
    cr_assert(strncmp(text, head, strlen(head)) == 0, "%s", text);
    cr_assert(strstr(text, "\n1,0,"), "rows of rank 1: %s", text);
    free(text);

    const char *args2[] = {"-np", "2",        "@CLI", "gemm",        "--device", "openmp", "--size",
                           "400", "--report", json,   "--sample-ms", "20",       NULL};
    r = gi_mpirun(args2, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    free(r);
    text = gi_read_file(json, NULL);
    cJSON *j = cJSON_Parse(text);
    free(text);
    cr_assert(j);
    const cJSON *ranks = path(path(j, "utilization", "job"), "per_rank", NULL);
    cr_assert_eq(cJSON_GetArraySize(ranks), 2);
    for (int k = 0; k < 2; k++)
        cr_assert_geq(
            cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(ranks, k), "samples")), 2,
            "each rank's timeline");
    cr_assert_str_eq(cJSON_GetObjectItem(path(j, "run", NULL), "MPI")->valuestring,
                     "2 ranks on 1 node, process grid 1x2 (SUMMA)");
    cJSON_Delete(j);
}

Test(mpi_monitor, ranks_sharing_cpus_are_judged_per_node, .timeout = 180)
{
    /* Not bound: every rank may run on every CPU of the test's set, two threads each. */
    cpu_set_t set;
    cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
    int cpus = CPU_COUNT(&set);
    const char *args[] = {"-np",       "3", "--bind-to", "none", "@CLI",   "--device", "openmp",
                          "--threads", "2", "-n",        "3000", "--json", NULL};
    gi_cli_result *r = gi_mpirun(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(j, "%s", r->out);
    const cJSON *job = path(j, "utilization", "job");
    const cJSON *node = cJSON_GetArrayItem(cJSON_GetObjectItem(job, "per_node"), 0);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(node, "cpus_shared")));
    cr_assert_eq(num(node, "cpu_allocated"), cpus, "the union of the ranks' sets, not 3 times it");
    cr_assert_eq(num(node, "threads"), 6);
    for (int k = 0; k < 3; k++)
        cr_assert_eq(
            num(cJSON_GetArrayItem(cJSON_GetObjectItem(job, "per_rank"), k), "cpu_sharers"), 3);
    int warned = 0;
    const cJSON *w;
    cJSON_ArrayForEach(w, path(j, "utilization", "warnings")) warned |=
        strstr(w->valuestring, "3 ranks run 6 threads on") != NULL;
    cr_assert_eq(warned, 6 > cpus, "oversubscription said exactly when 6 threads exceed %d CPUs",
                 cpus);
    cJSON_Delete(j);
    free(r);
}

Test(mpi_monitor, bad_report_path_is_refused_once, .timeout = 120)
{
    const char *args[] = {
        "-np", "2", "@CLI", "-n", "100", "--report", "/nonexistent-gpuinteg-dir/x.html", NULL};
    gi_cli_result *r = gi_mpirun(args, NULL, 60);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 2, "%s", r->err);
    cr_assert_str_empty(r->out);
    cr_assert_eq(gi_lines_starting(r->err, "gpuinteg: "), 1, "%s", r->err);
    cr_assert(strstr(r->err, "gpuinteg: --report '/nonexistent-gpuinteg-dir/x.html': cannot "
                             "create"),
              "%s", r->err);
    free(r);
}

Test(mpi_monitor, sigterm_stops_every_rank_and_rank_0_reports, .timeout = 180)
{
    /* As at a Slurm time limit: SIGTERM (mpirun forwards it to the ranks) in the middle of a
     * long series of runs. Every rank stops, none hangs, rank 0 prints the interrupted result
     * and writes the job's report. */
    const char *html = path_in("stopped.html");
    const char *mpiexec = getenv("GI_MPIEXEC"), *cli = getenv("GI_CLI");
    cr_assert(mpiexec && cli);
    const char *argv[] = {mpiexec,  "--oversubscribe", "-np",      "2",  cli,     "--device",
                          "openmp", "--threads",       "1",        "-n", "20000", "--repeat",
                          "1000",   "--json",          "--report", html, NULL};
    const char *env[] = {"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1", NULL};
    gi_run_opts o = {
        .env = env, .cpu = -1, .signal = SIGTERM, .signal_after_s = 2.5, .timeout_s = 120};
    gi_cli_result *r = gi_run_cmd(argv, &o);
    cr_assert_not(r->timed_out, "the job hung after SIGTERM:\n%s", r->err);
    cr_assert_neq(r->exit_code, 0, "%s", r->err);
    cr_assert_eq(gi_count_lines(r->out), 1, "one JSON object from rank 0: %s", r->out);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(j, "%s", r->out);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring, "interrupted");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "signal")->valuestring, "SIGTERM");
    cr_assert_lt(num(j, "runs_completed"), 1000);
    cr_assert_eq(cJSON_GetArraySize(path(path(j, "utilization", "job"), "per_rank", NULL)), 2);
    cr_assert_str_eq(
        cJSON_GetObjectItem(path(j, "utilization", NULL), "interrupted_by")->valuestring,
        "SIGTERM");
    cr_assert_eq(gi_lines_starting(r->err, "gpuinteg: "), 1, "%s", r->err);
    cr_assert(strstr(r->err, "gpuinteg: interrupted by SIGTERM after "), "%s", r->err);
    cJSON_Delete(j);
    char *page = gi_read_file(html, NULL);
    cr_assert(page, "the report is written");
    cr_assert(strstr(page, "job of 2 ranks") && strstr(page, "interrupted by SIGTERM"));
    free(page);
    free(r);
}
