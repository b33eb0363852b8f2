/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/monitor_impl.h — the inside of gi_monitor, for the files of the public calls
 * only (monitor.c, results.c, report_file.c, rank_record.c). The layers below see their own
 * part and the parts before them, never this struct:
 *   sampling  sampling.h  (sampler.c, proc_usage.c, job_usage.c, nvml_gpus.c, energy.c,
 *                          command_output.c, sample_buffer.c)
 *   state     inputs.h, job.h  (allocation.c, slurm_env.c, slurm_job.c, cgroup_limits.c,
 *                               cpu_list.c, job.c)
 *   summary   summary.h  (summary.c)
 *   warnings  warnings.h  (warnings.c, job_warnings.c)
 *   writers   report.h  (report_text/json/csv/html/job.c, html_parts.c, svg_chart.c) — a const
 *             view (gi_mon_report) with a copy of the samples
 * gi_mon_results_build runs summary and warnings in turn; gi_mon_report_view hands the writers
 * their view. Nothing below calls back up.
 *
 * Locking: the sampler's lock (sampling.h) is the only one. Everything else is written by the
 * public calls, which the user serialises.
 */
#ifndef GI_MONITOR_MONITOR_IMPL_H
#define GI_MONITOR_MONITOR_IMPL_H

#include <stdarg.h>

#include <gpuinteg/monitor.h>
#include <gpuinteg/status.h>

#include "monitor/inputs.h"
#include "monitor/job.h"
#include "monitor/report.h"
#include "monitor/sampling.h"
#include "monitor/summary.h"
#include "monitor/warnings.h"

enum { GI_MON_CREATED = 0, GI_MON_RUNNING = 1, GI_MON_STOPPED = 2 };

struct gi_monitor {
    int state;
    double t_end; /* seconds from t0 to the stop; 0 while running */
    gi_mon_sampling smp;
    gi_mon_inputs in;
    gi_mon_ranks rk; /* gi_monitor_add_rank */
    gi_mon_results res;
    gi_mon_warnings warn;

    /* What the public calls hand out, owned here. */
    char *text;
    char *json;
    gi_monitor_rank_sample *self_samples; /* gi_monitor_rank_get's timeline */
    char err[1024];
};

/* Sets the monitor's message (printf format) and returns status. */
gi_status gi_monitor_fail(gi_monitor *m, gi_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The whole line after sampling: summary, the job's figures, warnings. Returns GI_STATUS_OK or
 * GI_STATUS_OUT_OF_MEMORY (the message is set). */
gi_status gi_mon_results_build(gi_monitor *m);

/* The writers' view of m (the results must be fresh), with a copy of the samples in *samples,
 * which the caller frees with gi_sample_buffer_free. Returns 0, or -1 when out of memory. */
int gi_mon_report_view(gi_monitor *m, gi_mon_report *v /* OUT */,
                       gi_sample_buffer *samples /* OUT */);

#endif /* GI_MONITOR_MONITOR_IMPL_H */
