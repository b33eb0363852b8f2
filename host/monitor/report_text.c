/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The summary as a few lines of text, for the end of a run's human output.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/report.h"
#include "monitor/text_format.h"
#include "util/text_buffer.h"

static const char *source_words(const gi_mon_report *v)
{
    const char *src = v->in->alloc.cpu_source;
    if (strcmp(src, "slurm") == 0)
        return v->in->alloc.slurm.cpus_from;
    return strcmp(src, "cgroup") == 0 ? "cgroup quota" : "affinity mask";
}

static void gpu_line(gi_text_buffer *b, const gi_monitor_gpu *g)
{
    char mem[32], total[32], busy[32];
    gi_text_buffer_printf(b, "GPU %d %s", g->index, g->name);
    if (g->ordinal != g->index)
        gi_text_buffer_printf(b, " (cuda:%d)", g->ordinal);
    if (isnan(g->util_percent_avg))
        gi_text_buffer_printf(b, ": utilization not reported");
    else
        gi_text_buffer_printf(b, ": %.0f%% busy", g->util_percent_avg);
    if (!isnan(g->mem_peak_bytes))
        gi_text_buffer_printf(b, ", peak memory %s of %s",
                              gi_fmt_bytes(mem, sizeof mem, g->mem_peak_bytes),
                              gi_fmt_bytes(total, sizeof total, (double)g->mem_total_bytes));
    if (!isnan(g->power_avg_w))
        gi_text_buffer_printf(b, ", %.0f W average", g->power_avg_w);
    if (g->busy_time_s > 0)
        gi_text_buffer_printf(b, ", kernels %s (device timers)",
                              gi_fmt_duration(busy, sizeof busy, g->busy_time_s));
    gi_text_buffer_printf(b, "\n");
}

/* What jobstats and seff show of the job, how the figures were measured, and the energy. */
static void job_lines(gi_text_buffer *b, const gi_monitor_summary *s)
{
    char t1[32], t2[32];
    if (s->job_id[0]) {
        gi_text_buffer_printf(b, "Job: %s", s->job_id);
        if (s->job_name[0])
            gi_text_buffer_printf(b, " (%s)", s->job_name);
        if (s->job_account[0])
            gi_text_buffer_printf(b, ", account %s", s->job_account);
        if (s->job_partition[0])
            gi_text_buffer_printf(b, ", partition %s", s->job_partition);
        if (s->job_nodes[0])
            gi_text_buffer_printf(b, ", nodes %s", s->job_nodes);
        if (s->time_limit_s > 0 && s->job_elapsed_s > 0)
            gi_text_buffer_printf(b, "; time limit %s, %s used (%.0f%%)",
                                  gi_fmt_duration(t1, sizeof t1, s->time_limit_s),
                                  gi_fmt_duration(t2, sizeof t2, s->job_elapsed_s),
                                  100.0 * s->job_elapsed_s / s->time_limit_s);
        else if (s->time_limit_s < 0)
            gi_text_buffer_printf(b, "; no time limit");
        gi_text_buffer_printf(b, "\n");
    }
    gi_text_buffer_printf(b, "Measured: %s\n", s->method);
    if (isnan(s->cpu_energy_j))
        gi_text_buffer_printf(b, "Energy: CPU packages %s", s->cpu_energy_status);
    else
        gi_text_buffer_printf(b, "Energy: CPU packages %.1f J, %s", s->cpu_energy_j,
                              s->cpu_energy_status);
    for (size_t g = 0; g < s->gpu_count; g++) {
        const gi_monitor_gpu *gpu = &s->gpus[g];
        if (isnan(gpu->energy_j))
            gi_text_buffer_printf(b, "; GPU %d %s", gpu->index, gpu->energy_status);
        else
            gi_text_buffer_printf(b, "; GPU %d %.1f J, %s", gpu->index, gpu->energy_j,
                                  gpu->energy_status);
    }
    gi_text_buffer_printf(b, "\n");
}

/* Past this many ranks the text keeps the node lines; the JSON and the reports have them all. */
#define RANK_LINES 16

static void job_rank_line(gi_text_buffer *b, const gi_mon_rank *x)
{
    const gi_monitor_rank *r = &x->r;
    char t[32], mem[32];
    double used = r->duration_s > 0 ? r->cpu_time_s / r->duration_s : 0.0;
    gi_text_buffer_printf(b, "  rank %d on %s: %.2f of %g allocated core%s (%.0f%%)", r->rank,
                          r->host ? r->host : "?", used, r->cpu_allocated,
                          gi_plural(r->cpu_allocated),
                          r->cpu_allocated > 0 ? 100.0 * used / r->cpu_allocated : 0.0);
    if (r->threads > 0)
        gi_text_buffer_printf(b, ", %d thread%s", r->threads, gi_plural(r->threads));
    if (r->backend)
        gi_text_buffer_printf(b, ", %s", r->backend);
    if (r->busy_time_s > 0)
        gi_text_buffer_printf(b, ", busy %s", gi_fmt_duration(t, sizeof t, r->busy_time_s));
    gi_text_buffer_printf(b, ", peak memory %s\n",
                          gi_fmt_bytes(mem, sizeof mem, (double)r->mem_peak_rss_bytes));
}

/* A job's summary (ranks added): the job, its nodes, its ranks, the GPUs they ran on. */
static void job_text(gi_text_buffer *b, const gi_mon_report *v, const gi_monitor_summary *s)
{
    const gi_mon_job *j = &v->rk->job;
    char t1[32];
    gi_text_buffer_printf(b,
                          "Utilization: job of %zu rank%s on %zu node%s, %s, samples every %d ms\n",
                          v->rk->nranks, gi_plural(v->rk->nranks), j->nnodes, gi_plural(j->nnodes),
                          gi_fmt_duration(t1, sizeof t1, j->duration_s), s->sample_ms);
    job_lines(b, s);
    gi_text_buffer_printf(b, "CPU: %.2f of %g allocated core%s used (%.0f%%) by %zu rank%s\n",
                          j->used_cores, j->cpu_allocated, gi_plural(j->cpu_allocated), j->percent,
                          v->rk->nranks, gi_plural(v->rk->nranks));
    for (size_t i = 0; i < j->nnodes; i++) {
        const gi_mon_node *n = &j->nodes[i];
        gi_text_buffer_printf(
            b, "  node %d %s: rank%s %s, %.2f of %g allocated core%s (%.0f%%%s), peak memory %s\n",
            n->node, n->host, gi_plural(n->nranks), n->rank_list, n->used_cores, n->cpu_allocated,
            gi_plural(n->cpu_allocated),
            n->cpu_allocated > 0 ? 100.0 * n->used_cores / n->cpu_allocated : 0.0,
            n->cpus_shared ? "; the ranks share these CPUs" : "",
            gi_fmt_bytes(t1, sizeof t1, n->mem_peak_bytes));
    }
    for (size_t i = 0; i < v->rk->nranks && i < RANK_LINES; i++)
        job_rank_line(b, &v->rk->ranks[i]);
    if (v->rk->nranks > RANK_LINES)
        gi_text_buffer_printf(
            b, "  … %zu more ranks: see the JSON (utilization.job.per_rank) or --report\n",
            v->rk->nranks - RANK_LINES);
    if (j->ngpus == 0)
        gi_text_buffer_printf(b, "GPU: no rank ran on a GPU\n");
    for (size_t g = 0; g < j->ngpus; g++) {
        const gi_mon_gpu *u = &j->gpus[g];
        gi_text_buffer_printf(b, "GPU %d %s on %s (rank%s %s)", u->index, u->name, u->host,
                              gi_plural(u->nranks), u->rank_list);
        if (!isnan(u->util_percent_avg))
            gi_text_buffer_printf(b, ": %.0f%% busy", u->util_percent_avg);
        else
            gi_text_buffer_printf(b, ":");
        if (u->busy_time_s > 0)
            gi_text_buffer_printf(b, "%s kernels %s (device timers)",
                                  isnan(u->util_percent_avg) ? "" : ",",
                                  gi_fmt_duration(t1, sizeof t1, u->busy_time_s));
        gi_text_buffer_printf(b, "\n");
    }
    if (!isnan(j->busy_imbalance))
        gi_text_buffer_printf(
            b, "Load: device busy %s on average per rank, the busiest rank (%d) %.0f%% above\n",
            gi_fmt_duration(t1, sizeof t1, j->busy_mean_s), j->busy_max_rank,
            100.0 * j->busy_imbalance);
}

char *gi_report_text(const gi_mon_report *v)
{
    const gi_monitor_summary s = *v->s;
    gi_text_buffer b = {0};
    char t1[32], t2[32], sig[32];
    if (v->rk->nranks > 0) {
        job_text(&b, v, &s);
        goto tail;
    }
    gi_text_buffer_printf(&b, "Utilization: %s, %zu samples every %d ms%s\n",
                          gi_fmt_duration(t1, sizeof t1, s.duration_s), s.samples, s.sample_ms,
                          s.partial ? " (partial: still running)" : "");
    job_lines(&b, &s);
    gi_text_buffer_printf(&b, "CPU: %.2f of %g allocated core%s used (%.0f%%), allocation from %s",
                          s.cpu_used_cores, s.cpu_allocated, gi_plural(s.cpu_allocated),
                          s.cpu_percent, source_words(v));
    /* Worth a mention from a tenth of a core on: it explains a low figure. */
    if (s.duration_s > 0 && s.cpu_wait_s >= 0.1 * s.duration_s)
        gi_text_buffer_printf(&b, "; threads waited %s for a CPU",
                              gi_fmt_duration(t1, sizeof t1, s.cpu_wait_s));
    if (!isnan(s.runnable_avg) && s.runnable_avg > s.cpu_allocated + 0.5)
        gi_text_buffer_printf(&b, "; %.1f threads ready to run on average", s.runnable_avg);
    gi_text_buffer_printf(&b, "\n");
    if (s.cpu_peak_note[0])
        gi_text_buffer_printf(&b, "Note: %s\n", s.cpu_peak_note);
    gi_text_buffer_printf(&b, "Memory: peak %s",
                          gi_fmt_bytes(t1, sizeof t1, (double)s.mem_peak_rss_bytes));
    if (s.mem_limit_bytes)
        gi_text_buffer_printf(&b, " of %s limit (%s)",
                              gi_fmt_bytes(t2, sizeof t2, (double)s.mem_limit_bytes),
                              s.mem_limit_source);
    if (s.mem_suggested_bytes)
        gi_text_buffer_printf(&b, "; suggested request %s",
                              gi_fmt_bytes(t1, sizeof t1, (double)s.mem_suggested_bytes));
    gi_text_buffer_printf(&b, "\n");
    if (s.gpu_count == 0) {
        gi_text_buffer_printf(&b, "GPU: %s", s.gpu_status);
        if (v->in->work.kind == GI_DEVICE_GPU && v->in->work.busy_time_s > 0)
            gi_text_buffer_printf(&b, "; kernels %s (device timers)",
                                  gi_fmt_duration(t1, sizeof t1, v->in->work.busy_time_s));
        gi_text_buffer_printf(&b, "\n");
    }
    for (size_t g = 0; g < s.gpu_count; g++)
        gpu_line(&b, &s.gpus[g]);
tail:
    if (s.interrupted_by)
        gi_text_buffer_printf(&b, "Interrupted by %s: the figures cover the run until then\n",
                              gi_signal_name(s.interrupted_by, sig, sizeof sig));
    for (size_t i = 0; i < s.warning_count; i++)
        gi_text_buffer_printf(&b, "Warning: %s\n", s.warnings[i]);
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
