/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A monitor's job: rank records in (gi_mon_ranks_add, for gi_monitor_add_rank), and the nodes,
 * GPUs and totals the job's report shows (gi_mon_job_build, called before the summary). The
 * public calls and the record of this monitor's own process are in rank_record.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/cpu_list.h"
#include "monitor/allocation.h"
#include "monitor/job.h"
#include "monitor/text_format.h"

static void rank_free(gi_mon_rank *x)
{
    free(x->host);
    free(x->source);
    free(x->cpu_list);
    free(x->backend);
    free(x->device);
    free(x->gpu_uuid);
    free(x->gpu_name);
    for (size_t i = 0; x->warnings && i < x->r.warning_count; i++)
        free(x->warnings[i]);
    free(x->warnings);
    free(x->samples);
}

/* A clean copy of s (NULL stays NULL); 0 when out of memory. */
static int dup_or_null(const char *s, char **out)
{
    *out = NULL;
    return !s || (*out = gi_utf8_clean_dup(s)) != NULL;
}

static int rank_copy(gi_mon_rank *x, const gi_monitor_rank *r)
{
    memset(x, 0, sizeof *x);
    x->r = *r;
    int ok = dup_or_null(r->host, &x->host) && dup_or_null(r->cpu_allocated_source, &x->source) &&
             dup_or_null(r->cpu_list, &x->cpu_list) && dup_or_null(r->backend, &x->backend) &&
             dup_or_null(r->device, &x->device) && dup_or_null(r->gpu_uuid, &x->gpu_uuid) &&
             dup_or_null(r->gpu_name, &x->gpu_name);
    if (ok && r->warning_count) {
        ok = (x->warnings = calloc(r->warning_count, sizeof *x->warnings)) != NULL;
        for (size_t i = 0; ok && i < r->warning_count; i++)
            ok = dup_or_null(r->warnings[i] ? r->warnings[i] : "", &x->warnings[i]);
    }
    if (ok && r->sample_count) {
        ok = (x->samples = malloc(r->sample_count * sizeof *x->samples)) != NULL;
        if (ok)
            memcpy(x->samples, r->samples, r->sample_count * sizeof *x->samples);
    }
    x->r.host = x->host;
    x->r.cpu_allocated_source = x->source;
    x->r.cpu_list = x->cpu_list;
    x->r.backend = x->backend;
    x->r.device = x->device;
    x->r.gpu_uuid = x->gpu_uuid;
    x->r.gpu_name = x->gpu_name;
    x->r.warnings = (const char *const *)x->warnings;
    x->r.samples = x->samples;
    if (!ok)
        rank_free(x);
    return ok;
}

/* Sets err to the formatted message and returns st. */
static gi_status fail(char *err, size_t size, gi_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static gi_status fail(char *err, size_t size, gi_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
    return st;
}

gi_status gi_mon_ranks_add(gi_mon_ranks *rk, const gi_monitor_rank *r, char *err, size_t size)
{
    if (r->rank < 0 || r->node < 0)
        return fail(err, size, GI_STATUS_INVALID_ARGUMENT,
                    "gi_monitor_add_rank: rank %d, node %d: both must be ≥ 0", r->rank, r->node);
    if (r->cpu_sharers < 1)
        return fail(err, size, GI_STATUS_INVALID_ARGUMENT,
                    "gi_monitor_add_rank: rank %d: cpu_sharers %d; at least 1", r->rank,
                    r->cpu_sharers);
    if (r->sample_count > GI_MONITOR_RANK_MAX_SAMPLES)
        return fail(err, size, GI_STATUS_INVALID_ARGUMENT,
                    "gi_monitor_add_rank: rank %d: %zu samples; at most %d", r->rank,
                    r->sample_count, GI_MONITOR_RANK_MAX_SAMPLES);
    size_t at = rk->nranks;
    while (at > 0 && rk->ranks[at - 1].r.rank > r->rank)
        at--;
    if (at > 0 && rk->ranks[at - 1].r.rank == r->rank)
        return fail(err, size, GI_STATUS_INVALID_ARGUMENT,
                    "gi_monitor_add_rank: rank %d was added before", r->rank);
    if (rk->nranks == rk->cap_ranks) {
        size_t cap = rk->cap_ranks ? 2 * rk->cap_ranks : 8;
        gi_mon_rank *ranks = realloc(rk->ranks, cap * sizeof *ranks);
        if (!ranks)
            return fail(err, size, GI_STATUS_OUT_OF_MEMORY, "gi_monitor_add_rank: out of memory");
        rk->ranks = ranks;
        rk->cap_ranks = cap;
    }
    gi_mon_rank copy;
    if (!rank_copy(&copy, r))
        return fail(err, size, GI_STATUS_OUT_OF_MEMORY, "gi_monitor_add_rank: out of memory");
    memmove(&rk->ranks[at + 1], &rk->ranks[at], (rk->nranks - at) * sizeof *rk->ranks);
    rk->ranks[at] = copy;
    rk->nranks++;
    return GI_STATUS_OK;
}

/* The node entry for rank x, adding it when new. */
static gi_mon_node *node_of(gi_mon_job *j, const gi_mon_rank *x)
{
    for (size_t i = 0; i < j->nnodes; i++)
        if (j->nodes[i].node == x->r.node)
            return &j->nodes[i];
    gi_mon_node *n = &j->nodes[j->nnodes++];
    memset(n, 0, sizeof *n);
    n->node = x->r.node;
    n->host = x->r.host ? x->r.host : "?";
    n->cpus_known = 1;
    n->all_cpu_work = 1;
    return n;
}

/* CPU sets of the node's ranks: whether they overlap, and their union's size. */
static int node_cpus(gi_mon_ranks *rk, gi_mon_node *n, int index)
{
    gi_cpu_bits all = {0};
    int ok = 1;
    for (size_t i = 0; ok && i < rk->nranks && n->cpus_known; i++) {
        if (rk->ranks[i].node_index != index)
            continue;
        gi_cpu_bits b;
        if (!gi_cpu_bits_parse(rk->ranks[i].r.cpu_list, &b)) {
            n->cpus_known = 0;
            break;
        }
        if (gi_cpu_bits_overlap(&all, &b))
            n->cpus_shared = 1;
        ok = gi_cpu_bits_merge(&all, &b);
        gi_cpu_bits_free(&b);
    }
    n->union_cpus = n->cpus_known ? gi_cpu_bits_count(&all) : 0;
    gi_cpu_bits_free(&all);
    return ok;
}

/* The GPU group of rank x, adding it when new; -1 when x ran on no GPU. */
static int gpu_of(gi_mon_job *j, const gi_mon_rank *x)
{
    const gi_monitor_rank *r = &x->r;
    if (r->kind != GI_DEVICE_GPU && !r->gpu_uuid)
        return -1;
    for (size_t g = 0; g < j->ngpus; g++) {
        const gi_mon_gpu *u = &j->gpus[g];
        if (r->gpu_uuid ? (u->uuid && strcmp(u->uuid, r->gpu_uuid) == 0)
                        : (!u->uuid && u->node == r->node && u->index == r->gpu_index))
            return (int)g;
    }
    gi_mon_gpu *u = &j->gpus[j->ngpus];
    memset(u, 0, sizeof *u);
    u->uuid = r->gpu_uuid;
    u->name = r->gpu_name ? r->gpu_name : r->device ? r->device : "GPU";
    u->host = r->host ? r->host : "?";
    u->node = r->node;
    u->index = r->gpu_index;
    u->util_percent_avg = NAN;
    u->mem_peak_bytes = NAN;
    return (int)j->ngpus++;
}

/* The ranks whose node (by_gpu 0) or GPU group (by_gpu 1) is `index`, as a rank list into
 * buf; ranks is scratch room for rk->nranks numbers. */
static void list_ranks(const gi_mon_ranks *rk, int by_gpu, int index, int *ranks, char *buf,
                       size_t size)
{
    size_t k = 0;
    for (size_t r = 0; r < rk->nranks; r++)
        if ((by_gpu ? rk->ranks[r].gpu_group : rk->ranks[r].node_index) == index)
            ranks[k++] = rk->ranks[r].r.rank;
    gi_mon_rank_list(ranks, k, buf, size);
}

int gi_mon_job_build(gi_mon_ranks *rk, uint64_t mem_limit)
{
    gi_mon_job *j = &rk->job;
    free(j->nodes);
    free(j->gpus);
    memset(j, 0, sizeof *j);
    j->busy_mean_s = j->busy_imbalance = NAN;
    if (rk->nranks == 0)
        return 0;
    j->nodes = calloc(rk->nranks, sizeof *j->nodes);
    j->gpus = calloc(rk->nranks, sizeof *j->gpus);
    if (!j->nodes || !j->gpus)
        return -1;
    double busy_sum = 0, busy_max = -1, busy_min = INFINITY;
    int busy_ranks = 0;
    for (size_t i = 0; i < rk->nranks; i++) {
        gi_mon_rank *x = &rk->ranks[i];
        const gi_monitor_rank *r = &x->r;
        gi_mon_node *n = node_of(j, x);
        x->node_index = (int)(n - j->nodes);
        n->nranks++;
        n->cpu_allocated += r->cpu_allocated;
        double used = r->duration_s > 0 ? r->cpu_time_s / r->duration_s : 0.0;
        n->used_cores += used;
        n->wait_cores += r->duration_s > 0 ? r->cpu_wait_s / r->duration_s : 0.0;
        n->threads =
            r->threads > 0 && (n->threads > 0 || n->nranks == 1) ? n->threads + r->threads : 0;
        n->mem_peak_bytes += (double)r->mem_peak_rss_bytes;
        n->all_cpu_work &= r->kind == GI_DEVICE_CPU;
        j->used_cores += used;
        if (r->duration_s > j->duration_s)
            j->duration_s = r->duration_s;
        if ((x->gpu_group = gpu_of(j, x)) >= 0) {
            gi_mon_gpu *u = &j->gpus[x->gpu_group];
            u->nranks++;
            u->busy_time_s += r->busy_time_s;
            if (!isnan(r->gpu_util_percent_avg))
                u->util_percent_avg = r->gpu_util_percent_avg;
            if (!isnan(r->gpu_mem_peak_bytes))
                u->mem_peak_bytes = r->gpu_mem_peak_bytes;
        }
        if (r->busy_time_s > 0) {
            busy_ranks++;
            busy_sum += r->busy_time_s;
            if (r->busy_time_s > busy_max) {
                busy_max = r->busy_time_s;
                j->busy_max_rank = r->rank;
            }
            if (r->busy_time_s < busy_min) {
                busy_min = r->busy_time_s;
                j->busy_min_rank = r->rank;
            }
        }
    }
    for (size_t i = 0; i < j->nnodes; i++) {
        gi_mon_node *n = &j->nodes[i];
        if (!node_cpus(rk, n, (int)i))
            return -1;
        /* Ranks sharing CPUs each count the shared ones as their own: the node has the
         * union (when the ranks' own figures, e.g. cgroup quotas, are not smaller). */
        if (n->cpus_known && n->cpus_shared && n->union_cpus < n->cpu_allocated)
            n->cpu_allocated = n->union_cpus;
        j->cpu_allocated += n->cpu_allocated;
    }
    j->percent = j->cpu_allocated > 0 ? 100.0 * j->used_cores / j->cpu_allocated : 0.0;
    int *scratch = malloc(rk->nranks * sizeof *scratch);
    if (!scratch)
        return -1;
    for (size_t i = 0; i < j->nnodes; i++)
        list_ranks(rk, 0, (int)i, scratch, j->nodes[i].rank_list, sizeof j->nodes[i].rank_list);
    for (size_t g = 0; g < j->ngpus; g++)
        list_ranks(rk, 1, (int)g, scratch, j->gpus[g].rank_list, sizeof j->gpus[g].rank_list);
    free(scratch);
    /* Memory is asked for per node: the busiest node's peaks against the request. */
    j->mem_peak_node_bytes = 0;
    for (size_t i = 0; i < j->nnodes; i++)
        if (j->nodes[i].mem_peak_bytes > j->mem_peak_node_bytes)
            j->mem_peak_node_bytes = j->nodes[i].mem_peak_bytes;
    j->mem_suggested_bytes = gi_mon_suggest_mem((uint64_t)j->mem_peak_node_bytes, mem_limit);
    if (busy_ranks >= 2) {
        j->busy_mean_s = busy_sum / busy_ranks;
        j->busy_imbalance = busy_max / j->busy_mean_s - 1.0;
    }
    return 0;
}

void gi_mon_job_free(gi_mon_ranks *rk)
{
    for (size_t i = 0; i < rk->nranks; i++)
        rank_free(&rk->ranks[i]);
    free(rk->ranks);
    free(rk->job.nodes);
    free(rk->job.gpus);
}

void gi_mon_rank_list(const int *ranks, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size;) {
        size_t end = i;
        while (end + 1 < n && ranks[end + 1] == ranks[end] + 1)
            end++;
        int w = end > i + 1 ? snprintf(buf + used, size - used, "%s%d–%d", used ? ", " : "",
                                       ranks[i], ranks[end])
                            : snprintf(buf + used, size - used, "%s%d", used ? ", " : "", ranks[i]);
        if (w < 0)
            break;
        used += (size_t)w;
        if (end == i + 1) {
            i = end; /* two in a row: "3, 4" */
            continue;
        }
        i = end + 1;
    }
}
