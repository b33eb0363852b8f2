/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The run's results as the API gives them (gi_monitor_summarize): the front of the monitor's
 * line sampling → state → summary → warnings → writers. Each step below reads only what the
 * steps before it made; only this file (and the other public entry points) calls them in turn.
 */
#include <string.h>

#include "monitor/monitor_impl.h"

gi_status gi_mon_results_build(gi_monitor *m)
{
    gi_mon_summary_build(m);
    if (m->nranks > 0 && gi_mon_job_build(m) != 0)
        return gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY, "gi_monitor_summarize: out of memory");
    gi_status st = gi_monitor_compute_warnings(m);
    if (st != GI_STATUS_OK)
        return gi_monitor_fail(m, st, "gi_monitor_summarize: out of memory");
    m->summary.warning_count = m->nwarnings;
    m->summary.warnings = (const char *const *)m->warnings;
    return GI_STATUS_OK;
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
        *out = m->summary;
    return st;
}
