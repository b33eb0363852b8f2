/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The job's parts of the reports, for a monitor with ranks (gi_monitor_add_rank): the "job"
 * JSON object, the HTML page's job section (nodes, ranks, GPUs, cores per rank over time),
 * and the CSV of every rank's samples.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/html_parts.h"
#include "monitor/json_format.h"
#include "monitor/report.h"
#include "monitor/svg_chart.h"
#include "monitor/text_format.h"

static double used_cores(const gi_monitor_rank *r)
{
    return r->duration_s > 0 ? r->cpu_time_s / r->duration_s : 0.0;
}

/* The ranks of node i (or of GPU group g) as a JSON array of numbers. */
static cJSON *ranks_where(const gi_mon_report *v, int node_index, int gpu_group)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t r = 0; a && r < v->rk->nranks; r++)
        if ((node_index >= 0 && v->rk->ranks[r].node_index == node_index) ||
            (gpu_group >= 0 && v->rk->ranks[r].gpu_group == gpu_group))
            cJSON_AddItemToArray(a, cJSON_CreateNumber(v->rk->ranks[r].r.rank));
    return a;
}

static cJSON *rank_json(const gi_mon_rank *x, int samples)
{
    const gi_monitor_rank *r = &x->r;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    gi_json_num(o, "rank", r->rank);
    gi_json_num(o, "node", r->node);
    gi_json_str_or_null(o, "host", r->host);
    gi_json_num(o, "duration_s", r->duration_s);
    gi_json_num(o, "cpu_allocated", r->cpu_allocated);
    gi_json_str_or_null(o, "cpu_allocated_source", r->cpu_allocated_source);
    gi_json_str_or_null(o, "cpu_list", r->cpu_list);
    gi_json_num(o, "cpu_sharers", r->cpu_sharers);
    gi_json_num(o, "used_cores", used_cores(r));
    gi_json_num(o, "percent",
                r->cpu_allocated > 0 ? 100.0 * used_cores(r) / r->cpu_allocated : 0.0);
    gi_json_num(o, "cpu_time_s", r->cpu_time_s);
    gi_json_num(o, "wait_s", r->cpu_wait_s);
    gi_json_num(o, "peak_cores", r->cpu_peak_cores);
    gi_json_num(o, "mem_peak_rss_bytes", (double)r->mem_peak_rss_bytes);
    if (r->mem_limit_bytes)
        gi_json_num(o, "mem_limit_bytes", (double)r->mem_limit_bytes);
    else
        cJSON_AddNullToObject(o, "mem_limit_bytes");
    gi_json_str_or_null(o, "backend", r->backend);
    gi_json_str_or_null(o, "device", r->device);
    gi_json_str_or_null(o, "kind", gi_json_kind_word(r->kind));
    if (r->threads > 0)
        gi_json_num(o, "threads", r->threads);
    else
        cJSON_AddNullToObject(o, "threads");
    gi_json_num(o, "busy_time_s", r->busy_time_s);
    if (x->gpu_group >= 0) {
        cJSON *g = cJSON_AddObjectToObject(o, "gpu");
        if (g) {
            gi_json_str_or_null(g, "uuid", r->gpu_uuid);
            gi_json_str_or_null(g, "name", r->gpu_name);
            gi_json_num(g, "index", r->gpu_index);
            gi_json_num(g, "util_percent_avg", r->gpu_util_percent_avg);
            gi_json_num(g, "mem_peak_bytes", r->gpu_mem_peak_bytes);
        }
    } else {
        cJSON_AddNullToObject(o, "gpu");
    }
    cJSON *w = cJSON_AddArrayToObject(o, "warnings");
    for (size_t i = 0; w && i < r->warning_count; i++)
        cJSON_AddItemToArray(w, cJSON_CreateString(r->warnings[i]));
    if (samples) {
        cJSON *a = cJSON_AddArrayToObject(o, "samples");
        for (size_t i = 0; a && i < r->sample_count; i++) {
            cJSON *p = cJSON_CreateObject();
            if (!p)
                return o; /* the caller's final check of the printed text catches it */
            gi_json_num(p, "t_s", r->samples[i].t_s);
            gi_json_num(p, "cores", r->samples[i].cores);
            gi_json_num(p, "rss_bytes", r->samples[i].rss_bytes);
            cJSON_AddItemToArray(a, p);
        }
    }
    return o;
}

void *gi_report_job_json(const gi_mon_report *v, int samples)
{
    const gi_mon_job *j = &v->rk->job;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    gi_json_num(o, "ranks", (double)v->rk->nranks);
    gi_json_num(o, "nodes", (double)j->nnodes);
    gi_json_num(o, "duration_s", j->duration_s);
    gi_json_cpu(o, j->cpu_allocated, NULL, j->used_cores, j->percent);
    gi_json_num(o, "busy_mean_s", j->busy_mean_s);
    gi_json_num(o, "busy_imbalance", j->busy_imbalance);
    cJSON *nodes = cJSON_AddArrayToObject(o, "per_node");
    for (size_t i = 0; nodes && i < j->nnodes; i++) {
        const gi_mon_node *n = &j->nodes[i];
        cJSON *x = cJSON_CreateObject();
        if (!x)
            break;
        gi_json_num(x, "node", n->node);
        gi_json_str_or_null(x, "host", n->host);
        cJSON_AddItemToObject(x, "ranks", ranks_where(v, (int)i, -1));
        gi_json_num(x, "cpu_allocated", n->cpu_allocated);
        /* How the node's figure was made (see gpuinteg/monitor.h). */
        cJSON_AddStringToObject(x, "cpu_allocation",
                                n->cpus_shared ? "union of the ranks' CPU sets"
                                               : "sum of the ranks' allocations");
        cJSON_AddBoolToObject(x, "cpus_shared", n->cpus_shared);
        gi_json_num(x, "used_cores", n->used_cores);
        gi_json_num(x, "percent",
                    n->cpu_allocated > 0 ? 100.0 * n->used_cores / n->cpu_allocated : 0.0);
        if (n->threads > 0)
            gi_json_num(x, "threads", n->threads);
        else
            cJSON_AddNullToObject(x, "threads");
        gi_json_num(x, "mem_peak_bytes", n->mem_peak_bytes);
        cJSON_AddItemToArray(nodes, x);
    }
    cJSON *ranks = cJSON_AddArrayToObject(o, "per_rank");
    for (size_t i = 0; ranks && i < v->rk->nranks; i++) {
        cJSON *x = rank_json(&v->rk->ranks[i], samples);
        if (!x)
            break;
        cJSON_AddItemToArray(ranks, x);
    }
    cJSON *gpus = cJSON_AddArrayToObject(o, "gpus");
    for (size_t g = 0; gpus && g < j->ngpus; g++) {
        const gi_mon_gpu *u = &j->gpus[g];
        cJSON *x = cJSON_CreateObject();
        if (!x)
            break;
        gi_json_str_or_null(x, "uuid", u->uuid);
        gi_json_str_or_null(x, "name", u->name);
        gi_json_str_or_null(x, "host", u->host);
        gi_json_num(x, "node", u->node);
        gi_json_num(x, "index", u->index);
        cJSON_AddItemToObject(x, "ranks", ranks_where(v, -1, (int)g));
        gi_json_num(x, "busy_time_s", u->busy_time_s);
        gi_json_num(x, "util_percent_avg", u->util_percent_avg);
        gi_json_num(x, "mem_peak_bytes", u->mem_peak_bytes);
        cJSON_AddItemToArray(gpus, x);
    }
    return o;
}

static void esc(FILE *f, const char *s)
{
    gi_html_escape(f, s ? s : "");
}

/* Rank lines in the chart at most; more would be unreadable (the table has every rank). */
#define CHART_RANKS 8

static void rank_chart(const gi_mon_report *v, FILE *f)
{
    static const char *colors[CHART_RANKS] = {"#2563eb", "#dc2626", "#059669", "#d97706",
                                              "#7c3aed", "#0891b2", "#db2777", "#4b5563"};
    size_t n = v->rk->nranks < CHART_RANKS ? v->rk->nranks : CHART_RANKS;
    gi_chart_series series[CHART_RANKS];
    char labels[CHART_RANKS][32];
    double *arrays[2 * CHART_RANKS] = {0};
    double ymax = 1;
    for (size_t i = 0; i < n; i++) {
        const gi_monitor_rank *r = &v->rk->ranks[i].r;
        size_t k = r->sample_count;
        double *x = arrays[2 * i] = malloc((k + 1) * sizeof *x);
        double *y = arrays[2 * i + 1] = malloc((k + 1) * sizeof *y);
        memset(&series[i], 0, sizeof series[i]);
        if (!x || !y)
            continue;
        for (size_t s = 0; s < k; s++) {
            x[s] = r->samples[s].t_s;
            y[s] = r->samples[s].cores;
            if (y[s] > ymax)
                ymax = y[s];
        }
        if (r->cpu_allocated > ymax)
            ymax = r->cpu_allocated;
        snprintf(labels[i], sizeof labels[i], "rank %d", r->rank);
        series[i] = (gi_chart_series){
            .label = labels[i], .color = colors[i], .x = x, .y = y, .n = k, .step = 1};
    }
    char title[96];
    if (v->rk->nranks > CHART_RANKS)
        snprintf(title, sizeof title, "CPU cores used per rank (ranks 0–%d of %zu)",
                 v->rk->ranks[CHART_RANKS - 1].r.rank, v->rk->nranks);
    else
        snprintf(title, sizeof title, "CPU cores used per rank");
    gi_chart c = {.title = title,
                  .y_unit = "cores",
                  .x_max = v->rk->job.duration_s,
                  .y_max = ymax * 1.1,
                  .series = series,
                  .nseries = n};
    gi_svg_chart(f, &c);
    for (size_t i = 0; i < 2 * CHART_RANKS; i++)
        free(arrays[i]);
}

int gi_report_job_html(const gi_mon_report *v, FILE *f)
{
    const gi_mon_job *j = &v->rk->job;
    char a[32], b[32];
    fprintf(f,
            "<section class=\"cards\"><div class=\"card\"><div class=\"what\">Job CPU</div>"
            "<div class=\"big\">%.0f%%</div><div>%.2f of %g allocated cores used</div>"
            "<div class=\"what\">all ranks</div></div>"
            "<div class=\"card\"><div class=\"what\">Ranks</div><div class=\"big\">%zu</div>"
            "<div>on %zu node%s</div><div class=\"what\">%s</div></div>"
            "<div class=\"card\"><div class=\"what\">Load</div>",
            j->percent, j->used_cores, j->cpu_allocated, v->rk->nranks, j->nnodes,
            gi_plural(j->nnodes), gi_fmt_duration(a, sizeof a, j->duration_s));
    if (isnan(j->busy_imbalance))
        fputs("<div class=\"big\">&#8212;</div><div>no device busy times</div>", f);
    else
        fprintf(f,
                "<div class=\"big\">+%.0f%%</div><div>busiest rank (%d) over the mean</div>"
                "<div class=\"what\">device busy %s per rank on average</div>",
                100.0 * j->busy_imbalance, j->busy_max_rank,
                gi_fmt_duration(b, sizeof b, j->busy_mean_s));
    fputs("</div></section>\n", f);

    fputs("<h2>Nodes</h2>\n<table><tr><th>Node</th><th>Ranks</th><th>Cores allocated</th>"
          "<th>Cores used</th><th>Efficiency</th></tr>",
          f);
    for (size_t i = 0; i < j->nnodes; i++) {
        const gi_mon_node *n = &j->nodes[i];
        fprintf(f, "<tr><td>%d ", n->node);
        esc(f, n->host);
        fputs("</td><td>", f);
        esc(f, n->rank_list);
        fprintf(f,
                "</td><td class=\"num\">%g (%s)</td><td class=\"num\">%.2f; peak memory %s</td>"
                "<td class=\"eff\">",
                n->cpu_allocated, n->cpus_shared ? "shared by the ranks" : "sum of the ranks'",
                n->used_cores, gi_fmt_bytes(a, sizeof a, n->mem_peak_bytes));
        gi_html_bar(f, n->cpu_allocated > 0 ? 100.0 * n->used_cores / n->cpu_allocated : 0);
        fputs("</td></tr>", f);
    }
    fputs("</table>\n", f);

    fputs("<h2>Ranks</h2>\n<table><tr><th>Rank</th><th>Node</th><th>Ran</th>"
          "<th>Cores allocated</th><th>Cores used</th><th>Device busy</th><th>Peak memory</th>"
          "<th>Efficiency</th></tr>",
          f);
    for (size_t i = 0; i < v->rk->nranks; i++) {
        const gi_monitor_rank *r = &v->rk->ranks[i].r;
        fprintf(f, "<tr><td>%d</td><td>", r->rank);
        esc(f, r->host);
        fputs("</td><td>", f);
        esc(f, r->backend ? r->backend : "a command"); /* gpuinteg monitor -- CMD */
        if (r->threads > 0)
            fprintf(f, ", %d thread%s", r->threads, gi_plural(r->threads));
        if (r->device) {
            fputs("<br><small>", f);
            esc(f, r->device);
            fputs("</small>", f);
        }
        fprintf(f, "</td><td class=\"num\">%g", r->cpu_allocated);
        if (r->cpu_list && r->cpu_list[0]) {
            /* "0" is one CPU; "0-1" and "0,2" are more. */
            fprintf(f, " <small>(CPU%s ", strpbrk(r->cpu_list, ",-") ? "s" : "");
            esc(f, r->cpu_list);
            fputs(")</small>", f);
        }
        fprintf(f,
                "</td><td class=\"num\">%.2f</td><td class=\"num\">%s</td>"
                "<td class=\"num\">%s</td><td class=\"eff\">",
                used_cores(r),
                r->busy_time_s > 0 ? gi_fmt_duration(a, sizeof a, r->busy_time_s) : "&#8212;",
                gi_fmt_bytes(b, sizeof b, (double)r->mem_peak_rss_bytes));
        gi_html_bar(f, r->cpu_allocated > 0 ? 100.0 * used_cores(r) / r->cpu_allocated : 0);
        fputs("</td></tr>", f);
    }
    fputs("</table>\n", f);

    if (j->ngpus > 0) {
        fputs("<h2>GPUs</h2>\n<table><tr><th>GPU</th><th>Node</th><th>Ranks</th>"
              "<th>Kernels (device timers)</th><th>Busy (NVML)</th></tr>",
              f);
        for (size_t g = 0; g < j->ngpus; g++) {
            const gi_mon_gpu *u = &j->gpus[g];
            fprintf(f, "<tr><td>%d ", u->index);
            esc(f, u->name);
            fputs("</td><td>", f);
            esc(f, u->host);
            fputs("</td><td>", f);
            esc(f, u->rank_list);
            fprintf(f, "</td><td class=\"num\">%s</td><td class=\"eff\">",
                    u->busy_time_s > 0 ? gi_fmt_duration(a, sizeof a, u->busy_time_s) : "&#8212;");
            if (isnan(u->util_percent_avg))
                fputs("not reported", f);
            else
                gi_html_bar(f, u->util_percent_avg);
            fputs("</td></tr>", f);
        }
        fputs("</table>\n", f);
    }
    fputs("<h2>Over time</h2>\n", f);
    rank_chart(v, f);
    return 0;
}

int gi_report_job_csv(const gi_mon_report *v, FILE *f)
{
    fputs("rank,node,host,t_s,cores,rss_bytes\n", f);
    for (size_t i = 0; i < v->rk->nranks; i++) {
        const gi_monitor_rank *r = &v->rk->ranks[i].r;
        /* Host names are plain in practice; quote them anyway (RFC 4180) in case of a comma. */
        char host[300];
        size_t h = 0;
        host[h++] = '"';
        for (const char *p = r->host ? r->host : ""; *p && h + 3 < sizeof host; p++) {
            if (*p == '"')
                host[h++] = '"';
            host[h++] = *p;
        }
        host[h++] = '"';
        host[h] = '\0';
        for (size_t s = 0; s < r->sample_count; s++) {
            const gi_monitor_rank_sample *x = &r->samples[s];
            fprintf(f, "%d,%d,%s,%.6f,", r->rank, r->node, host, x->t_s);
            if (isfinite(x->cores))
                fprintf(f, "%.4f", x->cores);
            fprintf(f, ",%.0f\n", x->rss_bytes);
        }
    }
    return 0;
}
