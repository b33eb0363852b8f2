/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monitor through the real binary: --report and --json on the integrate command, the
 * warning for more threads than cores under a one-CPU affinity (taskset -c 0), bad report paths
 * caught before the run, SIGTERM in the middle of a run, and `gpuinteg monitor -- CMD` (exit
 * status, signals, a one-core child, a process tree).
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

TestSuite(cli_monitor, .init = setup, .fini = teardown);

static const char *cli(void)
{
    const char *c = getenv("GI_CLI");
    cr_assert(c, "CTest sets GI_CLI");
    return c;
}

static const char *path_in(const char *name)
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static gi_cli_result *run(const char *const *args, const gi_run_opts *opts)
{
    const char *argv[64];
    int n = 0;
    argv[n++] = cli();
    for (int i = 0; args[i]; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    gi_run_opts o = {.cpu = -1, .timeout_s = 120};
    return gi_run_cmd(argv, opts ? opts : &o);
}

static const cJSON *get(const cJSON *o, const char *path)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", path);
    const cJSON *v = o;
    for (char *save = NULL, *k = strtok_r(copy, ".", &save); k; k = strtok_r(NULL, ".", &save)) {
        v = cJSON_GetObjectItemCaseSensitive(v, k);
        cr_assert(v, "no %s in JSON", path);
    }
    return v;
}

static double num(const cJSON *o, const char *path)
{
    const cJSON *v = get(o, path);
    cr_assert(cJSON_IsNumber(v), "%s is not a number", path);
    return v->valuedouble;
}

/* The last line of out that parses as JSON. */
static cJSON *last_json_line(const char *out)
{
    const char *start = out, *p;
    size_t len = strlen(out);
    while (len > 0 && out[len - 1] == '\n')
        len--;
    for (p = out + len; p > out && p[-1] != '\n'; p--)
        ;
    start = p;
    char *line = strndup(start, (size_t)(out + len - start));
    cJSON *j = cJSON_Parse(line);
    cr_assert(j, "not JSON: %s", line);
    free(line);
    return j;
}

Test(cli_monitor, integrate_writes_an_html_report)
{
    const char *html = path_in("run.html");
    const char *args[] = {"--device", "openmp",   "--threads", "2", "-n",
                          "3000",     "--report", html,        NULL};
    gi_cli_result *r = run(args, NULL);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert(strstr(r->out, "\nCPU: "), "summary in the human output:\n%s", r->out);
    cr_assert(strstr(r->out, " allocated core"));
    cr_assert(strstr(r->out, "\nMemory: peak "));
    cr_assert(strstr(r->out, "\nGPU"), "a GPU line, or why there is none");
    char *page = gi_read_file(html, NULL);
    cr_assert(page, "no report at %s", html);
    cr_assert(strstr(page, "<figcaption><b>CPU cores used vs allocated</b>"));
    cr_assert(strstr(page, "<svg "));
    cr_assert(strstr(page, "3000 x 3000 cells"));
    cr_assert(strstr(page, "--device openmp --threads 2 -n 3000 --report"), "the command line");
    free(page);
    free(r);
}

Test(cli_monitor, json_has_the_utilization_object)
{
    const char *args[] = {"--device", "openmp", "-n", "2000", "--json", NULL};
    gi_cli_result *r = run(args, NULL);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_eq(gi_count_lines(r->out), 1, "--json prints one line: %s", r->out);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(j);
    cr_assert_geq(num(j, "utilization.cpu.allocated"), 1);
    cr_assert_str_eq(get(j, "utilization.cpu.allocated_source")->valuestring, "affinity");
    cr_assert_geq(num(j, "utilization.cpu.used_cores"), 0);
    cr_assert_geq(num(j, "utilization.cpu.percent"), 0);
    cr_assert_gt(num(j, "utilization.memory.peak_rss_bytes"), 100000);
    cr_assert(cJSON_IsNull(get(j, "utilization.memory.limit_bytes")));
    cr_assert(cJSON_IsArray(get(j, "utilization.gpus")));
    cr_assert(cJSON_IsArray(get(j, "utilization.warnings")));
    cr_assert_str_eq(get(j, "utilization.workload.backend")->valuestring, "openmp");
    cr_assert_eq(num(j, "utilization.workload.threads"), num(j, "threads"));
    cr_assert_float_eq(num(j, "utilization.workload.busy_time_s"), num(j, "kernel_time_s"), 1e-12);
    cr_assert_geq(num(j, "utilization.samples"), 2);
    cJSON_Delete(j);
    free(r);
}

Test(cli_monitor, quiet_stays_two_lines)
{
    const char *args[] = {"-q", "-n", "500", "--report", path_in("q.csv"), NULL};
    gi_cli_result *r = run(args, NULL);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_eq(gi_count_lines(r->out), 2, "%s", r->out);
    cr_assert(access(path_in("q.csv"), R_OK) == 0, "the report is still written");
    free(r);
}

Test(cli_monitor, one_cpu_and_two_threads_warns)
{
    /* What `taskset -c 0 gpuinteg --threads 2` does: the affinity set before exec. */
    gi_run_opts o = {.cpu = 0, .timeout_s = 120};
    const char *args[] = {"--device", "openmp", "--threads", "2", "-n", "2000", NULL};
    gi_cli_result *r = run(args, &o);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert(strstr(r->out, "CPU: "), "%s", r->out);
    cr_assert(strstr(r->out, " of 1 allocated core used ("), "%s", r->out);
    cr_assert(strstr(r->out, "\nWarning: ran 2 threads on 1 allocated core (affinity mask): the "
                             "threads take turns on the cores and slow each other down; use "
                             "--threads 1 (or OMP_NUM_THREADS=1)\n"),
              "%s", r->out);
    free(r);

    const char *one[] = {"--device", "openmp", "--threads", "1", "-n", "2000", NULL};
    r = run(one, &o);
    cr_assert_null(strstr(r->out, "Warning: ran"), "%s", r->out);
    free(r);
}

Test(cli_monitor, bad_report_paths_are_usage_errors_before_the_run)
{
    /* -n 200000 would run for minutes: the check must come first. */
    const char *bad[][2] = {
        {"/nonexistent-gpuinteg-dir/run.html",
         "gpuinteg: --report '/nonexistent-gpuinteg-dir/run.html': cannot create a file in "
         "'/nonexistent-gpuinteg-dir': No such file or directory\n"},
        {"run.txt", "gpuinteg: --report 'run.txt': unknown report type '.txt'; allowed: .html, "
                    ".json, .csv\n"},
        {"/proc/run.json",
         "gpuinteg: --report '/proc/run.json': cannot create a file in '/proc': "},
        {"", "gpuinteg: --report '' is empty; give a file ending in .html, .json or .csv\n"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *args[] = {"-n", "200000", "--report", bad[i][0], NULL};
        gi_run_opts o = {.cpu = -1, .timeout_s = 20};
        gi_cli_result *r = run(args, &o);
        cr_assert_eq(r->exit_code, 2, "'%s': exit %d, %s", bad[i][0], r->exit_code, r->err);
        cr_assert_str_empty(r->out);
        cr_assert_eq(gi_count_lines(r->err), 1, "%s", r->err);
        cr_assert(strncmp(r->err, bad[i][1], strlen(bad[i][1])) == 0, "got: %s", r->err);
        free(r);
        const char *margs[] = {"monitor", "--report", bad[i][0], "--", "true", NULL};
        r = run(margs, &o);
        cr_assert_eq(r->exit_code, 2, "monitor '%s': %s", bad[i][0], r->err);
        cr_assert_eq(gi_count_lines(r->err), 1);
        free(r);
    }
    const char *sample[][3] = {{"--sample-ms", "5",
                                "--sample-ms 5 is out of range; allowed: 10 "
                                "to 3600000"},
                               {"--sample-ms", "fast", "--sample-ms 'fast' is not a whole number"}};
    for (size_t i = 0; i < 2; i++) {
        const char *args[] = {sample[i][0], sample[i][1], NULL};
        gi_cli_result *r = run(args, NULL);
        cr_assert_eq(r->exit_code, 2);
        cr_assert(strstr(r->err, sample[i][2]), "%s", r->err);
        cr_assert_str_empty(r->out);
        free(r);
    }
}

Test(cli_monitor, sigterm_mid_run_writes_the_report_and_exits_143, .timeout = 200)
{
    /* Slurm's time limit: SIGTERM, then SIGKILL after a grace period. A run of minutes, stopped
     * after 1.5 s. */
    const char *json = path_in("term.json");
    const char *args[] = {"--device", "openmp",   "--threads", "2", "-n",
                          "400000",   "--report", json,        NULL};
    gi_run_opts o = {.cpu = -1, .timeout_s = 60, .signal = SIGTERM, .signal_after_s = 1.5};
    double t0 = gi_test_now();
    gi_cli_result *r = run(args, &o);
    cr_assert_eq(r->exit_code, 143, "128 + SIGTERM; got %d: %s", r->exit_code, r->err);
    cr_assert_lt(gi_test_now() - t0, 30, "stops at the next tile, not at the end");
    cr_assert(strstr(r->err, "gpuinteg: interrupted by SIGTERM after 0 of 1 run;"), "%s", r->err);
    cr_assert(strstr(r->out, "\nInterrupted by SIGTERM: the figures cover the run until then\n"),
              "%s", r->out);
    cr_assert(strstr(r->out, "CPU: "), "%s", r->out);

    char *text = gi_read_file(json, NULL);
    cr_assert(text, "the report must be written");
    cJSON *j = cJSON_Parse(text);
    cr_assert(j, "the report is complete JSON");
    cr_assert_str_eq(get(j, "utilization.interrupted_by")->valuestring, "SIGTERM");
    cr_assert_str_eq(get(j, "run.runs")->valuestring, "0 of 1");
    cr_assert_geq(num(j, "utilization.duration_s"), 1.0);
    cr_assert_geq(cJSON_GetArraySize(get(j, "samples")), 5, "1.5 s at 100 ms");
    cr_assert_gt(num(j, "utilization.cpu.cpu_time_s"), 0.1, "the run was working");
    cJSON_Delete(j);
    free(text);
    free(r);
}

Test(cli_monitor, sigint_mid_run_with_json_and_html, .timeout = 200)
{
    const char *html = path_in("int.html");
    const char *args[] = {"--device", "openmp", "-n", "400000", "--json", "--report", html, NULL};
    gi_run_opts o = {.cpu = -1, .timeout_s = 60, .signal = SIGINT, .signal_after_s = 1.0};
    gi_cli_result *r = run(args, &o);
    cr_assert_eq(r->exit_code, 130, "128 + SIGINT; got %d: %s", r->exit_code, r->err);
    cJSON *j = last_json_line(r->out);
    cr_assert_str_eq(get(j, "status")->valuestring, "interrupted");
    cr_assert_str_eq(get(j, "signal")->valuestring, "SIGINT");
    cr_assert_str_eq(get(j, "utilization.interrupted_by")->valuestring, "SIGINT");
    cJSON_Delete(j);
    char *page = gi_read_file(html, NULL);
    cr_assert(page);
    cr_assert(strstr(page, "</html>\n"), "the page is whole");
    cr_assert(strstr(page, "interrupted by SIGINT"));
    free(page);
    free(r);
}

Test(cli_monitor, monitor_passes_the_exit_status_through)
{
    const char *exit3[] = {"monitor", "--", "sh", "-c", "exit 3", NULL};
    gi_cli_result *r = run(exit3, NULL);
    cr_assert_eq(r->exit_code, 3, "%s", r->err);
    cr_assert(strstr(r->err, "\nCPU: "), "the summary goes to stderr: %s", r->err);
    cr_assert_str_empty(r->out, "stdout is the command's");
    free(r);

    const char *killed[] = {"monitor", "--json", "--", "sh", "-c", "kill -KILL $$", NULL};
    r = run(killed, NULL);
    cr_assert_eq(r->exit_code, 137, "128 + SIGKILL");
    cJSON *j = last_json_line(r->out);
    cr_assert_eq(num(j, "exit_code"), 137);
    cr_assert_str_eq(get(j, "signal")->valuestring, "SIGKILL");
    cJSON_Delete(j);
    free(r);

    const char *ok[] = {"monitor", "-q", "true", NULL}; /* no "--" needed */
    r = run(ok, NULL);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_str_empty(r->err, "-q: no summary");
    free(r);

    const char *missing[] = {
        "monitor", "--report", path_in("none.json"), "--", "gpuinteg-no-such-command", NULL};
    r = run(missing, NULL);
    cr_assert_eq(r->exit_code, 127);
    cr_assert_str_eq(r->err, "gpuinteg: cannot run 'gpuinteg-no-such-command': No such file or "
                             "directory\n");
    cr_assert_neq(access(path_in("none.json"), F_OK), 0, "nothing ran: no report");
    free(r);

    const char *none[] = {"monitor", "--json", NULL};
    r = run(none, NULL);
    cr_assert_eq(r->exit_code, 2);
    cr_assert(strstr(r->err, "monitor needs a command to run"), "%s", r->err);
    free(r);

    const char *bad[] = {"monitor", "--bogus", "--", "true", NULL};
    r = run(bad, NULL);
    cr_assert_eq(r->exit_code, 2);
    cr_assert(strstr(r->err, "unknown option '--bogus' for 'monitor'"), "%s", r->err);
    free(r);
}

Test(cli_monitor, monitor_forwards_sigterm_to_the_command)
{
    const char *spin = getenv("GI_TEST_SPIN");
    const char *args[] = {"monitor", "--", spin, "wall", "60", NULL};
    gi_run_opts o = {.cpu = -1, .timeout_s = 30, .signal = SIGTERM, .signal_after_s = 0.5};
    double t0 = gi_test_now();
    gi_cli_result *r = run(args, &o);
    cr_assert_eq(r->exit_code, 143, "the command died of the forwarded SIGTERM: %d %s",
                 r->exit_code, r->err);
    cr_assert_lt(gi_test_now() - t0, 20);
    cr_assert(strstr(r->err, "Interrupted by SIGTERM"), "%s", r->err);
    free(r);
}

Test(cli_monitor, monitor_reports_a_one_core_python_child)
{
    if (!gi_have_program("python3"))
        cr_skip_test("python3 is not installed");
    /* A pure-Python busy loop: one core, whatever the machine. It spins for 1.1 s of its own
     * CPU time (past the 1 s from which efficiency is judged), so the total does not depend on
     * the load. */
    const char *args[] = {"monitor",
                          "--json",
                          "--",
                          "python3",
                          "-c",
                          "import time\nt = time.process_time()\n"
                          "while time.process_time() - t < 1.1:\n    pass\n",
                          NULL};
    gi_cli_result *r = run(args, NULL);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *j = last_json_line(r->out);
    double cpu = num(j, "utilization.cpu.cpu_time_s");
    /* 1.1 s of loop plus the interpreter's start-up (20–100 ms). */
    cr_assert(cpu >= 1.1 && cpu <= 1.4, "cpu_time_s = %.3f", cpu);
    double used = num(j, "utilization.cpu.used_cores"), d = num(j, "utilization.duration_s");
    double wanted = used + num(j, "utilization.cpu.wait_s") / d;
    cr_assert_leq(used, 1.05, "one thread cannot use more than one core");
    if (access("/proc/self/schedstat", R_OK) == 0)
        cr_assert(wanted >= 0.85 && wanted <= 1.15,
                  "one core wanted the whole time: %.3f (used %.3f)", wanted, used);
    cr_assert(strstr(r->err, "\nCPU: "), "%s", r->err);
    cpu_set_t set;
    cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
    if (CPU_COUNT(&set) >= 2)
        cr_assert(strstr(r->err, "the program ran on about one core. Check that it runs in "
                                 "parallel"),
                  "%s", r->err);
    cJSON_Delete(j);
    free(r);
}

Test(cli_monitor, monitor_measures_the_whole_process_tree)
{
    const char *spin = getenv("GI_TEST_SPIN");
    char script[4200];
    snprintf(script, sizeof script, "'%s' cpu 0.4 & '%s' cpu 0.4 & wait", spin, spin);
    const char *args[] = {"monitor", "--json", "--report", path_in("tree.csv"), "--", "sh",
                          "-c",      script,   NULL};
    gi_cli_result *r = run(args, NULL);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *j = last_json_line(r->out);
    double cpu = num(j, "utilization.cpu.cpu_time_s");
    /* Two grandchildren × 0.4 s of their own CPU time, plus three process start-ups. */
    cr_assert(cpu >= 0.8 && cpu <= 0.95, "cpu_time_s = %.3f", cpu);
    cr_assert_eq(num(j, "exit_code"), 0);
    cJSON_Delete(j);
    char *csv = gi_read_file(path_in("tree.csv"), NULL);
    cr_assert(csv && strncmp(csv, "t_s,cpu_time_s,cores,wait_s,rss_bytes,threads\n", 39) == 0);
    free(csv);
    free(r);
}

Test(cli_monitor, a_run_that_cannot_start_leaves_no_report)
{
    const char *json = path_in("none.json");
    const char *args[] = {"--device", "opencl:9:9", "--report", json, NULL};
    gi_cli_result *r = run(args, NULL);
    cr_assert(r->exit_code == 3 || r->exit_code == 2, "device unavailable: %d", r->exit_code);
    cr_assert_eq(gi_count_lines(r->err), 1, "one line, about the device: %s", r->err);
    cr_assert_neq(access(json, F_OK), 0, "no report of a run that never started");
    free(r);
}

Test(cli_monitor, sigterm_between_repeats_keeps_the_finished_runs, .timeout = 200)
{
    const char *json = path_in("repeat.json");
    const char *args[] = {"--device", "openmp", "-n",       "3000", "--repeat",
                          "1000000",  "--json", "--report", json,   NULL};
    gi_run_opts o = {.cpu = -1, .timeout_s = 60, .signal = SIGTERM, .signal_after_s = 1.0};
    gi_cli_result *r = run(args, &o);
    cr_assert_eq(r->exit_code, 143, "%d: %s", r->exit_code, r->err);
    cJSON *j = last_json_line(r->out);
    double done = num(j, "runs_completed");
    cr_assert(done >= 1 && done < 1000000, "runs_completed = %g", done);
    cJSON_Delete(j);
    char *text = gi_read_file(json, NULL);
    cJSON *rep = cJSON_Parse(text);
    cr_assert(rep);
    char want[64];
    snprintf(want, sizeof want, "%.0f of 1000000", done);
    cr_assert_str_eq(get(rep, "run.runs")->valuestring, want);
    /* The value of the last finished run, not of the interrupted one (which has none). */
    double value = atof(get(rep, "run.value")->valuestring);
    cr_assert(value != 0.0 && fabs(value) < 1e-12, "value = %s",
              get(rep, "run.value")->valuestring);
    cJSON_Delete(rep);
    free(text);
    free(r);
}

Test(cli_monitor, gemm_has_the_monitor_too)
{
    const char *csv = path_in("gemm.csv");
    const char *args[] = {"gemm",   "--size",   "300", "--device", "serial",
                          "--json", "--report", csv,   NULL};
    gi_cli_result *r = run(args, NULL);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(j, "%s", r->out);
    cr_assert_str_eq(get(j, "utilization.workload.name")->valuestring, "gemm");
    cr_assert_str_eq(get(j, "utilization.workload.backend")->valuestring, "serial");
    cr_assert_eq(num(j, "utilization.workload.threads"), 1);
    /* Three 300 x 300 matrices of doubles: 2.1 MB at least in the peak. */
    cr_assert_geq(num(j, "utilization.memory.peak_rss_bytes"), 3 * 300 * 300 * 8);
    cJSON_Delete(j);
    cr_assert(access(csv, R_OK) == 0);
    free(r);

    const char *bad[] = {"gemm", "--size", "300", "--report", "/nonexistent-gpuinteg-dir/g.html",
                         NULL};
    r = run(bad, NULL);
    cr_assert_eq(r->exit_code, 2);
    cr_assert_str_empty(r->out);
    cr_assert(strstr(r->err, "--report '/nonexistent-gpuinteg-dir/g.html': cannot create"), "%s",
              r->err);
    free(r);

    const char *human[] = {"gemm", "--size", "200", "--device", "serial", NULL};
    r = run(human, NULL);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert(strstr(r->out, "\nCPU: "), "%s", r->out);
    free(r);
}

Test(cli_monitor, no_mpi_under_a_launcher_reports_its_own_process)
{
    /* As mpirun starts rank 0 of two; --no-mpi: this process alone, its own report (the job's
     * report of an MPI run is tested under mpirun, in test_mpi_monitor.c). */
    const char *env[] = {"OMPI_COMM_WORLD_SIZE=2", "OMPI_COMM_WORLD_RANK=0", NULL};
    gi_run_opts o = {.env = env, .cpu = -1, .timeout_s = 60};
    const char *solo[] = {"-n", "100", "--no-mpi", "--report", path_in("solo.html"), NULL};
    gi_cli_result *r = run(solo, &o);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert(access(path_in("solo.html"), R_OK) == 0);
    cr_assert_null(strstr(r->out, "job of"), "%s", r->out);
    free(r);
}
Test(cli_monitor, report_names_with_job_and_task_placeholders)
{
    /* srun -n N gpuinteg monitor --report r-%j-%t.json: each task its own file, named by the
     * job and the task (no merging: the name asks for one file per task). */
    char path[512], want[512];
    snprintf(path, sizeof path, "%s/r-%%j-%%t.json", dir);
    snprintf(want, sizeof want, "%s/r-77-3.json", dir);
    const char *args[] = {"monitor", "--report", path, "--", "true", NULL};
    const char *env[] = {"SLURM_JOB_ID=77", "SLURM_STEP_ID=0", "SLURM_PROCID=3",
                         "SLURM_STEP_NUM_TASKS=4", NULL};
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_eq(access(want, F_OK), 0, "no %s: %s", want, r->err);
    free(r);
}
