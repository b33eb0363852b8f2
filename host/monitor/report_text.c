/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The summary as a few lines of text, for the end of a run's human output.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor_impl.h"
#include "monitor/text_format.h"

/* A growing string; on allocation failure it stays as it was and `failed` is set. */
typedef struct text_buf {
    char *s;
    size_t len, cap;
    int failed;
} text_buf;

static void put(text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text_buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->len + (size_t)n + 1) * 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static const char *source_words(const gi_monitor *m)
{
    const char *src = m->alloc.cpu_source;
    if (strcmp(src, "slurm") == 0)
        return m->alloc.slurm.cpus_from;
    return strcmp(src, "cgroup") == 0 ? "cgroup quota" : "affinity mask";
}

static void gpu_line(text_buf *b, const gi_monitor_gpu *g)
{
    char mem[32], total[32], busy[32];
    put(b, "GPU %d %s", g->index, g->name);
    if (g->ordinal != g->index)
        put(b, " (cuda:%d)", g->ordinal);
    if (isnan(g->util_percent_avg))
        put(b, ": utilization not reported");
    else
        put(b, ": %.0f%% busy", g->util_percent_avg);
    if (!isnan(g->mem_peak_bytes))
        put(b, ", peak memory %s of %s", gi_fmt_bytes(mem, sizeof mem, g->mem_peak_bytes),
            gi_fmt_bytes(total, sizeof total, (double)g->mem_total_bytes));
    if (!isnan(g->power_avg_w))
        put(b, ", %.0f W average", g->power_avg_w);
    if (g->busy_time_s > 0)
        put(b, ", kernels %s (device timers)", gi_fmt_duration(busy, sizeof busy, g->busy_time_s));
    put(b, "\n");
}

/* What jobstats and seff show of the job, how the figures were measured, and the energy. */
static void job_lines(text_buf *b, const gi_monitor_summary *s)
{
    char t1[32], t2[32];
    if (s->job_id[0]) {
        put(b, "Job: %s", s->job_id);
        if (s->job_name[0])
            put(b, " (%s)", s->job_name);
        if (s->job_account[0])
            put(b, ", account %s", s->job_account);
        if (s->job_partition[0])
            put(b, ", partition %s", s->job_partition);
        if (s->job_nodes[0])
            put(b, ", nodes %s", s->job_nodes);
        if (s->time_limit_s > 0 && s->job_elapsed_s > 0)
            put(b, "; time limit %s, %s used (%.0f%%)",
                gi_fmt_duration(t1, sizeof t1, s->time_limit_s),
                gi_fmt_duration(t2, sizeof t2, s->job_elapsed_s),
                100.0 * s->job_elapsed_s / s->time_limit_s);
        else if (s->time_limit_s < 0)
            put(b, "; no time limit");
        put(b, "\n");
    }
    put(b, "Measured: %s\n", s->method);
    if (isnan(s->cpu_energy_j))
        put(b, "Energy: CPU packages %s", s->cpu_energy_status);
    else
        put(b, "Energy: CPU packages %.1f J, %s", s->cpu_energy_j, s->cpu_energy_status);
    for (size_t g = 0; g < s->gpu_count; g++) {
        const gi_monitor_gpu *gpu = &s->gpus[g];
        if (isnan(gpu->energy_j))
            put(b, "; GPU %d %s", gpu->index, gpu->energy_status);
        else
            put(b, "; GPU %d %.1f J, %s", gpu->index, gpu->energy_j, gpu->energy_status);
    }
    put(b, "\n");
}

/* Past this many ranks the text keeps the node lines; the JSON and the reports have them all. */
#define RANK_LINES 16

static void job_rank_line(text_buf *b, const gi_mon_rank *x)
{
    const gi_monitor_rank *r = &x->r;
    char t[32], mem[32];
    double used = r->duration_s > 0 ? r->cpu_time_s / r->duration_s : 0.0;
    put(b, "  rank %d on %s: %.2f of %g allocated core%s (%.0f%%)", r->rank,
        r->host ? r->host : "?", used, r->cpu_allocated, gi_plural(r->cpu_allocated),
        r->cpu_allocated > 0 ? 100.0 * used / r->cpu_allocated : 0.0);
    if (r->threads > 0)
        put(b, ", %d thread%s", r->threads, gi_plural(r->threads));
    if (r->backend)
        put(b, ", %s", r->backend);
    if (r->busy_time_s > 0)
        put(b, ", busy %s", gi_fmt_duration(t, sizeof t, r->busy_time_s));
    put(b, ", peak memory %s\n", gi_fmt_bytes(mem, sizeof mem, (double)r->mem_peak_rss_bytes));
}

/* A job's summary (ranks added): the job, its nodes, its ranks, the GPUs they ran on. */
static void job_text(text_buf *b, gi_monitor *m, const gi_monitor_summary *s)
{
    const gi_mon_job *j = &m->job;
    char t1[32], list[256];
    put(b, "Utilization: job of %zu rank%s on %zu node%s, %s, samples every %d ms\n", m->nranks,
        gi_plural(m->nranks), j->nnodes, gi_plural(j->nnodes),
        gi_fmt_duration(t1, sizeof t1, j->duration_s), s->sample_ms);
    job_lines(b, s);
    put(b, "CPU: %.2f of %g allocated core%s used (%.0f%%) by %zu rank%s\n", j->used_cores,
        j->cpu_allocated, gi_plural(j->cpu_allocated), j->percent, m->nranks, gi_plural(m->nranks));
    int *ranks = malloc(m->nranks * sizeof *ranks);
    for (size_t i = 0; i < j->nnodes && ranks; i++) {
        const gi_mon_node *n = &j->nodes[i];
        size_t k = 0;
        for (size_t r = 0; r < m->nranks; r++)
            if (m->ranks[r].node_index == (int)i)
                ranks[k++] = m->ranks[r].r.rank;
        gi_mon_rank_list(ranks, k, list, sizeof list);
        put(b, "  node %d %s: rank%s %s, %.2f of %g allocated core%s (%.0f%%%s), peak memory %s\n",
            n->node, n->host, gi_plural(k), list, n->used_cores, n->cpu_allocated,
            gi_plural(n->cpu_allocated),
            n->cpu_allocated > 0 ? 100.0 * n->used_cores / n->cpu_allocated : 0.0,
            n->cpus_shared ? "; the ranks share these CPUs" : "",
            gi_fmt_bytes(t1, sizeof t1, n->mem_peak_bytes));
    }
    for (size_t i = 0; i < m->nranks && i < RANK_LINES; i++)
        job_rank_line(b, &m->ranks[i]);
    if (m->nranks > RANK_LINES)
        put(b, "  … %zu more ranks: see the JSON (utilization.job.per_rank) or --report\n",
            m->nranks - RANK_LINES);
    if (j->ngpus == 0)
        put(b, "GPU: no rank ran on a GPU\n");
    for (size_t g = 0; g < j->ngpus && ranks; g++) {
        const gi_mon_gpu *u = &j->gpus[g];
        size_t k = 0;
        for (size_t r = 0; r < m->nranks; r++)
            if (m->ranks[r].gpu_group == (int)g)
                ranks[k++] = m->ranks[r].r.rank;
        gi_mon_rank_list(ranks, k, list, sizeof list);
        put(b, "GPU %d %s on %s (rank%s %s)", u->index, u->name, u->host, gi_plural(k), list);
        if (!isnan(u->util_percent_avg))
            put(b, ": %.0f%% busy", u->util_percent_avg);
        else
            put(b, ":");
        if (u->busy_time_s > 0)
            put(b, "%s kernels %s (device timers)", isnan(u->util_percent_avg) ? "" : ",",
                gi_fmt_duration(t1, sizeof t1, u->busy_time_s));
        put(b, "\n");
    }
    if (!isnan(j->busy_imbalance))
        put(b, "Load: device busy %s on average per rank, the busiest rank (%d) %.0f%% above\n",
            gi_fmt_duration(t1, sizeof t1, j->busy_mean_s), j->busy_max_rank,
            100.0 * j->busy_imbalance);
    if (!ranks)
        b->failed = 1;
    free(ranks);
}

const char *gi_monitor_summary_text(gi_monitor *m)
{
    if (!m)
        return "";
    gi_monitor_summary s;
    if (gi_monitor_summarize(m, &s) != GI_STATUS_OK)
        return "";
    text_buf b = {0};
    char t1[32], t2[32], sig[32];
    if (m->nranks > 0) {
        job_text(&b, m, &s);
        goto tail;
    }
    put(&b, "Utilization: %s, %zu samples every %d ms%s\n",
        gi_fmt_duration(t1, sizeof t1, s.duration_s), s.samples, s.sample_ms,
        s.partial ? " (partial: still running)" : "");
    job_lines(&b, &s);
    put(&b, "CPU: %.2f of %g allocated core%s used (%.0f%%), allocation from %s", s.cpu_used_cores,
        s.cpu_allocated, gi_plural(s.cpu_allocated), s.cpu_percent, source_words(m));
    /* Worth a mention from a tenth of a core on: it explains a low figure. */
    if (s.duration_s > 0 && s.cpu_wait_s >= 0.1 * s.duration_s)
        put(&b, "; threads waited %s for a CPU", gi_fmt_duration(t1, sizeof t1, s.cpu_wait_s));
    if (!isnan(s.runnable_avg) && s.runnable_avg > s.cpu_allocated + 0.5)
        put(&b, "; %.1f threads ready to run on average", s.runnable_avg);
    put(&b, "\n");
    if (s.cpu_peak_note[0])
        put(&b, "Note: %s\n", s.cpu_peak_note);
    put(&b, "Memory: peak %s", gi_fmt_bytes(t1, sizeof t1, (double)s.mem_peak_rss_bytes));
    if (s.mem_limit_bytes)
        put(&b, " of %s limit (%s)", gi_fmt_bytes(t2, sizeof t2, (double)s.mem_limit_bytes),
            s.mem_limit_source);
    if (s.mem_suggested_bytes)
        put(&b, "; suggested request %s",
            gi_fmt_bytes(t1, sizeof t1, (double)s.mem_suggested_bytes));
    put(&b, "\n");
    if (s.gpu_count == 0) {
        put(&b, "GPU: %s", s.gpu_status);
        if (m->work.kind == GI_DEVICE_GPU && m->work.busy_time_s > 0)
            put(&b, "; kernels %s (device timers)",
                gi_fmt_duration(t1, sizeof t1, m->work.busy_time_s));
        put(&b, "\n");
    }
    for (size_t g = 0; g < s.gpu_count; g++)
        gpu_line(&b, &s.gpus[g]);
tail:
    if (s.interrupted_by)
        put(&b, "Interrupted by %s: the figures cover the run until then\n",
            gi_signal_name(s.interrupted_by, sig, sizeof sig));
    for (size_t i = 0; i < s.warning_count; i++)
        put(&b, "Warning: %s\n", s.warnings[i]);
    if (b.failed) {
        free(b.s);
        gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY, "gi_monitor_summary_text: out of memory");
        return "";
    }
    free(m->text);
    m->text = b.s;
    return m->text ? m->text : "";
}
