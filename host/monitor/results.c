/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The run's results as the API gives them: the monitor's line sampling → state → summary →
 * warnings → writers, run in turn (gi_mon_results_build) and handed to the writers as a const
 * view (gi_mon_report_view). Each step below reads only what the steps before it made; only the
 * public calls here and in report_file.c and rank_record.c run them.
 */
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor_impl.h"

gi_status gi_mon_results_build(gi_monitor *m)
{
    gi_mon_summary_build(&m->res, &m->smp, &m->in, m->state == GI_MON_RUNNING);
    if (m->rk.nranks > 0 && gi_mon_job_build(&m->rk, m->in.alloc.mem_limit) != 0)
        return gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY, "gi_monitor_summarize: out of memory");
    gi_status st = gi_mon_warnings_build(&m->warn, &m->res.summary, &m->in, &m->rk);
    if (st != GI_STATUS_OK)
        return gi_monitor_fail(m, st, "gi_monitor_summarize: out of memory");
    m->res.summary.warning_count = m->warn.nwarnings;
    m->res.summary.warnings = (const char *const *)m->warn.warnings;
    return GI_STATUS_OK;
}

int gi_mon_report_view(gi_monitor *m, gi_mon_report *v, gi_sample_buffer *samples)
{
    if (gi_sampler_copy(&m->smp, samples) != 0)
        return -1;
    *v = (gi_mon_report){.s = &m->res.summary,
                         .in = &m->in,
                         .slurm = &m->res.slurm_job,
                         .rk = &m->rk,
                         .samples = samples,
                         .gpus = m->smp.gpus,
                         .ngpus = m->smp.ngpus};
    return 0;
}

gi_status gi_monitor_summarize(gi_monitor *m, gi_monitor_summary *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!m || !out)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    if (m->state == GI_MON_CREATED)
        return gi_monitor_fail(m, GI_STATUS_MISUSE,
                               "gi_monitor_summarize: the monitor never started");
    gi_status st = gi_mon_results_build(m);
    if (st == GI_STATUS_OK)
        *out = m->res.summary;
    return st;
}

/* Runs a writer that makes a string (the text summary, the JSON) on fresh results; the string
 * replaces *slot. Returns it, or NULL (the message set) when out of memory or not started. */
static const char *write_string(gi_monitor *m, char *(*writer)(const gi_mon_report *), char **slot,
                                const char *call)
{
    gi_monitor_summary s;
    if (gi_monitor_summarize(m, &s) != GI_STATUS_OK)
        return NULL;
    gi_mon_report v;
    gi_sample_buffer samples;
    char *text = NULL;
    if (gi_mon_report_view(m, &v, &samples) == 0) {
        text = writer(&v);
        gi_sample_buffer_free(&samples);
    }
    if (!text) {
        gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY, "%s: out of memory", call);
        return NULL;
    }
    free(*slot);
    *slot = text;
    return text;
}

const char *gi_monitor_summary_text(gi_monitor *m)
{
    if (!m)
        return "";
    const char *text = write_string(m, gi_report_text, &m->text, "gi_monitor_summary_text");
    return text ? text : "";
}

const char *gi_monitor_json(gi_monitor *m)
{
    if (!m)
        return "null";
    const char *text = write_string(m, gi_report_json_text, &m->json, "gi_monitor_json");
    return text ? text : "null";
}

size_t gi_monitor_sample_count(gi_monitor *m)
{
    if (!m || m->state == GI_MON_CREATED)
        return 0;
    return gi_sampler_count(&m->smp);
}

gi_status gi_monitor_sample_get(gi_monitor *m, size_t i, gi_monitor_sample *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!m || !out)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    size_t n = m->state == GI_MON_CREATED ? 0 : gi_sampler_get(&m->smp, i, out);
    if (i >= n) {
        memset(out, 0, sizeof *out);
        return gi_monitor_fail(m, GI_STATUS_INVALID_ARGUMENT,
                               "gi_monitor_sample_get: sample %zu of %zu", i, n);
    }
    return GI_STATUS_OK;
}
