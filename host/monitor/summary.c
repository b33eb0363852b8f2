/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The run as a whole, from the samples: CPU time against the allocation, peaks, GPU averages
 * (gi_mon_summary_build).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "monitor/allocation.h"
#include "monitor/summary.h"
#include "monitor/text_format.h"

/* The GPU (index into smp->gpus) the workload ran on, or -1. */
static int workload_gpu(const gi_mon_sampling *smp, const gi_mon_inputs *in)
{
    if (in->work.gpu >= 0) {
        for (int g = 0; g < smp->ngpus; g++)
            if (smp->gpus[g].ordinal == in->work.gpu)
                return g;
        return -1;
    }
    /* A GPU workload that did not say which (e.g. OpenCL, whose device numbering is not
     * CUDA's): unambiguous when the process sees one GPU. */
    return in->work.kind == GI_DEVICE_GPU && smp->ngpus == 1 ? 0 : -1;
}

static void summarize_gpus(gi_mon_results *res, const gi_mon_sampling *smp, const gi_mon_inputs *in,
                           gi_monitor_summary *s)
{
    size_t ng = (size_t)smp->ngpus;
    int ran_on = workload_gpu(smp, in);
    for (size_t g = 0; g < ng; g++) {
        gi_monitor_gpu *out = &res->summary_gpus[g];
        const gi_nvml_gpu *info = &smp->gpus[g];
        memset(out, 0, sizeof *out);
        out->index = info->index;
        out->ordinal = info->ordinal;
        out->name = info->name;
        out->uuid = info->uuid;
        out->mem_total_bytes = info->mem_total_bytes;
        double util_sum = 0, util_w = 0, power_sum = 0, power_w = 0;
        out->util_percent_peak = NAN;
        out->mem_peak_bytes = NAN;
        for (size_t i = 0; i < smp->buf.n; i++) {
            const gi_monitor_gpu_sample *gs = &smp->buf.gpu[i * ng + g];
            if (!isnan(gs->mem_used_bytes) &&
                (isnan(out->mem_peak_bytes) || gs->mem_used_bytes > out->mem_peak_bytes))
                out->mem_peak_bytes = gs->mem_used_bytes;
            if (!isnan(gs->util_percent) &&
                (isnan(out->util_percent_peak) || gs->util_percent > out->util_percent_peak))
                out->util_percent_peak = gs->util_percent;
            /* NVML's figures describe the time before the reading: sample i stands for the
             * interval since sample i-1 (the start sample, for the time before the run, is
             * used only when it is the one reading). */
            double w = i > 0 ? smp->buf.samples[i].t_s - smp->buf.samples[i - 1].t_s : 0.0;
            if (smp->buf.n == 1)
                w = 1.0;
            if (!isnan(gs->util_percent) && w > 0) {
                util_sum += gs->util_percent * w;
                util_w += w;
            }
            if (!isnan(gs->power_w) && w > 0) {
                power_sum += gs->power_w * w;
                power_w += w;
            }
        }
        out->util_percent_avg = util_w > 0 ? util_sum / util_w : NAN;
        out->power_avg_w = power_w > 0 ? power_sum / power_w : NAN;
        out->busy_time_s = (int)g == ran_on ? in->work.busy_time_s : 0.0;
    }
    s->gpu_count = ng;
    s->gpus = res->summary_gpus;
}

/* The job's facts, and its age at the end of the figures (from res->slurm_job). */
static void job_figures(const gi_mon_results *res, const gi_mon_inputs *in, gi_monitor_summary *s)
{
    const gi_slurm_job *j = &res->slurm_job;
    s->job_id = j->id;
    s->job_name = j->name;
    s->job_account = j->account;
    s->job_partition = j->partition;
    s->job_nodes = j->nodelist;
    s->time_limit_s = j->time_limit_s;
    double end = (double)in->started + s->duration_s;
    s->job_elapsed_s = j->start > 0 && end >= (double)j->start ? end - (double)j->start : 0;
}

/* A peak over the CPUs the process can run on is an artefact of /proc's 10 ms CPU-time ticks
 * over one short interval (the process tree is read in ticks): it is shown clamped, with the
 * reason. A peak over the allocation but within the CPUs it may run on is real: said so. */
static void clamp_peak(gi_mon_results *res, const gi_mon_sampling *smp, const gi_mon_inputs *in,
                       gi_monitor_summary *s)
{
    res->peak_note[0] = '\0';
    s->cpu_peak_note = res->peak_note;
    double can = in->alloc.affinity;
    if (in->alloc.cgroup.cpus > 0 && in->alloc.cgroup.cpus < can)
        can = in->alloc.cgroup.cpus;
    int ticks = in->pid > 0 && in->scope != GI_MONITOR_SCOPE_JOB && smp->job_probe.source == 0;
    if (ticks && can > 0 && s->cpu_peak_cores > can + 1e-9) {
        snprintf(res->peak_note, sizeof res->peak_note,
                 "%.2f cores measured over the busiest %d ms interval, more than the %g CPU%s "
                 "it can run on: /proc counts CPU time in 10 ms ticks, so a short interval can "
                 "hold a tick more than it ran; shown as %g",
                 s->cpu_peak_cores, s->sample_ms, can, gi_plural(can), can);
        s->cpu_peak_cores = can;
    }
    if (s->cpu_allocated > 0 && s->cpu_peak_cores > s->cpu_allocated + 0.05 &&
        can > s->cpu_allocated + 1e-9 && !res->peak_note[0])
        snprintf(res->peak_note, sizeof res->peak_note,
                 "the peak %.2f cores is above the %g allocated: the process may run on %g CPU%s "
                 "(its affinity mask and cgroup), so it used cores beyond its share",
                 s->cpu_peak_cores, s->cpu_allocated, can, gi_plural(can));
}

void gi_mon_summary_build(gi_mon_results *res, gi_mon_sampling *smp, const gi_mon_inputs *in,
                          int running)
{
    gi_monitor_summary *s = &res->summary;
    memset(s, 0, sizeof *s);
    pthread_mutex_lock(&smp->lock);
    const gi_mon_sample *last = smp->buf.n ? &smp->buf.samples[smp->buf.n - 1] : NULL;
    s->duration_s = last ? last->t_s : 0.0;
    s->sample_ms = (int)lround(smp->buf.period_s * 1000.0);
    s->samples = smp->buf.n;
    s->cpu_time_s = last ? last->cpu_time_s : 0.0;
    s->cpu_used_cores = s->duration_s > 0 ? s->cpu_time_s / s->duration_s : 0.0;
    s->cpu_wait_s = last ? last->wait_s : 0.0;
    s->cpu_peak_cores = 0;
    for (size_t i = 1; i < smp->buf.n; i++)
        if (smp->buf.samples[i].cores > s->cpu_peak_cores)
            s->cpu_peak_cores = smp->buf.samples[i].cores;
    s->runnable_avg = smp->runnable_unknown || !last || s->duration_s <= 0
                          ? NAN
                          : last->runnable_s / s->duration_s;
    s->cpu_energy_j = smp->energy.nzones > 0 ? smp->cpu_energy_j : NAN;
    s->threads_peak = smp->threads_peak;
    s->mem_peak_rss_bytes = smp->peak_rss;
    summarize_gpus(res, smp, in, s);
    /* The sampler's helper thread writes the time limit, the start and where they came from:
     * the summary and the writers read this copy, taken under the lock with the samples. */
    res->slurm_job = smp->times_asked ? smp->times : in->slurm_job;
    job_figures(res, in, s);
    for (int g = 0; g < smp->ngpus; g++) {
        gi_monitor_gpu *out = &res->summary_gpus[g];
        char *status = res->gpu_energy_status[g];
        if (smp->gpu_energy_ok[g]) {
            out->energy_j = (smp->gpu_energy1[g] - smp->gpu_energy0[g]) / 1000.0;
            snprintf(status, sizeof res->gpu_energy_status[g],
                     "measured (NVML total energy counter)");
        } else {
            out->energy_j = NAN;
            snprintf(status, sizeof res->gpu_energy_status[g], "unavailable: %s",
                     smp->gpu_energy_why[g]);
        }
        out->energy_status = status;
    }
    pthread_mutex_unlock(&smp->lock);

    s->interrupted_by = in->interrupted_by;
    s->method = in->method;
    s->partial = running;
    s->cpu_energy_status = in->cpu_energy_status;
    s->cpu_allocated = in->alloc.cpus;
    s->cpu_allocated_source = in->alloc.cpu_source;
    s->cpu_affinity = in->alloc.affinity;
    s->cpu_cgroup = in->alloc.cgroup.cpus;
    s->cpu_slurm = in->alloc.slurm.cpus;
    s->cpu_percent = s->cpu_allocated > 0 ? 100.0 * s->cpu_used_cores / s->cpu_allocated : 0.0;
    s->mem_limit_bytes = in->alloc.mem_limit;
    s->mem_limit_source = in->alloc.mem_source;
    s->mem_suggested_bytes = gi_mon_suggest_mem(s->mem_peak_rss_bytes, s->mem_limit_bytes);
    clamp_peak(res, smp, in, s);
    /* A CPU-only run with no GPU in its allocation has nothing to explain: why NVML could not
     * be read is a detail (the reports' "GPU sampling"), not the GPU's figure. */
    if (smp->ngpus > 0)
        s->gpu_status = "";
    else if (!in->opt.no_gpu && in->alloc.gpus == 0 && in->work.kind != GI_DEVICE_GPU)
        s->gpu_status = "no GPU allocated";
    else
        s->gpu_status = in->gpu_status;
}
