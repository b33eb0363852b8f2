/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * JSON: the "utilization" object (also the CLI's --json field) and the .json report, which adds
 * the run's table and every sample.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/build.h>
#include <gpuinteg/version.h>

#include "monitor/json_format.h"
#include "monitor/report.h"
#include "monitor/text_format.h"

/* null for "none" (and for NaN: not measured). */
static void add_number_or_null(cJSON *o, const char *key, double v, int present)
{
    if (present)
        gi_json_num(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static void add_time(cJSON *o, const char *key, time_t t)
{
    struct tm tm;
    char buf[64];
    if (localtime_r(&t, &tm) && strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm))
        cJSON_AddStringToObject(o, key, buf);
    else
        cJSON_AddNullToObject(o, key);
}

void *gi_report_utilization_json(const gi_mon_report *v)
{
    const gi_monitor_summary *s = v->s;
    const gi_allocation *a = &v->in->alloc;
    char sig[32];
    cJSON *u = cJSON_CreateObject();
    if (!u)
        return NULL;
    gi_json_num(u, "duration_s", s->duration_s);
    gi_json_num(u, "sample_ms", s->sample_ms);
    gi_json_num(u, "samples", (double)s->samples);
    cJSON_AddStringToObject(u, "host", v->in->host);
    add_time(u, "started", v->in->started);
    gi_json_str_or_null(u, "interrupted_by",
                        s->interrupted_by ? gi_signal_name(s->interrupted_by, sig, sizeof sig)
                                          : NULL);
    /* A live report: the figures so far, and when they were written. */
    cJSON_AddBoolToObject(u, "partial", s->partial);
    if (s->partial)
        add_time(u, "written_at", time(NULL));
    cJSON_AddStringToObject(u, "method", s->method);
    add_number_or_null(u, "runnable_avg", s->runnable_avg, !isnan(s->runnable_avg));
    if (s->job_id[0]) {
        cJSON *job = cJSON_AddObjectToObject(u, "slurm_job");
        if (job) {
            cJSON_AddStringToObject(job, "id", s->job_id);
            cJSON_AddStringToObject(job, "name", s->job_name);
            cJSON_AddStringToObject(job, "account", s->job_account);
            cJSON_AddStringToObject(job, "partition", s->job_partition);
            cJSON_AddStringToObject(job, "nodes", s->job_nodes);
            add_number_or_null(job, "time_limit_s", s->time_limit_s, s->time_limit_s > 0);
            cJSON_AddBoolToObject(job, "unlimited", s->time_limit_s < 0);
            add_number_or_null(job, "elapsed_s", s->job_elapsed_s, s->job_elapsed_s > 0);
            add_number_or_null(job, "time_used_percent",
                               s->time_limit_s > 0 ? 100.0 * s->job_elapsed_s / s->time_limit_s : 0,
                               s->time_limit_s > 0 && s->job_elapsed_s > 0);
            gi_json_str_or_null(job, "time_from", v->slurm->time_from);
            if (v->slurm->in_step) {
                cJSON_AddStringToObject(job, "step", v->slurm->step_id);
                gi_json_num(job, "task", v->slurm->task);
                gi_json_num(job, "tasks", v->slurm->tasks);
            }
        }
    }
    cJSON *energy = cJSON_AddObjectToObject(u, "energy");
    if (energy) {
        add_number_or_null(energy, "cpu_j", s->cpu_energy_j, !isnan(s->cpu_energy_j));
        cJSON_AddStringToObject(energy, "cpu_status", s->cpu_energy_status);
    }

    cJSON *cpu = gi_json_cpu(u, s->cpu_allocated, s->cpu_allocated_source, s->cpu_used_cores,
                             s->cpu_percent);
    if (cpu) {
        gi_json_num(cpu, "cpu_time_s", s->cpu_time_s);
        gi_json_num(cpu, "peak_cores", s->cpu_peak_cores);
        gi_json_num(cpu, "wait_s", s->cpu_wait_s);
        gi_json_num(cpu, "threads_peak", s->threads_peak);
        gi_json_str_or_null(cpu, "peak_note", s->cpu_peak_note);
        cJSON *src = cJSON_AddObjectToObject(cpu, "sources");
        if (src) {
            gi_json_num(src, "affinity", a->affinity);
            add_number_or_null(src, "cgroup", a->cgroup.cpus, a->cgroup.cpus > 0);
            add_number_or_null(src, "slurm", a->slurm.cpus, a->slurm.cpus > 0);
            gi_json_str_or_null(src, "cgroup_detail", a->cgroup.cpus_from);
            gi_json_str_or_null(src, "slurm_detail", a->slurm.cpus_from);
        }
    }
    cJSON *mem = cJSON_AddObjectToObject(u, "memory");
    if (mem) {
        gi_json_num(mem, "peak_rss_bytes", (double)s->mem_peak_rss_bytes);
        add_number_or_null(mem, "limit_bytes", (double)s->mem_limit_bytes, s->mem_limit_bytes > 0);
        gi_json_str_or_null(mem, "limit_source", s->mem_limit_source);
        const char *detail = strcmp(a->mem_source, "slurm") == 0    ? a->slurm.mem_from
                             : strcmp(a->mem_source, "cgroup") == 0 ? a->cgroup.mem_from
                                                                    : NULL;
        gi_json_str_or_null(mem, "limit_detail", detail);
        add_number_or_null(mem, "suggested_bytes", (double)s->mem_suggested_bytes,
                           s->mem_suggested_bytes > 0);
    }
    gi_json_str_or_null(u, "gpu_status", s->gpu_status);
    gi_json_str_or_null(u, "gpu_sampling", v->ngpus > 0 ? "NVML" : v->in->gpu_status);
    add_number_or_null(u, "gpus_allocated", a->gpus, a->gpus > 0);
    gi_json_str_or_null(u, "driver_version", v->in->driver);
    cJSON *gpus = cJSON_AddArrayToObject(u, "gpus");
    for (size_t i = 0; gpus && i < s->gpu_count; i++) {
        const gi_monitor_gpu *g = &s->gpus[i];
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        gi_json_num(o, "index", g->index);
        gi_json_num(o, "ordinal", g->ordinal);
        cJSON_AddStringToObject(o, "name", g->name);
        cJSON_AddStringToObject(o, "uuid", g->uuid);
        add_number_or_null(o, "util_percent_avg", g->util_percent_avg, 1);
        add_number_or_null(o, "util_percent_peak", g->util_percent_peak, 1);
        add_number_or_null(o, "mem_peak_bytes", g->mem_peak_bytes, 1);
        gi_json_num(o, "mem_total_bytes", (double)g->mem_total_bytes);
        add_number_or_null(o, "power_avg_w", g->power_avg_w, 1);
        gi_json_num(o, "busy_time_s", g->busy_time_s);
        add_number_or_null(o, "energy_j", g->energy_j, !isnan(g->energy_j));
        gi_json_str_or_null(o, "energy_status", g->energy_status);
        cJSON_AddItemToArray(gpus, o);
    }
    cJSON *w = cJSON_AddObjectToObject(u, "workload");
    if (w) {
        gi_json_str_or_null(w, "name", v->in->work.name);
        gi_json_str_or_null(w, "backend", v->in->work.backend);
        gi_json_str_or_null(w, "device", v->in->work.device);
        gi_json_str_or_null(w, "kind", gi_json_kind_word(v->in->work.kind));
        add_number_or_null(w, "threads", v->in->work.threads, v->in->work.threads > 0);
        add_number_or_null(w, "gpu", v->in->work.gpu, v->in->work.gpu >= 0);
        add_number_or_null(w, "busy_time_s", v->in->work.busy_time_s, v->in->work.busy_time_s > 0);
    }
    cJSON *warn = cJSON_AddArrayToObject(u, "warnings");
    for (size_t i = 0; warn && i < s->warning_count; i++)
        cJSON_AddItemToArray(warn, cJSON_CreateString(s->warnings[i]));
    if (v->rk->nranks > 0) {
        cJSON *job = gi_report_job_json(v, 0);
        if (!job) {
            cJSON_Delete(u);
            return NULL;
        }
        cJSON_AddItemToObject(u, "job", job);
    }
    return u;
}

char *gi_report_json_text(const gi_mon_report *v)
{
    cJSON *u = gi_report_utilization_json(v);
    char *text = u ? cJSON_PrintUnformatted(u) : NULL;
    cJSON_Delete(u);
    if (!text)
        return NULL;
    /* cJSON's allocator is malloc unless a program changed it with cJSON_InitHooks; keep
     * the text in memory of our own. */
    char *copy = strdup(text);
    cJSON_free(text);
    return copy;
}

static cJSON *sample_json(const gi_mon_report *v, size_t i)
{
    const gi_mon_sample *s = &v->samples->samples[i];
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    gi_json_num(o, "t_s", s->t_s);
    gi_json_num(o, "cpu_time_s", s->cpu_time_s);
    add_number_or_null(o, "cores", s->cores, 1);
    gi_json_num(o, "wait_s", s->wait_s);
    gi_json_num(o, "rss_bytes", (double)s->rss_bytes);
    gi_json_num(o, "threads", s->threads);
    if (v->ngpus > 0) {
        cJSON *arr = cJSON_AddArrayToObject(o, "gpus");
        for (int g = 0; arr && g < v->ngpus; g++) {
            const gi_monitor_gpu_sample *gs = &v->samples->gpu[i * (size_t)v->ngpus + (size_t)g];
            cJSON *go = cJSON_CreateObject();
            if (!go)
                break;
            add_number_or_null(go, "util_percent", gs->util_percent, 1);
            add_number_or_null(go, "mem_used_bytes", gs->mem_used_bytes, 1);
            add_number_or_null(go, "power_w", gs->power_w, 1);
            cJSON_AddItemToArray(arr, go);
        }
    }
    return o;
}

int gi_report_write_json(const gi_mon_report *v, FILE *f)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return -1;
    cJSON_AddStringToObject(root, "gpuinteg", gi_version_string());
    /* The build's facts, as `gpuinteg --version --json` gives them (gpuinteg/build.h). */
    cJSON *build = cJSON_Parse(gi_build_info());
    if (build)
        cJSON_AddItemToObject(root, "build", build);
    cJSON *run = cJSON_AddObjectToObject(root, "run");
    for (int i = 0; run && i < v->in->ninfo; i++)
        cJSON_AddStringToObject(run, v->in->info_key[i], v->in->info_value[i]);
    cJSON *u = gi_report_utilization_json(v);
    if (u)
        cJSON_AddItemToObject(root, "utilization", u);
    /* The report's job has every rank's timeline too. */
    cJSON *job = u && v->rk->nranks > 0 ? gi_report_job_json(v, 1) : NULL;
    if (job)
        cJSON_ReplaceItemInObject(u, "job", job);
    else if (u && v->rk->nranks > 0)
        u = NULL;
    cJSON *samples = cJSON_AddArrayToObject(root, "samples");
    int ok = run && u && samples;
    for (size_t i = 0; ok && i < v->samples->n; i++) {
        cJSON *o = sample_json(v, i);
        ok = o != NULL;
        if (o)
            cJSON_AddItemToArray(samples, o);
    }
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return -1;
    fputs(text, f);
    fputc('\n', f);
    cJSON_free(text);
    return 0;
}
