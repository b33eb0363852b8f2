/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/report.h — the last layer: the writers (text summary, JSON, CSV, HTML page, the
 * job's parts). They read a const view of what the layers before them made and never the
 * monitor itself, its sampler or its lock: the samples are a copy.
 */
#ifndef GI_MONITOR_REPORT_H
#define GI_MONITOR_REPORT_H

#include <stdio.h>

#include <gpuinteg/monitor.h>

#include "monitor/inputs.h"
#include "monitor/job.h"
#include "monitor/nvml_gpus.h"
#include "monitor/sample_buffer.h"
#include "monitor/slurm_job.h"

/* What the writers read; every pointer stays valid while they run. */
typedef struct gi_mon_report {
    const gi_monitor_summary *s;     /* fresh, with its warnings */
    const gi_mon_inputs *in;         /* the run's inputs */
    const gi_slurm_job *slurm;       /* the job as the summary read it (limit, start, source) */
    const gi_mon_ranks *rk;          /* the job's ranks (nranks 0: one process) */
    const gi_sample_buffer *samples; /* a copy of the samples */
    const gi_nvml_gpu *gpus;         /* the GPUs sampled */
    int ngpus;
} gi_mon_report;

/* The summary as text lines (gi_monitor_summary_text). Returns a malloc'd string the caller
 * frees, or NULL when out of memory. */
char *gi_report_text(const gi_mon_report *v);

/* The "utilization" object as compact JSON (gi_monitor_json). Returns a malloc'd string the
 * caller frees, or NULL when out of memory. */
char *gi_report_json_text(const gi_mon_report *v);

/* Builds the "utilization" object. Returns a cJSON object, to be deleted by the caller, or
 * NULL when out of memory. Declared as void * so that this header does not need cJSON. */
void *gi_report_utilization_json(const gi_mon_report *v);

/* Writes the HTML page, the JSON report or the CSV of samples to f. Return 0 on success, -1
 * when out of memory (stream errors are found by the caller through ferror/fclose). */
int gi_report_write_html(const gi_mon_report *v, FILE *f);
int gi_report_write_json(const gi_mon_report *v, FILE *f);
int gi_report_write_csv(const gi_mon_report *v, FILE *f);

/* The job's parts of the reports (report_job.c), for a view with ranks. gi_report_job_json
 * returns the "job" object (a cJSON object the caller adds or deletes; NULL when out of
 * memory); with samples, each rank entry also gets its timeline. gi_report_job_html writes the
 * page's job section; gi_report_job_csv writes the CSV (a row per sample of every rank).
 * Return 0 on success. */
void *gi_report_job_json(const gi_mon_report *v, int samples);
int gi_report_job_html(const gi_mon_report *v, FILE *f);
int gi_report_job_csv(const gi_mon_report *v, FILE *f);

#endif /* GI_MONITOR_REPORT_H */
