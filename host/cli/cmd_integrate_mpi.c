/*
 * gpuinteg integrate as an MPI job: every rank takes its fixed share of the tiles on its own
 * device (one GPU per node-local rank), rank 0 combines the tiles in order and prints one
 * result — the same bits as one process — with the ranks' part in it.
 *
 * Every step that can fail on one rank ends in gi_mpi_agree, so a failing rank's message is
 * printed once and every rank exits with its code; none waits forever for it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "integrate_cmd.h"
#include "mpi/integrate_ranks.h"
#include "mpi/job.h"
#include "mpi/share.h"

typedef struct mpi_summary {
    const gi_mpi_job *job;
    const gi_mpi_launch *launch;
    const gi_mpi_rank_run *runs;
    int64_t tiles;
} mpi_summary;

/* Largest kernel time over the mean, minus 1: 0 when every rank computed as long. */
static double imbalance(const mpi_summary *m, double *lo, double *hi)
{
    double sum = 0.0;
    *lo = *hi = m->runs[0].kernel_time_s;
    for (int r = 0; r < m->job->ranks; r++) {
        double k = m->runs[r].kernel_time_s;
        sum += k;
        *lo = k < *lo ? k : *lo;
        *hi = k > *hi ? k : *hi;
    }
    double mean = sum / m->job->ranks;
    return mean > 0 ? *hi / mean - 1.0 : 0.0;
}

static void summary_json(void *arg, cJSON *j)
{
    const mpi_summary *m = arg;
    double lo, hi;
    cJSON_AddNumberToObject(j, "ranks", m->job->ranks);
    cJSON_AddNumberToObject(j, "nodes", m->job->nodes);
    cJSON_AddStringToObject(j, "mpi_launcher",
                            *m->launch->launcher ? m->launch->launcher : "unknown");
    cJSON_AddNumberToObject(j, "tiles", (double)m->tiles);
    cJSON_AddNumberToObject(j, "kernel_imbalance", imbalance(m, &lo, &hi));
    cJSON *list = cJSON_AddArrayToObject(j, "rank_runs");
    for (int r = 0; r < m->job->ranks; r++) {
        const gi_mpi_rank_run *x = &m->runs[r];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "rank", x->rank);
        cJSON_AddStringToObject(o, "host", x->host);
        cJSON_AddNumberToObject(o, "node", x->node_id);
        cJSON_AddStringToObject(o, "backend", x->backend);
        cJSON_AddStringToObject(o, "device_spec", x->device_spec);
        cJSON_AddStringToObject(o, "device", x->device);
        cJSON_AddNumberToObject(o, "threads", x->threads);
        cJSON_AddNumberToObject(o, "first_tile", (double)x->first_tile);
        cJSON_AddNumberToObject(o, "tiles", (double)x->tiles);
        cJSON_AddNumberToObject(o, "kernel_time_s", x->kernel_time_s);
        cJSON_AddNumberToObject(o, "transfer_time_s", x->transfer_time_s);
        cJSON_AddNumberToObject(o, "time_s", x->time_s);
        cJSON_AddItemToArray(list, o);
    }
}

/* Past this many ranks the text output keeps the summary line only; JSON lists every rank. */
#define GI_MPI_RANK_LINES 16

static void summary_human(void *arg, FILE *out)
{
    const mpi_summary *m = arg;
    double lo, hi, imb = imbalance(m, &lo, &hi);
    int n = m->job->ranks;
    fprintf(out,
            "MPI: %d rank%s on %d node%s (%s), %lld tiles; kernel %.4f–%.4f s per rank, "
            "imbalance %.1f%%\n",
            n, n == 1 ? "" : "s", m->job->nodes, m->job->nodes == 1 ? "" : "s",
            *m->launch->launcher ? m->launch->launcher : "--mpi", (long long)m->tiles, lo, hi,
            100.0 * imb);
    if (n > GI_MPI_RANK_LINES)
        return;
    for (int r = 0; r < n; r++) {
        const gi_mpi_rank_run *x = &m->runs[r];
        fprintf(out, "  rank %d on %s: %s (%s), %d thread%s, ", x->rank, x->host, x->backend,
                x->device_spec, x->threads, x->threads == 1 ? "" : "s");
        if (x->tiles > 0)
            fprintf(out, "tiles %lld–%lld, kernel %.4f s\n", (long long)x->first_tile,
                    (long long)(x->first_tile + x->tiles - 1), x->kernel_time_s);
        else
            fprintf(out, "no tiles (more ranks than tiles)\n");
    }
}

/* What identifies the GPUs a rank sees: ranks of a node with equal strings share devices. */
static void visible_devices(char *buf, size_t size)
{
    const char *vars[] = {"CUDA_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES", "GPU_DEVICE_ORDINAL",
                          "ZE_AFFINITY_MASK"};
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof vars / sizeof vars[0] && used < size; i++) {
        const char *v = getenv(vars[i]);
        int n = snprintf(buf + used, size - used, "%s=%s;", vars[i], v ? v : "");
        used += n > 0 ? (size_t)n : 0;
    }
}

/* The device index the user named after the backend ("cuda:1" → 1, "opencl:0:2" → 2), or -1. */
static int named_index(const char *spec, const char *backend)
{
    size_t len = strlen(backend);
    if (strncmp(spec, backend, len) != 0 || spec[len] != ':')
        return -1;
    const char *last = strrchr(spec, ':');
    if (strcmp(backend, "opencl") == 0 && last == spec + len)
        return -1; /* "opencl:P": a platform, no device */
    return atoi(last + 1);
}

/* Moves this rank to its own GPU among those it sees, when the selected device is a GPU and
 * the user did not pin one (gi_mpi_pick_gpu's rules). Collective on the node (the peers). */
static gi_status place_on_gpu(const gi_mpi_job *job, gi_context *ctx, const gi_integrate_opts *o,
                              gi_status st, char *msg, size_t msg_size)
{
    char visible[1024];
    visible_devices(visible, sizeof visible);
    int peer_rank, peers;
    gi_mpi_device_peers(job, visible, &peer_rank, &peers);
    gi_device_info sel;
    if (st != GI_STATUS_OK || gi_context_selected(ctx, &sel, NULL) != GI_STATUS_OK ||
        sel.kind != GI_DEVICE_GPU)
        return st;

    int platform = -1;
    if (strcmp(sel.backend, "opencl") == 0)
        platform = atoi(sel.spec + strlen("opencl:"));
    gi_mpi_gpu_view v = {.backend = sel.backend,
                         .platform = platform,
                         .named_index = named_index(o->device, sel.backend),
                         .peer_rank = peer_rank,
                         .peers = peers,
                         .allow_sharing = o->share_gpus,
                         .host = job->host};
    char prefix[32];
    if (platform >= 0)
        snprintf(prefix, sizeof prefix, "opencl:%d:", platform);
    else
        snprintf(prefix, sizeof prefix, "%s:", sel.backend);
    for (size_t i = 0; i < gi_device_count(ctx); i++) {
        gi_device_info d;
        if (gi_device_get(ctx, i, &d) == GI_STATUS_OK && d.index >= 0 &&
            strncmp(d.spec, prefix, strlen(prefix)) == 0)
            v.devices++;
    }
    int index = gi_mpi_pick_gpu(&v, msg, msg_size);
    if (index < 0)
        return GI_STATUS_INVALID_ARGUMENT;
    char spec[64];
    snprintf(spec, sizeof spec, "%s%d", prefix, index);
    if ((st = gi_context_select(ctx, spec)) != GI_STATUS_OK)
        snprintf(msg, msg_size, "%s", gi_last_error(ctx));
    return st;
}

/* Every rank must integrate the same grid the same number of times, or the gather would mix
 * different integrals (MPMD launches can give ranks different arguments). */
static gi_status same_problem(const gi_mpi_job *job, const gi_integrate_opts *o, char *msg,
                              size_t msg_size)
{
    struct {
        gi_integrate_params p;
        int64_t repeat;
    } mine, root;
    memset(&mine, 0, sizeof mine);
    mine.p = o->p;
    mine.repeat = o->repeat;
    root = mine;
    MPI_Bcast(&root, (int)sizeof root, MPI_BYTE, 0, job->world);
    if (memcmp(&mine, &root, sizeof mine) == 0)
        return GI_STATUS_OK;
    snprintf(msg, msg_size,
             "this rank's grid or --repeat (%lld×%lld on [%g,%g]×[%g,%g], %lld runs) differs "
             "from rank 0's (%lld×%lld on [%g,%g]×[%g,%g], %lld runs); every rank must "
             "integrate the same grid",
             (long long)mine.p.nx, (long long)mine.p.ny, mine.p.x0, mine.p.x1, mine.p.y0, mine.p.y1,
             (long long)mine.repeat, (long long)root.p.nx, (long long)root.p.ny, root.p.x0,
             root.p.x1, root.p.y0, root.p.y1, (long long)root.repeat);
    return GI_STATUS_INVALID_ARGUMENT;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int gi_cmd_integrate_mpi(gi_integrate_opts *o, const gi_mpi_launch *launch)
{
    gi_mpi_job job;
    gi_mpi_job_start(&job);
    char msg[1024] = "";
    gi_context *ctx = NULL;
    double *times = NULL;
    gi_mpi_rank_run *runs = NULL;

    gi_status st = same_problem(&job, o, msg, sizeof msg);
    if (st == GI_STATUS_OK && (st = gi_context_create(&ctx)) != GI_STATUS_OK)
        snprintf(msg, sizeof msg, "cannot create a context: %s", gi_status_string(st));
    if (st == GI_STATUS_OK && ((st = gi_context_select(ctx, o->device)) != GI_STATUS_OK ||
                               (st = gi_context_set_threads(ctx, o->threads)) != GI_STATUS_OK))
        snprintf(msg, sizeof msg, "%s", gi_last_error(ctx));
    st = place_on_gpu(&job, ctx, o, st, msg, sizeof msg);
    if (st == GI_STATUS_OK) {
        times = calloc((size_t)o->repeat, sizeof *times);
        runs = calloc(job.rank == 0 ? (size_t)job.ranks : 1, sizeof *runs);
        if (!times || !runs) {
            st = GI_STATUS_OUT_OF_MEMORY;
            snprintf(msg, sizeof msg, "out of memory for %d timings of %d ranks", o->repeat,
                     job.ranks);
        }
    }
    st = gi_mpi_agree(&job, st, msg);

    gi_integrate_result r = {0};
    for (int k = 0; k < o->repeat && st == GI_STATUS_OK; k++) {
        st = gi_mpi_integrate(&job, ctx, &o->p, &r, runs);
        times[k] = r.time_s;
    }
    if (st == GI_STATUS_OK && job.rank == 0) {
        qsort(times, (size_t)o->repeat, sizeof *times, cmp_double);
        double best = times[0], median = 0.5 * (times[(o->repeat - 1) / 2] + times[o->repeat / 2]);
        gi_device_info dev;
        const char *why = "";
        gi_context_selected(ctx, &dev, &why);
        mpi_summary m = {
            .job = &job, .launch = launch, .runs = runs, .tiles = gi_integrate_tile_count(&o->p)};
        gi_print_extra extra = {.json = summary_json, .human = summary_human, .arg = &m};
        gi_integrate_print(o, &r, &dev, why, best, median, &extra);
        fflush(stdout);
    }
    free(times);
    free(runs);
    gi_context_destroy(ctx);
    gi_mpi_job_end(&job);
    return gi_cli_exit_code(st);
}
