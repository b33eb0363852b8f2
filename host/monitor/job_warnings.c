/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The job's warnings: what no single rank can see (an idle rank, load imbalance, threads
 * oversubscribing a node whose ranks share CPUs, cores of such a node left idle), then the
 * ranks' own warnings, each text once with the ranks that gave it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/warnings.h"
#include "monitor/text_format.h"

/* What each rank did: device busy time when any rank has one (a rank without it did no
 * device work), else CPU time. */
static double work_of(const gi_monitor_rank *r, int by_busy)
{
    return by_busy ? r->busy_time_s : r->cpu_time_s;
}

static int idle_rule(gi_mon_warnings *w, const gi_mon_ranks *rk)
{
    size_t n = rk->nranks;
    if (n < 2 || rk->job.duration_s < GI_MONITOR_JUDGED_MIN_S)
        return 1;
    int by_busy = 0;
    double total = 0, total_cores = 0;
    for (size_t i = 0; i < n; i++) {
        by_busy |= rk->ranks[i].r.busy_time_s > 0;
        total_cores += rk->ranks[i].r.duration_s > 0
                           ? rk->ranks[i].r.cpu_time_s / rk->ranks[i].r.duration_s
                           : 0.0;
    }
    for (size_t i = 0; i < n; i++)
        total += work_of(&rk->ranks[i].r, by_busy);

    int *idle = malloc(n * sizeof *idle);
    if (!idle)
        return 0;
    size_t nidle = 0;
    double others_work = 0, others_cores = 0, idle_cores = 0;
    for (size_t i = 0; i < n; i++) {
        const gi_monitor_rank *r = &rk->ranks[i].r;
        double mine = work_of(r, by_busy), others = (total - mine) / (double)(n - 1);
        double cores = r->duration_s > 0 ? r->cpu_time_s / r->duration_s : 0.0;
        /* Judged only against ranks that worked: a job of idle ranks has other troubles. */
        int worked = by_busy ? others > 0 : (total_cores - cores) / (double)(n - 1) >= 0.1;
        if (worked && mine < GI_MONITOR_RANK_IDLE_PERCENT / 100.0 * others)
            idle[nidle++] = r->rank;
    }
    for (size_t i = 0, k = 0; i < n; i++) {
        const gi_monitor_rank *r = &rk->ranks[i].r;
        double cores = r->duration_s > 0 ? r->cpu_time_s / r->duration_s : 0.0;
        if (k < nidle && idle[k] == r->rank) {
            idle_cores += cores;
            k++;
        } else {
            others_cores += cores;
            others_work += work_of(r, by_busy);
        }
    }
    int ok = 1;
    if (nidle > 0 && nidle < n) {
        size_t busy_n = n - nidle;
        char list[256], head[160], first_host[96] = "";
        gi_mon_rank_list(idle, nidle, list, sizeof list);
        const gi_monitor_rank *r0 = &rk->ranks[0].r;
        int same_alloc = 1;
        for (size_t i = 1; i < n; i++)
            same_alloc &= rk->ranks[i].r.cpu_allocated == r0->cpu_allocated;
        if (same_alloc)
            snprintf(head, sizeof head, "%zu ranks on %g allocated core%s each", n,
                     r0->cpu_allocated, gi_plural(r0->cpu_allocated));
        else
            snprintf(head, sizeof head, "%zu ranks", n);
        if (nidle == 1)
            for (size_t i = 0; i < n; i++)
                if (rk->ranks[i].r.rank == idle[0] && rk->ranks[i].r.host)
                    snprintf(first_host, sizeof first_host, " (on %s)", rk->ranks[i].r.host);
        char did[160];
        if (by_busy)
            snprintf(did, sizeof did, "device busy %.3g s against the other ranks' %.3g s",
                     (total - others_work) / (double)nidle, others_work / (double)busy_n);
        else
            snprintf(did, sizeof did, "%.2f cores used against the other ranks' %.2f",
                     idle_cores / (double)nidle, others_cores / (double)busy_n);
        ok = gi_mon_warning_add(
            w,
            "%s, but %s %s%s %s idle (%s%s on average): %s share of the work was empty or "
            "tiny while the others computed; start fewer ranks, or give each rank more work "
            "(a larger -n or --size)",
            head, nidle == 1 ? "rank" : "ranks", list, first_host, nidle == 1 ? "was" : "were", did,
            nidle == 1 ? "" : " each", nidle == 1 ? "its" : "their");
    }
    free(idle);
    return ok;
}

static int imbalance_rule(gi_mon_warnings *w, const gi_mon_ranks *rk, int had_idle)
{
    const gi_mon_job *j = &rk->job;
    if (had_idle || isnan(j->busy_imbalance) || j->duration_s < GI_MONITOR_JUDGED_MIN_S ||
        100.0 * j->busy_imbalance <= GI_MONITOR_IMBALANCE_MAX_PERCENT)
        return 1;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < rk->nranks; i++) {
        if (rk->ranks[i].r.rank == j->busy_min_rank)
            lo = rk->ranks[i].r.busy_time_s;
        if (rk->ranks[i].r.rank == j->busy_max_rank)
            hi = rk->ranks[i].r.busy_time_s;
    }
    char a[32], b[32], c[32];
    return gi_mon_warning_add(
        w,
        "load imbalance: device busy time from %s (rank %d) to %s (rank %d), the busiest "
        "rank %.0f%% above the mean of %s: the job waits for rank %d. Give the ranks equal "
        "devices and equal --threads, and keep other work off their cores",
        gi_fmt_duration(a, sizeof a, lo), j->busy_min_rank, gi_fmt_duration(b, sizeof b, hi),
        j->busy_max_rank, 100.0 * j->busy_imbalance, gi_fmt_duration(c, sizeof c, j->busy_mean_s),
        j->busy_max_rank);
}

/* Nodes whose ranks share CPUs: their ranks' own summaries leave the allocation's use to this. */
static int node_rules(gi_mon_warnings *w, const gi_mon_ranks *rk)
{
    int ok = 1;
    for (size_t i = 0; i < rk->job.nnodes; i++) {
        const gi_mon_node *n = &rk->job.nodes[i];
        if (!n->cpus_shared)
            continue;
        int per_rank = (int)floor(n->cpu_allocated / n->nranks + 1e-9);
        if (n->threads > 0 && n->threads > n->cpu_allocated + 1e-9)
            ok &= gi_mon_warning_add(
                w,
                "node %s: %d ranks run %d threads on %g allocated core%s (the ranks' CPU "
                "sets overlap): the threads take turns and slow each other down; use "
                "--threads %d per rank (or OMP_NUM_THREADS=%d), or bind the ranks to their "
                "own cores (mpirun --bind-to core, srun --cpu-bind=cores)",
                n->host, n->nranks, n->threads, n->cpu_allocated, gi_plural(n->cpu_allocated),
                per_rank > 0 ? per_rank : 1, per_rank > 0 ? per_rank : 1);
        if (rk->job.duration_s < GI_MONITOR_JUDGED_MIN_S || !n->all_cpu_work ||
            n->cpu_allocated < 2)
            continue;
        double wanted = n->used_cores + n->wait_cores;
        if (100.0 * wanted / n->cpu_allocated < GI_MONITOR_CPU_USED_MIN_PERCENT)
            ok &= gi_mon_warning_add(
                w,
                "node %s: %d ranks used %.2f of %g allocated cores (%.0f%%): give each "
                "rank more threads (--threads %d), or ask for fewer cores",
                n->host, n->nranks, n->used_cores, n->cpu_allocated,
                100.0 * n->used_cores / n->cpu_allocated, per_rank > 1 ? per_rank : 2);
    }
    return ok;
}

/* The ranks' own warnings: each text once, with the ranks that gave it. */
static int rank_warnings(gi_mon_warnings *w, const gi_mon_ranks *rk)
{
    size_t n = rk->nranks;
    int *ranks = malloc(n * sizeof *ranks);
    if (!ranks)
        return 0;
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        const gi_mon_rank *x = &rk->ranks[i];
        for (size_t t = 0; t < x->r.warning_count; t++) {
            const char *text = x->warnings[t];
            int seen = 0;
            for (size_t p = 0; p < i && !seen; p++)
                for (size_t q = 0; q < rk->ranks[p].r.warning_count && !seen; q++)
                    seen = strcmp(rk->ranks[p].warnings[q], text) == 0;
            if (seen)
                continue;
            size_t k = 0;
            for (size_t p = i; p < n; p++)
                for (size_t q = 0; q < rk->ranks[p].r.warning_count; q++)
                    if (strcmp(rk->ranks[p].warnings[q], text) == 0) {
                        ranks[k++] = rk->ranks[p].r.rank;
                        break;
                    }
            char list[256];
            gi_mon_rank_list(ranks, k, list, sizeof list);
            if (k == 1)
                ok &= gi_mon_warning_add(w, "rank %s (%s): %s", list, x->r.host ? x->r.host : "?",
                                         text);
            else
                ok &= gi_mon_warning_add(w, "ranks %s: %s", list, text);
        }
    }
    free(ranks);
    return ok;
}

int gi_mon_job_warnings(gi_mon_warnings *w, const gi_mon_ranks *rk)
{
    size_t before = w->nwarnings;
    int ok = idle_rule(w, rk);
    int had_idle = w->nwarnings > before;
    ok &= imbalance_rule(w, rk, had_idle);
    ok &= node_rules(w, rk);
    ok &= rank_warnings(w, rk);
    return ok;
}
