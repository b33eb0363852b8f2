/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The report files: JSON and CSV read back and checked against the samples, the HTML page
 * checked by a real HTML5 parser (strict) for validity, self-containment and escaping, and
 * rendered by headless Chromium; atomic writing; the path checks done before a run.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

TestSuite(monitor_reports, .init = setup, .fini = teardown);

static const char *path_in(const char *name)
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* A monitored run of ~0.35 s with some CPU work, described like the CLI describes it. */
static gi_monitor *measured_run(void)
{
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.sample_ms = 50;
    o.no_gpu = 1;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    volatile double x = 0;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double end = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec + 0.35;
    for (double now = 0; now < end;) {
        for (int i = 0; i < 100000; i++)
            x += sqrt((double)i);
        clock_gettime(CLOCK_MONOTONIC, &ts);
        now = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
    }
    gi_monitor_stop(m);
    gi_monitor_workload w = {.name = "integrate",
                             .backend = "openmp",
                             .device = "Test CPU",
                             .kind = GI_DEVICE_CPU,
                             .threads = 1,
                             .gpu = -1,
                             .busy_time_s = 0.3};
    gi_monitor_set_workload(m, &w);
    gi_monitor_set_info(m, "grid", "10000 x 10000 cells");
    gi_monitor_set_info(m, "value", "6.2640227473216e-16");
    return m;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    cr_assert(cJSON_IsNumber(v), "%s missing or not a number", key);
    return v->valuedouble;
}

Test(monitor_reports, json_has_summary_and_every_sample)
{
    gi_monitor *m = measured_run();
    const char *path = path_in("run.json");
    cr_assert_eq(gi_monitor_write_report(m, path), GI_STATUS_OK, "%s", gi_monitor_last_error(m));
    char *text = gi_read_file(path, NULL);
    cr_assert(text);
    cJSON *j = cJSON_Parse(text);
    cr_assert(j, "not JSON");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "gpuinteg")->valuestring, gi_version_string());
    const cJSON *run = cJSON_GetObjectItem(j, "run");
    cr_assert_str_eq(cJSON_GetObjectItem(run, "grid")->valuestring, "10000 x 10000 cells");
    const cJSON *u = cJSON_GetObjectItem(j, "utilization");
    const cJSON *cpu = cJSON_GetObjectItem(u, "cpu");
    gi_monitor_summary s;
    gi_monitor_summarize(m, &s);
    cr_assert_eq(num(cpu, "allocated"), s.cpu_allocated);
    cr_assert_str_eq(cJSON_GetObjectItem(cpu, "allocated_source")->valuestring, "affinity");
    cr_assert_float_eq(num(cpu, "used_cores"), s.cpu_used_cores, 1e-12);
    cr_assert_float_eq(num(cpu, "percent"), s.cpu_percent, 1e-9);
    const cJSON *mem = cJSON_GetObjectItem(u, "memory");
    cr_assert_eq(num(mem, "peak_rss_bytes"), (double)s.mem_peak_rss_bytes);
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(mem, "limit_bytes")));
    cr_assert(cJSON_IsArray(cJSON_GetObjectItem(u, "gpus")));
    cr_assert(cJSON_IsArray(cJSON_GetObjectItem(u, "warnings")));
    const cJSON *w = cJSON_GetObjectItem(u, "workload");
    cr_assert_str_eq(cJSON_GetObjectItem(w, "kind")->valuestring, "cpu");
    cr_assert_eq(num(w, "busy_time_s"), 0.3);

    const cJSON *samples = cJSON_GetObjectItem(j, "samples");
    cr_assert_eq((size_t)cJSON_GetArraySize(samples), gi_monitor_sample_count(m));
    cr_assert_geq(cJSON_GetArraySize(samples), 3, "0.35 s at 50 ms");
    double t_prev = -1, cpu_prev = 0;
    for (int i = 0; i < cJSON_GetArraySize(samples); i++) {
        const cJSON *e = cJSON_GetArrayItem(samples, i);
        gi_monitor_sample ref;
        gi_monitor_sample_get(m, (size_t)i, &ref);
        double t = num(e, "t_s"), c = num(e, "cpu_time_s");
        cr_assert_eq(t, ref.t_s, "printed with enough digits to read back exactly");
        cr_assert_eq(c, ref.cpu_time_s);
        cr_assert_eq(num(e, "rss_bytes"), (double)ref.rss_bytes);
        cr_assert_eq(num(e, "wait_s"), ref.wait_s);
        cr_assert_gt(t, t_prev);
        if (i == 0)
            cr_assert(cJSON_IsNull(cJSON_GetObjectItem(e, "cores")));
        else
            cr_assert_float_eq(num(e, "cores"), (c - cpu_prev) / (t - t_prev), 1e-9);
        t_prev = t;
        cpu_prev = c;
    }
    cr_assert_float_eq(cpu_prev, s.cpu_time_s, 1e-12, "the last sample is the total");
    cJSON_Delete(j);
    free(text);
    gi_monitor_destroy(m);
}

Test(monitor_reports, csv_has_every_sample)
{
    gi_monitor *m = measured_run();
    const char *path = path_in("run.csv");
    cr_assert_eq(gi_monitor_write_report(m, path), GI_STATUS_OK, "%s", gi_monitor_last_error(m));
    FILE *f = fopen(path, "r");
    cr_assert(f);
    char line[1024];
    cr_assert(fgets(line, sizeof line, f));
    cr_assert_str_eq(line, "t_s,cpu_time_s,cores,wait_s,rss_bytes,threads\n");
    size_t rows = 0;
    double t_prev = -1, cpu_prev = 0;
    while (fgets(line, sizeof line, f)) {
        gi_monitor_sample ref;
        cr_assert_eq(gi_monitor_sample_get(m, rows, &ref), GI_STATUS_OK);
        /* Fields: t, cpu, cores (empty in the first row), wait, rss, threads. */
        line[strcspn(line, "\n")] = '\0';
        char *fields[7], *p = line, *tok;
        int n = 0;
        while (n < 7 && (tok = strsep(&p, ",")))
            fields[n++] = tok;
        cr_assert_eq(n, 6, "row %zu has %d fields", rows, n);
        double t = atof(fields[0]), c = atof(fields[1]);
        cr_assert_float_eq(t, ref.t_s, 1e-6, "microsecond precision");
        cr_assert_float_eq(c, ref.cpu_time_s, 1e-6);
        if (rows == 0) {
            cr_assert_str_empty(fields[2], "no interval before the first sample");
        } else {
            cr_assert_float_eq(atof(fields[2]), ref.cores, 1e-4);
            cr_assert_float_eq(atof(fields[2]), (c - cpu_prev) / (t - t_prev), 2e-3);
        }
        cr_assert_float_eq(atof(fields[3]), ref.wait_s, 1e-6);
        cr_assert_eq(strtoull(fields[4], NULL, 10), ref.rss_bytes);
        cr_assert_eq(atoi(fields[5]), ref.threads);
        t_prev = t;
        cpu_prev = c;
        rows++;
    }
    fclose(f);
    cr_assert_eq(rows, gi_monitor_sample_count(m));
    gi_monitor_destroy(m);
}

/* Runs the strict HTML check; returns its JSON verdict (parsed), failing the test otherwise. */
static cJSON *html_check(const char *path)
{
    const char *py = getenv("GI_TEST_PYTHON"), *script = getenv("GI_TEST_HTML_CHECK");
    cr_assert(py && script, "CTest sets GI_TEST_PYTHON and GI_TEST_HTML_CHECK");
    const char *probe[] = {py, "-c", "import html5lib", NULL};
    gi_run_opts o = {.cpu = -1, .timeout_s = 60};
    gi_cli_result *r = gi_run_cmd(probe, &o);
    cr_assert_eq(r->exit_code, 0,
                 "%s cannot import html5lib (Debian: python3-html5lib; run tools/install-deps)",
                 py);
    free(r);
    const char *argv[] = {py, script, path, NULL};
    r = gi_run_cmd(argv, &o);
    cr_assert_eq(r->exit_code, 0, "HTML check failed: %s", r->err);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(j, "checker output: %s", r->out);
    free(r);
    return j;
}

Test(monitor_reports, html_is_valid_self_contained_and_escaped)
{
    gi_monitor *m = measured_run();
    /* Hostile text where user-controlled strings go: markup, quotes, an invalid UTF-8 byte and
     * a control character. */
    gi_monitor_set_info(m, "command", "gpuinteg <script>alert(\"x\")</script> & 'q' \xff\x01 end");
    gi_monitor_workload w = {.name = "<b>bold</b>",
                             .backend = "openmp",
                             .device = "A&B \"CPU\"",
                             .kind = GI_DEVICE_CPU,
                             .threads = 1,
                             .gpu = -1};
    gi_monitor_set_workload(m, &w);
    const char *path = path_in("run.html");
    cr_assert_eq(gi_monitor_write_report(m, path), GI_STATUS_OK, "%s", gi_monitor_last_error(m));
    cJSON *v = html_check(path);
    cr_assert_geq(cJSON_GetObjectItem(v, "svg")->valueint, 2, "CPU and memory charts");
    const char *text = cJSON_GetObjectItem(v, "text")->valuestring;
    cr_assert(
        strstr(text, "gpuinteg <script>alert(\"x\")</script> & 'q' \xEF\xBF\xBD\xEF\xBF\xBD end"),
        "the hostile string is shown as text, bad bytes as U+FFFD: %s", text);
    cr_assert(strstr(text, "<b>bold</b>"));
    cr_assert(strstr(text, "A&B \"CPU\""));
    cr_assert(strstr(text, "CPU cores used vs allocated"));
    cr_assert(strstr(text, "Memory (resident set)"));
    cr_assert(strstr(text, "10000 x 10000 cells"), "the run's parameters");
    cr_assert(strstr(text, "6.2640227473216e-16"), "the run's result");
    cr_assert(strstr(text, "Warnings"));
    const cJSON *captions = cJSON_GetObjectItem(v, "captions");
    cr_assert_str_eq(cJSON_GetArrayItem(captions, 0)->valuestring, "CPU cores used vs allocated");
    cJSON_Delete(v);
    gi_monitor_destroy(m);
}

Test(monitor_reports, html_with_gpus_and_warnings)
{
    /* Busy on one core of a Slurm allocation of 8 that the affinity mask does not grant: the
     * page carries warnings, the allocation table names Slurm. */
    setenv("SLURM_CPUS_PER_TASK", "64", 1);
    gi_monitor *m = measured_run();
    gi_monitor_set_interrupted(m, 15);
    const char *path = path_in("warn.html");
    cr_assert_eq(gi_monitor_write_report(m, path), GI_STATUS_OK);
    cJSON *v = html_check(path);
    const char *text = cJSON_GetObjectItem(v, "text")->valuestring;
    cr_assert(strstr(text, "Slurm allocated 64 CPUs (SLURM_CPUS_PER_TASK=64)"), "%s", text);
    cr_assert(strstr(text, "interrupted by SIGTERM"), "%s", text);
    cr_assert_null(strstr(text, "None: the run used what it was given"));
    cJSON_Delete(v);
    gi_monitor_destroy(m);
}

/* Width, height of a PNG (from its IHDR chunk); 0 if the file is not a PNG. */
static int png_size(const char *path, unsigned *w, unsigned *h, size_t *bytes)
{
    size_t len;
    unsigned char *p = (unsigned char *)gi_read_file(path, &len);
    if (!p)
        return 0;
    int ok = len > 24 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(p + 12, "IHDR", 4) == 0;
    if (ok) {
        *w = (unsigned)p[16] << 24 | (unsigned)p[17] << 16 | (unsigned)p[18] << 8 | p[19];
        *h = (unsigned)p[20] << 24 | (unsigned)p[21] << 16 | (unsigned)p[22] << 8 | p[23];
        *bytes = len;
    }
    free(p);
    return ok;
}

static const char *chromium(void)
{
    static const char *names[] = {"chromium", "chromium-browser", "google-chrome"};
    for (size_t i = 0; i < 3; i++)
        if (gi_have_program(names[i]))
            return names[i];
    return NULL;
}

static void screenshot(const char *browser, const char *html, const char *png)
{
    char url[4200], shot[4200], profile[4200];
    snprintf(url, sizeof url, "file://%s", html);
    snprintf(shot, sizeof shot, "--screenshot=%s", png);
    snprintf(profile, sizeof profile, "--user-data-dir=%s/chromium-profile", dir);
    const char *argv[] = {browser,
                          "--headless",
                          "--no-sandbox",
                          "--disable-gpu",
                          "--hide-scrollbars",
                          "--window-size=820,1400",
                          profile,
                          shot,
                          url,
                          NULL};
    gi_run_opts o = {.cpu = -1, .timeout_s = 120};
    gi_cli_result *r = gi_run_cmd(argv, &o);
    cr_assert_eq(r->exit_code, 0, "%s failed: %s", browser, r->err);
    free(r);
}

Test(monitor_reports, html_renders_in_headless_chromium, .timeout = 300)
{
    const char *browser = chromium();
    if (!browser)
        cr_skip_test("chromium is not installed (Debian: chromium; run tools/install-deps): the "
                     "page is not rendered");
    gi_monitor *m = measured_run();
    const char *html = path_in("page.html");
    cr_assert_eq(gi_monitor_write_report(m, html), GI_STATUS_OK);
    const char *blank = path_in("blank.html");
    FILE *f = fopen(blank, "w");
    fputs("<!DOCTYPE html><html><head><title>blank</title></head><body></body></html>\n", f);
    fclose(f);

    const char *png = path_in("page.png"), *blank_png = path_in("blank.png");
    screenshot(browser, html, png);
    screenshot(browser, blank, blank_png);
    unsigned w, h, bw, bh;
    size_t bytes, blank_bytes;
    cr_assert(png_size(png, &w, &h, &bytes), "no PNG written");
    cr_assert(png_size(blank_png, &bw, &bh, &blank_bytes));
    cr_assert_eq(w, 820);
    cr_assert_eq(h, 1400);
    /* A blank page compresses to a few kB; text, tables and two charts to tens of kB. */
    cr_assert_gt(bytes, 10 * blank_bytes, "page %zu bytes vs blank %zu: nothing drawn?", bytes,
                 blank_bytes);
    gi_monitor_destroy(m);
}

/* Entries of dir other than . and .. */
static int entries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

Test(monitor_reports, written_atomically_and_replacing)
{
    gi_monitor *m = measured_run();
    const char *path = path_in("r.json");
    FILE *f = fopen(path, "w");
    fputs("old", f);
    fclose(f);
    cr_assert_eq(gi_monitor_write_report(m, path), GI_STATUS_OK);
    cr_assert_eq(entries(), 1, "no temporary file left beside the report");
    char *text = gi_read_file(path, NULL);
    cr_assert(text && text[0] == '{', "replaced by the report");
    free(text);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    cr_assert_eq(st.st_mode & 0777, 0666 & ~mask, "the permissions of a file the user creates");

    const char *bad = "/proc/gpuinteg-report.json"; /* no file can be made there, even by root */
    cr_assert_eq(gi_monitor_write_report(m, bad), GI_STATUS_IO_ERROR);
    cr_assert(strstr(gi_monitor_last_error(m), "'/proc/gpuinteg-report.json': cannot create a "
                                               "file in '/proc':"),
              "%s", gi_monitor_last_error(m));
    gi_monitor_destroy(m);
}

Test(monitor_reports, checks_before_the_run)
{
    gi_monitor *m;
    cr_assert_eq(gi_monitor_create(&m, NULL), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_check_report(m, path_in("ok.HTML")), GI_STATUS_OK, "any case");
    cr_assert_eq(gi_monitor_check_report(m, path_in("ok.htm")), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_check_report(m, path_in("ok.csv")), GI_STATUS_OK);
    cr_assert_eq(entries(), 0, "the check leaves nothing behind");

    cr_assert_eq(gi_monitor_check_report(m, "run.txt"), GI_STATUS_INVALID_ARGUMENT);
    cr_assert_str_eq(gi_monitor_last_error(m),
                     "'run.txt': unknown report type '.txt'; allowed: .html, .json, .csv");
    cr_assert_eq(gi_monitor_check_report(m, "dir.d/report"), GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_monitor_last_error(m), "has no extension"), "%s", gi_monitor_last_error(m));
    cr_assert_eq(gi_monitor_check_report(m, ".json"), GI_STATUS_INVALID_ARGUMENT,
                 "a hidden file's name is not an extension");

    cr_assert_eq(gi_monitor_check_report(m, "/nonexistent-gpuinteg-dir/r.html"),
                 GI_STATUS_IO_ERROR);
    cr_assert_str_eq(gi_monitor_last_error(m), "'/nonexistent-gpuinteg-dir/r.html': cannot create "
                                               "a file in '/nonexistent-gpuinteg-dir': No such "
                                               "file or directory");
    char folder[4200];
    snprintf(folder, sizeof folder, "%s/sub.json", dir);
    cr_assert_eq(mkdir(folder, 0755), 0);
    cr_assert_eq(gi_monitor_check_report(m, folder), GI_STATUS_IO_ERROR);
    cr_assert(strstr(gi_monitor_last_error(m), "is a folder, not a file"));
    cr_assert_eq(gi_monitor_check_report(m, NULL), GI_STATUS_MISUSE);
    gi_monitor_destroy(m);
}
