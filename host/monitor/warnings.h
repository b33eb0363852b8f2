/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/warnings.h — the fourth layer: what the summary means for the user (wasted or
 * oversubscribed resources and the likely fix), for one process (warnings.c) or a job of
 * ranks (job_warnings.c). Reads the summary, the inputs and the job; writes only its list.
 */
#ifndef GI_MONITOR_WARNINGS_H
#define GI_MONITOR_WARNINGS_H

#include <stddef.h>

#include <gpuinteg/monitor.h>
#include <gpuinteg/status.h>

#include "monitor/inputs.h"
#include "monitor/job.h"

#define GI_MONITOR_MAX_WARNINGS 16

/* The warnings, each a clean UTF-8 copy owned here. */
typedef struct gi_mon_warnings {
    char *warnings[GI_MONITOR_MAX_WARNINGS];
    size_t nwarnings;
} gi_mon_warnings;

/* Appends one formatted warning (past GI_MONITOR_MAX_WARNINGS it is dropped). Returns 1, or 0
 * when out of memory. */
int gi_mon_warning_add(gi_mon_warnings *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Replaces w's warnings with those of summary s (a job's when rk has ranks). Returns
 * GI_STATUS_OK or GI_STATUS_OUT_OF_MEMORY. */
gi_status gi_mon_warnings_build(gi_mon_warnings *w, const gi_monitor_summary *s,
                                const gi_mon_inputs *in, const gi_mon_ranks *rk);

/* The job's own warnings (idle ranks, imbalance, nodes, the ranks' warnings once each),
 * appended to w. Returns 1, or 0 when out of memory. */
int gi_mon_job_warnings(gi_mon_warnings *w, const gi_mon_ranks *rk);

/* Frees the warnings; w is then empty. */
void gi_mon_warnings_free(gi_mon_warnings *w);

#endif /* GI_MONITOR_WARNINGS_H */
