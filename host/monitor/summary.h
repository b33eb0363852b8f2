/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/summary.h — the third layer: the run as a whole (gi_monitor_summary) made from
 * the samples (read under the sampler's lock) and the inputs. It knows nothing of the warnings
 * or the writers after it.
 */
#ifndef GI_MONITOR_SUMMARY_H
#define GI_MONITOR_SUMMARY_H

#include <gpuinteg/monitor.h>

#include "monitor/inputs.h"
#include "monitor/sampling.h"

/* The summary and the strings it points to, rebuilt on demand. */
typedef struct gi_mon_results {
    gi_monitor_summary summary; /* warnings are added by the next layer */
    gi_monitor_gpu summary_gpus[GI_MONITOR_MAX_GPUS];
    char gpu_energy_status[GI_MONITOR_MAX_GPUS][200];
    char peak_note[400];
    /* The Slurm job's time limit, start and their source as the sampler's helper thread left
     * them, copied under the lock with the samples. */
    gi_slurm_job slurm_job;
} gi_mon_results;

/* Rebuilds r (no warnings) from the samples and the inputs; running: the figures are partial.
 * Takes the sampler's lock while it reads the samples. */
void gi_mon_summary_build(gi_mon_results *r, gi_mon_sampling *smp, const gi_mon_inputs *in,
                          int running);

#endif /* GI_MONITOR_SUMMARY_H */
