/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The HTML report: one self-contained page in the spirit of HPC2N's job-usage — headline
 * figures, warnings, charts over time (inline SVG), the summary table, the run's parameters and
 * result, and where the allocation figures came from. No scripts; styles inline; system fonts.
 * Every string from outside goes through gi_html_escape.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/build.h>
#include <gpuinteg/version.h>

#include "monitor/html_parts.h"
#include "monitor/report.h"
#include "monitor/svg_chart.h"
#include "monitor/text_format.h"

static const char css[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
    "margin:0;background:#f4f6f9;color:#1f2937;font-size:14px}"
    "main{max-width:780px;margin:0 auto;padding:18px 20px 28px}"
    "h1{font-size:22px;margin:0 0 2px}h2{font-size:16px;margin:22px 0 8px;color:#374151}"
    ".sub{color:#6b7280;margin:0 0 14px}"
    ".cards{display:flex;gap:12px}.card{flex:1;background:#fff;border:1px solid #e5e7eb;"
    "border-radius:8px;padding:10px 14px}.card .big{font-size:26px;font-weight:600}"
    ".card .what{color:#6b7280;font-size:12px}"
    ".warn{background:#fffbeb;border:1px solid #f59e0b;border-radius:8px;padding:8px 12px 8px 28px;"
    "margin:0}.warn li{margin:4px 0}.ok{background:#ecfdf5;border:1px solid #10b981;"
    "border-radius:8px;padding:8px 12px;margin:0}"
    ".interrupted{background:#fef2f2;border:1px solid #ef4444;border-radius:8px;padding:8px 12px}"
    "figure{background:#fff;border:1px solid #e5e7eb;border-radius:8px;margin:0 0 12px;"
    "padding:8px 10px 2px}figcaption{font-size:13px;margin:0 0 2px}"
    "figcaption .key{color:#4b5563;margin-left:14px;font-size:12px}"
    "figcaption i{display:inline-block;width:18px;height:0;border-top:2px solid;"
    "vertical-align:middle;margin-right:5px}figcaption i.dash{border-top-style:dashed}"
    "svg{display:block;width:100%;height:auto}"
    ".grid line{stroke:#e5e7eb;stroke-width:1}.tick{font-size:11px;fill:#6b7280}"
    ".axis{font-size:11px;fill:#4b5563}.frame{fill:none;stroke:#9ca3af;stroke-width:1}"
    ".line{fill:none;stroke-width:2}.line.dashed{stroke-dasharray:6 4;stroke-width:1.5}"
    ".area{fill-opacity:.15;stroke:none}"
    "table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e5e7eb}"
    "th,td{text-align:left;padding:5px 10px;border-bottom:1px solid #eef0f3;vertical-align:top}"
    "th{background:#f9fafb;font-weight:600;color:#374151}td.num{font-variant-numeric:tabular-nums}"
    ".bar{display:inline-block;width:90px;height:8px;background:#e5e7eb;border-radius:4px;"
    "margin-right:8px;vertical-align:middle}.bar span{display:block;height:8px;border-radius:4px}"
    "td.eff{white-space:nowrap}.good{background:#10b981}.fair{background:#f59e0b}.poor{background:#"
    "ef4444}"
    "footer{color:#9ca3af;font-size:12px;margin-top:18px}code{font-size:12px}"
    "h2.part{margin-top:30px;padding-top:12px;border-top:2px solid #d1d5db}";

static void esc(FILE *f, const char *s)
{
    gi_html_escape(f, s ? s : "");
}

static const char *source_words(const gi_mon_report *v)
{
    const char *src = v->in->alloc.cpu_source;
    if (strcmp(src, "slurm") == 0)
        return v->in->alloc.slurm.cpus_from;
    return strcmp(src, "cgroup") == 0 ? "cgroup quota" : "affinity mask";
}

/* The samples as plain arrays for the charts. */
typedef struct series_data {
    size_t n;
    double *t, *cores, *wanted, *rss, *gpu; /* gpu[(2g) n + i]: util, gpu[(2g+1) n + i]: mem */
} series_data;

static int copy_samples(const gi_mon_report *v, series_data *d)
{
    memset(d, 0, sizeof *d);
    size_t n = v->samples->n, ng = (size_t)v->ngpus;
    d->n = n;
    d->t = malloc((n + 1) * sizeof *d->t);
    d->cores = malloc((n + 1) * sizeof *d->cores);
    d->wanted = malloc((n + 1) * sizeof *d->wanted);
    d->rss = malloc((n + 1) * sizeof *d->rss);
    d->gpu = malloc((2 * ng * n + 1) * sizeof *d->gpu);
    int ok = d->t && d->cores && d->wanted && d->rss && d->gpu;
    for (size_t i = 0; ok && i < n; i++) {
        d->t[i] = v->samples->samples[i].t_s;
        d->cores[i] = v->samples->samples[i].cores;
        /* Cores' worth of threads running or waiting to run over the interval. */
        double dt = i ? v->samples->samples[i].t_s - v->samples->samples[i - 1].t_s : 0;
        d->wanted[i] =
            i && dt > 0
                ? d->cores[i] +
                      (v->samples->samples[i].wait_s - v->samples->samples[i - 1].wait_s) / dt
                : NAN;
        d->rss[i] = (double)v->samples->samples[i].rss_bytes;
        for (size_t g = 0; g < ng; g++) {
            const gi_monitor_gpu_sample *gs = &v->samples->gpu[i * ng + g];
            d->gpu[(2 * g) * n + i] = gs->util_percent;
            d->gpu[(2 * g + 1) * n + i] = gs->mem_used_bytes;
        }
    }
    return ok;
}

static void free_samples(series_data *d)
{
    free(d->t);
    free(d->cores);
    free(d->wanted);
    free(d->rss);
    free(d->gpu);
}

static void cards(FILE *f, const gi_mon_report *v, const gi_monitor_summary *s)
{
    char a[32], b[32];
    fputs("<section class=\"cards\">", f);
    fprintf(f,
            "<div class=\"card\"><div class=\"what\">CPU</div><div class=\"big\">%.0f%%</div>"
            "<div>%.2f of %g allocated core%s used</div><div class=\"what\">allocation from ",
            s->cpu_percent, s->cpu_used_cores, s->cpu_allocated, gi_plural(s->cpu_allocated));
    esc(f, source_words(v));
    fputs("</div></div>", f);
    fprintf(f,
            "<div class=\"card\"><div class=\"what\">Memory</div><div class=\"big\">%s</div>"
            "<div>peak resident memory</div><div class=\"what\">",
            gi_fmt_bytes(a, sizeof a, (double)s->mem_peak_rss_bytes));
    if (s->mem_limit_bytes)
        fprintf(f, "limit %s (%s)", gi_fmt_bytes(b, sizeof b, (double)s->mem_limit_bytes),
                s->mem_limit_source);
    else
        fputs("no limit known", f);
    fputs("</div></div>", f);
    fputs("<div class=\"card\"><div class=\"what\">GPU</div>", f);
    if (s->gpu_count == 0) {
        fputs("<div class=\"big\">&#8212;</div><div class=\"what\">", f);
        esc(f, s->gpu_status);
        fputs("</div>", f);
    } else {
        double sum = 0;
        int counted = 0;
        for (size_t g = 0; g < s->gpu_count; g++)
            if (!isnan(s->gpus[g].util_percent_avg)) {
                sum += s->gpus[g].util_percent_avg;
                counted++;
            }
        if (counted)
            fprintf(f, "<div class=\"big\">%.0f%%</div>", sum / counted);
        else
            fputs("<div class=\"big\">&#8212;</div>", f);
        fprintf(f, "<div>busy, mean of %zu GPU%s</div><div class=\"what\">", s->gpu_count,
                gi_plural(s->gpu_count));
        esc(f, s->gpus[0].name);
        fputs("</div>", f);
    }
    fputs("</div></section>\n", f);
}

static void warnings(FILE *f, const gi_monitor_summary *s)
{
    char sig[32];
    if (s->interrupted_by)
        fprintf(f,
                "<p class=\"interrupted\">The run was interrupted by %s: the figures cover it "
                "until then.</p>\n",
                gi_signal_name(s->interrupted_by, sig, sizeof sig));
    fputs("<h2>Warnings</h2>\n", f);
    if (s->warning_count == 0) {
        fputs("<p class=\"ok\">None: the run used what it was given.</p>\n", f);
        return;
    }
    fputs("<ul class=\"warn\">", f);
    for (size_t i = 0; i < s->warning_count; i++) {
        fputs("<li>", f);
        esc(f, s->warnings[i]);
        fputs("</li>", f);
    }
    fputs("</ul>\n", f);
}

static void charts(FILE *f, const gi_monitor_summary *s, const series_data *d)
{
    fputs("<h2>Over time</h2>\n", f);
    double x_max = s->duration_s;
    double ax[2] = {0, x_max}, alloc[2] = {s->cpu_allocated, s->cpu_allocated};
    char label[96];
    snprintf(label, sizeof label, "allocated (%g)", s->cpu_allocated);
    gi_chart_series cpu[3] = {
        {.label = "cores used",
         .color = "#2563eb",
         .x = d->t,
         .y = d->cores,
         .n = d->n,
         .step = 1,
         .fill = 1},
        {.label = label, .color = "#dc2626", .x = ax, .y = alloc, .n = 2, .dashed = 1},
        {.label = "used + waiting for a CPU",
         .color = "#f59e0b",
         .x = d->t,
         .y = d->wanted,
         .n = d->n,
         .step = 1},
    };
    double ymax = s->cpu_peak_cores > s->cpu_allocated ? s->cpu_peak_cores : s->cpu_allocated;
    /* The waiting line only when there was waiting worth seeing (a tenth of a core). */
    int show_wait = s->duration_s > 0 && s->cpu_wait_s >= 0.1 * s->duration_s;
    for (size_t i = 1; show_wait && i < d->n; i++)
        if (d->wanted[i] > ymax)
            ymax = d->wanted[i];
    gi_chart c = {.title = "CPU cores used vs allocated",
                  .y_unit = "cores",
                  .x_max = x_max,
                  .y_max = ymax * 1.1,
                  .series = cpu,
                  .nseries = show_wait ? 3 : 2};
    gi_svg_chart(f, &c);

    /* Memory in MiB or GiB, whichever reads better at the peak. */
    double unit = (double)s->mem_peak_rss_bytes >= 2.0 * 1073741824.0 ? 1073741824.0 : 1048576.0;
    const char *uname = unit > 1048576.0 ? "GiB" : "MiB";
    double *rss = malloc((d->n + 1) * sizeof *rss);
    if (rss) {
        for (size_t i = 0; i < d->n; i++)
            rss[i] = d->rss[i] / unit;
        double lim[2] = {(double)s->mem_limit_bytes / unit, (double)s->mem_limit_bytes / unit};
        /* A limit far above the peak would flatten the curve: it is then only in the table. */
        int show_limit = s->mem_limit_bytes > 0 &&
                         (double)s->mem_limit_bytes <= 4.0 * (double)s->mem_peak_rss_bytes;
        char limit_label[64];
        snprintf(limit_label, sizeof limit_label, "limit (%s)", s->mem_limit_source);
        gi_chart_series mem[2] = {
            {.label = "resident memory",
             .color = "#7c3aed",
             .x = d->t,
             .y = rss,
             .n = d->n,
             .fill = 1,
             .peaks = 1},
            {.label = limit_label, .color = "#dc2626", .x = ax, .y = lim, .n = 2, .dashed = 1},
        };
        double peak = (double)s->mem_peak_rss_bytes / unit;
        gi_chart mc = {.title = "Memory (resident set)",
                       .y_unit = uname,
                       .x_max = x_max,
                       .y_max = (show_limit ? lim[0] : peak) * 1.1,
                       .series = mem,
                       .nseries = show_limit ? 2 : 1};
        gi_svg_chart(f, &mc);
        free(rss);
    }

    for (size_t g = 0; g < s->gpu_count; g++) {
        const gi_monitor_gpu *gpu = &s->gpus[g];
        char title[192];
        snprintf(title, sizeof title, "GPU %d %s: utilization", gpu->index, gpu->name);
        gi_chart_series util = {.label = "busy (NVML)",
                                .color = "#059669",
                                .x = d->t,
                                .y = &d->gpu[(2 * g) * d->n],
                                .n = d->n,
                                .fill = 1};
        gi_chart uc = {.title = title,
                       .y_unit = "%",
                       .x_max = x_max,
                       .y_max = 100,
                       .series = &util,
                       .nseries = 1};
        gi_svg_chart(f, &uc);

        double *mem = malloc((d->n + 1) * sizeof *mem);
        if (!mem)
            continue;
        for (size_t i = 0; i < d->n; i++)
            mem[i] = d->gpu[(2 * g + 1) * d->n + i] / 1073741824.0;
        double total = (double)gpu->mem_total_bytes / 1073741824.0, tot[2] = {total, total};
        gi_chart_series ms[2] = {
            {.label = "in use (all processes)",
             .color = "#0891b2",
             .x = d->t,
             .y = mem,
             .n = d->n,
             .fill = 1,
             .peaks = 1},
            {.label = "device memory", .color = "#dc2626", .x = ax, .y = tot, .n = 2, .dashed = 1},
        };
        snprintf(title, sizeof title, "GPU %d %s: memory", gpu->index, gpu->name);
        gi_chart gc = {.title = title,
                       .y_unit = "GiB",
                       .x_max = x_max,
                       .y_max = (total > 0 ? total : 1) * 1.05,
                       .series = ms,
                       .nseries = 2};
        gi_svg_chart(f, &gc);
        free(mem);
    }
}

static void summary_table(FILE *f, const gi_mon_report *v, const gi_monitor_summary *s)
{
    char a[32], b[32], c[32];
    fputs("<h2>Summary</h2>\n<table><tr><th>Resource</th><th>Allocated</th><th>Used</th>"
          "<th>Efficiency</th></tr>",
          f);
    fprintf(f, "<tr><td>CPU cores</td><td class=\"num\">%g (", s->cpu_allocated);
    esc(f, source_words(v));
    fprintf(f, ")</td><td class=\"num\">%.2f average, %.2f peak; %s CPU time", s->cpu_used_cores,
            s->cpu_peak_cores, gi_fmt_duration(a, sizeof a, s->cpu_time_s));
    if (s->cpu_wait_s > 0)
        fprintf(f, "; %s waiting for a CPU", gi_fmt_duration(b, sizeof b, s->cpu_wait_s));
    fputs("</td><td class=\"eff\">", f);
    gi_html_bar(f, s->cpu_percent);
    fputs("</td></tr>", f);
    fputs("<tr><td>Memory</td><td class=\"num\">", f);
    if (s->mem_limit_bytes)
        fprintf(f, "%s (%s)", gi_fmt_bytes(a, sizeof a, (double)s->mem_limit_bytes),
                s->mem_limit_source);
    else
        fputs("no limit known", f);
    fprintf(f, "</td><td class=\"num\">%s peak</td><td class=\"eff\">",
            gi_fmt_bytes(b, sizeof b, (double)s->mem_peak_rss_bytes));
    if (s->mem_limit_bytes)
        gi_html_bar(f, 100.0 * (double)s->mem_peak_rss_bytes / (double)s->mem_limit_bytes);
    else
        fputs("&#8212;", f);
    fputs("</td></tr>", f);
    if (s->gpu_count == 0) {
        fputs("<tr><td>GPU</td><td colspan=\"3\">", f);
        esc(f, s->gpu_status);
        if (v->in->work.kind == GI_DEVICE_GPU && v->in->work.busy_time_s > 0)
            fprintf(f, "; kernels %s (device timers)",
                    gi_fmt_duration(a, sizeof a, v->in->work.busy_time_s));
        fputs("</td></tr>", f);
    }
    for (size_t g = 0; g < s->gpu_count; g++) {
        const gi_monitor_gpu *gpu = &s->gpus[g];
        fprintf(f, "<tr><td>GPU %d ", gpu->index);
        esc(f, gpu->name);
        fprintf(f, " (cuda:%d)</td><td class=\"num\">%s</td><td class=\"num\">", gpu->ordinal,
                gi_fmt_bytes(a, sizeof a, (double)gpu->mem_total_bytes));
        if (!isnan(gpu->mem_peak_bytes))
            fprintf(f, "%s peak memory", gi_fmt_bytes(b, sizeof b, gpu->mem_peak_bytes));
        if (!isnan(gpu->power_avg_w))
            fprintf(f, ", %.0f W average", gpu->power_avg_w);
        if (gpu->busy_time_s > 0)
            fprintf(f, ", kernels %s", gi_fmt_duration(c, sizeof c, gpu->busy_time_s));
        fputs("</td><td class=\"eff\">", f);
        if (isnan(gpu->util_percent_avg))
            fputs("not reported", f);
        else
            gi_html_bar(f, gpu->util_percent_avg);
        fputs("</td></tr>", f);
    }
    fputs("</table>\n", f);
    if (s->cpu_peak_note[0]) {
        fputs("<p class=\"sub\">Peak: ", f);
        esc(f, s->cpu_peak_note);
        fputs("</p>\n", f);
    }
}

static void row(FILE *f, const char *key, const char *value)
{
    fputs("<tr><th>", f);
    esc(f, key);
    fputs("</th><td>", f);
    esc(f, value);
    fputs("</td></tr>", f);
}

/* The job as jobstats and seff show it: who, where, the time limit and its share used, memory
 * asked for against used. */
static void job_table(FILE *f, const gi_mon_report *v, const gi_monitor_summary *s)
{
    if (!s->job_id[0])
        return;
    char a[32], b[32];
    fputs("<h2>Slurm job</h2>\n<table>", f);
    row(f, "job id", s->job_id);
    if (s->job_name[0])
        row(f, "name", s->job_name);
    if (s->job_account[0])
        row(f, "account", s->job_account);
    if (s->job_partition[0])
        row(f, "partition", s->job_partition);
    if (s->job_nodes[0])
        row(f, "nodes", s->job_nodes);
    fputs("<tr><th>time limit</th><td class=\"eff\">", f);
    if (s->time_limit_s > 0 && s->job_elapsed_s > 0) {
        fprintf(f, "%s, %s used: ", gi_fmt_duration(a, sizeof a, s->time_limit_s),
                gi_fmt_duration(b, sizeof b, s->job_elapsed_s));
        gi_html_bar(f, 100.0 * s->job_elapsed_s / s->time_limit_s);
    } else {
        fputs(s->time_limit_s < 0 ? "unlimited" : "not known", f);
    }
    fputs("</td></tr>", f);
    fputs("<tr><th>memory</th><td>", f);
    /* A job of several processes: the busiest node's, all its processes together. */
    double peak =
        v->rk->nranks > 0 ? v->rk->job.mem_peak_node_bytes : (double)s->mem_peak_rss_bytes;
    uint64_t suggested =
        v->rk->nranks > 0 ? v->rk->job.mem_suggested_bytes : s->mem_suggested_bytes;
    if (s->mem_limit_bytes && strcmp(s->mem_limit_source, "slurm") == 0) {
        fprintf(
            f, "%s requested, %s peak%s: ", gi_fmt_bytes(a, sizeof a, (double)s->mem_limit_bytes),
            gi_fmt_bytes(b, sizeof b, peak), v->rk->nranks > 0 ? " (the node's processes)" : "");
        gi_html_bar(f, 100.0 * peak / (double)s->mem_limit_bytes);
        double mib = (double)suggested / 1048576.0;
        if (suggested)
            fprintf(f, "; suggested request: <b>--mem=%.0f%s</b> (the peak is %.0f%% of it)",
                    mib >= 4096 ? mib / 1024 : mib, mib >= 4096 ? "G" : "M",
                    GI_MONITOR_MEM_TARGET_PERCENT);
    } else {
        fprintf(f, "no request known, %s peak", gi_fmt_bytes(b, sizeof b, peak));
    }
    fputs("</td></tr></table>\n", f);
}

/* Energy, measured or unavailable with the reason: never estimated. */
static void energy_table(FILE *f, const gi_monitor_summary *s)
{
    char buf[64];
    fputs("<h2>Energy</h2>\n<table><tr><th>Part</th><th>Energy</th><th>How</th></tr>", f);
    fputs("<tr><td>CPU packages</td><td class=\"num\">", f);
    if (isnan(s->cpu_energy_j))
        fputs("&#8212;", f);
    else
        fprintf(f, "%.1f J", s->cpu_energy_j);
    fputs("</td><td>", f);
    esc(f, s->cpu_energy_status);
    fputs("</td></tr>", f);
    for (size_t g = 0; g < s->gpu_count; g++) {
        const gi_monitor_gpu *gpu = &s->gpus[g];
        fprintf(f, "<tr><td>GPU %d</td><td class=\"num\">", gpu->index);
        if (isnan(gpu->energy_j)) {
            fputs("&#8212;", f);
        } else {
            snprintf(buf, sizeof buf, "%.1f J", gpu->energy_j);
            fputs(buf, f);
        }
        fputs("</td><td>", f);
        esc(f, gpu->energy_status);
        fputs("</td></tr>", f);
    }
    fputs("</table>\n", f);
}

static void run_table(FILE *f, const gi_mon_report *v)
{
    fputs("<h2>Run</h2>\n<table>", f);
    const gi_monitor_workload *w = &v->in->work;
    char buf[64];
    if (w->name)
        row(f, "workload", w->name);
    if (w->backend)
        row(f, "backend", w->backend);
    if (w->device)
        row(f, "device", w->device);
    if (w->threads > 0) {
        snprintf(buf, sizeof buf, "%d", w->threads);
        row(f, "threads", buf);
    }
    if (w->busy_time_s > 0)
        row(f, "compute time (kernel timers)", gi_fmt_duration(buf, sizeof buf, w->busy_time_s));
    for (int i = 0; i < v->in->ninfo; i++)
        row(f, v->in->info_key[i], v->in->info_value[i]);
    fputs("</table>\n", f);
}

static void sources_table(FILE *f, const gi_mon_report *v)
{
    const gi_allocation *a = &v->in->alloc;
    char buf[300];
    fputs("<h2>Where the allocation figures come from</h2>\n<table>", f);
    snprintf(buf, sizeof buf, "%d CPU%s", a->affinity, gi_plural(a->affinity));
    row(f, "affinity mask", buf);
    row(f, "CPU and memory measured from", v->in->method);
    row(f, "cgroup CPU quota", a->cgroup.cpus > 0 ? a->cgroup.cpus_from : "none");
    row(f, "Slurm CPUs",
        a->slurm.cpus > 0 ? a->slurm.cpus_from
        : a->slurm.in_job ? "not stated"
                          : "not a Slurm job");
    row(f, "cgroup memory limit", a->cgroup.mem_bytes > 0 ? a->cgroup.mem_from : "none");
    row(f, "Slurm memory", a->slurm.mem_bytes > 0 ? a->slurm.mem_from : "none");
    row(f, "GPUs allocated", a->gpus > 0 ? a->gpus_from : "none stated");
    row(f, "GPU sampling", v->ngpus > 0 ? "NVML" : v->in->gpu_status);
    if (v->in->driver[0])
        row(f, "NVIDIA driver", v->in->driver);
    fputs("</table>\n", f);
}

int gi_report_write_html(const gi_mon_report *v, FILE *f)
{
    const gi_monitor_summary *s = v->s;
    series_data d;
    if (!copy_samples(v, &d)) {
        free_samples(&d);
        return -1;
    }
    char when[64] = "", dur[32];
    struct tm tm;
    if (localtime_r(&v->in->started, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %z", &tm);
    const char *what = v->in->work.name ? v->in->work.name : "run";

    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    esc(f, what);
    fputs(" on ", f);
    esc(f, v->in->host);
    fprintf(f, " — gpuinteg utilization</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n",
            css);
    if (v->rk->nranks > 0)
        fprintf(f, "<h1>Utilization report: job of %zu rank%s</h1>\n<p class=\"sub\">",
                v->rk->nranks, gi_plural(v->rk->nranks));
    else
        fputs("<h1>Utilization report</h1>\n<p class=\"sub\">", f);
    esc(f, what);
    fputs(" &#183; ", f);
    esc(f, v->in->host);
    fprintf(f, " &#183; started %s &#183; %s</p>\n", when,
            gi_fmt_duration(dur, sizeof dur, s->duration_s));
    if (s->partial) {
        char at[64] = "";
        time_t now = time(NULL);
        struct tm nt;
        if (localtime_r(&now, &nt))
            strftime(at, sizeof at, "%Y-%m-%d %H:%M:%S %z", &nt);
        fprintf(f,
                "<p class=\"interrupted\" id=\"partial\">Partial report, written at %s: the run "
                "is still going, and the figures are those so far. This page is replaced while "
                "it runs; reload it for newer figures.</p>\n",
                at);
    }
    job_table(f, v, s);
    if (v->rk->nranks > 0) {
        /* A job: its ranks first, then the warnings (the job's), then rank 0's own process. */
        if (gi_report_job_html(v, f) != 0) {
            free_samples(&d);
            return -1;
        }
        warnings(f, s);
        fputs("<h2 class=\"part\">Rank 0's process</h2>\n", f);
        cards(f, v, s);
    } else {
        cards(f, v, s);
        warnings(f, s);
    }
    charts(f, s, &d);
    summary_table(f, v, s);
    energy_table(f, s);
    run_table(f, v);
    sources_table(f, v);
    /* What made the report, as `gpuinteg --version` says it (gpuinteg/build.h). */
    fputs("<footer>", f);
    esc(f, gi_build_summary());
    fprintf(f,
            " &#183; %zu samples, every %d ms &#183; the samples: "
            "<code>--report run.json</code> or <code>--report run.csv</code></footer>\n",
            s->samples, s->sample_ms);
    fputs("</main>\n</body>\n</html>\n", f);
    free_samples(&d);
    return 0;
}
