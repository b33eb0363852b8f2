/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * CSV: one row per sample, a header naming each column with its unit; an empty field is a
 * figure that was not measured (the first sample's cores, a GPU's unreported power).
 */
#include <inttypes.h>
#include <math.h>

#include "monitor/report.h"

static void field(FILE *f, const char *fmt, double v)
{
    fputc(',', f);
    if (isfinite(v))
        fprintf(f, fmt, v);
}

int gi_report_write_csv(const gi_mon_report *v, FILE *f)
{
    if (v->rk->nranks > 0)
        return gi_report_job_csv(v, f);
    fputs("t_s,cpu_time_s,cores,wait_s,rss_bytes,threads", f);
    for (int g = 0; g < v->ngpus; g++)
        fprintf(f, ",gpu%d_util_percent,gpu%d_mem_used_bytes,gpu%d_power_w", v->gpus[g].index,
                v->gpus[g].index, v->gpus[g].index);
    fputc('\n', f);
    for (size_t i = 0; i < v->samples->n; i++) {
        const gi_mon_sample *s = &v->samples->samples[i];
        fprintf(f, "%.6f,%.6f", s->t_s, s->cpu_time_s);
        field(f, "%.4f", s->cores);
        field(f, "%.6f", s->wait_s);
        fprintf(f, ",%" PRIu64 ",%d", s->rss_bytes, s->threads);
        for (int g = 0; g < v->ngpus; g++) {
            const gi_monitor_gpu_sample *gs = &v->samples->gpu[i * (size_t)v->ngpus + (size_t)g];
            field(f, "%.1f", gs->util_percent);
            field(f, "%.0f", gs->mem_used_bytes);
            field(f, "%.3f", gs->power_w);
        }
        fputc('\n', f);
    }
    return 0;
}
