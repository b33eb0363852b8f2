/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the MPI variants of the commands share (cli_mpi.h): each rank's device, the same
 * problem on every rank, and the job's utilization monitor.
 */
#include "cli_mpi.h"
#include "cli_signals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpi/monitor_ranks.h"
#include "mpi/share.h"

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

/* The device number the user named for the selected device's backend, or -1: the last number
 * of a full address ("cuda:1" → 1, "opencl:0:2" → 2); a shorter one ("opencl:0", a group)
 * names no device. The address syntax is the backend's (dev->address_len). */
static int named_index(const char *spec, const gi_device_info *dev)
{
    size_t len = strlen(dev->backend);
    if (dev->address_len == 0 || strncmp(spec, dev->backend, len) != 0 || spec[len] != ':')
        return -1;
    int numbers = 0;
    for (const char *p = spec + len; *p; p++)
        numbers += *p == ':';
    if (numbers < dev->address_len)
        return -1;
    return atoi(strrchr(spec, ':') + 1);
}

/* Moves this rank to its own device among those of its group it sees, when the selected
 * device is an accelerator (a GPU, or another kind that is not the CPU) the user did not pin
 * (gi_mpi_pick_gpu's rules). The group is the address without its last number: "cuda:",
 * "opencl:P:". Collective on the node (the peers). */
static gi_status place_on_gpu(const gi_mpi_job *job, gi_context *ctx, const char *device,
                              int share_gpus, gi_status st, char *msg, size_t msg_size)
{
    char visible[1024];
    visible_devices(visible, sizeof visible);
    int peer_rank, peers;
    gi_mpi_device_peers(job, visible, &peer_rank, &peers);
    gi_device_info sel;
    if (st != GI_STATUS_OK || gi_context_selected(ctx, &sel, NULL) != GI_STATUS_OK ||
        sel.kind == GI_DEVICE_CPU || sel.address_len == 0)
        return st;

    char prefix[64];
    int used = snprintf(prefix, sizeof prefix, "%s:", sel.backend);
    for (int k = 0; k + 1 < sel.address_len && used > 0 && (size_t)used < sizeof prefix; k++)
        used += snprintf(prefix + used, sizeof prefix - (size_t)used, "%d:", sel.address[k]);
    gi_mpi_gpu_view v = {.backend = sel.backend,
                         .platform = sel.address_len > 1 ? sel.address[0] : -1,
                         .named_index = named_index(device, &sel),
                         .peer_rank = peer_rank,
                         .peers = peers,
                         .allow_sharing = share_gpus,
                         .host = job->host};
    /* Only this backend's devices: the others stay unopened on every rank. */
    for (size_t i = 0; i < gi_backend_device_count(ctx, sel.backend); i++) {
        gi_device_info d;
        if (gi_backend_device_get(ctx, sel.backend, i, &d) == GI_STATUS_OK && d.index >= 0 &&
            strncmp(d.spec, prefix, strlen(prefix)) == 0)
            v.devices++;
    }
    int index = gi_mpi_pick_gpu(&v, msg, msg_size);
    if (index < 0)
        return GI_STATUS_INVALID_ARGUMENT;
    char spec[96];
    snprintf(spec, sizeof spec, "%s%d", prefix, index);
    if ((st = gi_context_select(ctx, spec)) != GI_STATUS_OK)
        snprintf(msg, msg_size, "%s", gi_last_error(ctx));
    return st;
}

gi_status gi_cli_mpi_open(const gi_mpi_job *job, const char *device, int threads, int share_gpus,
                          unsigned workloads, gi_context **ctx, double *setup_s, char *msg,
                          size_t msg_size)
{
    *ctx = NULL;
    gi_status st = gi_context_create(ctx);
    gi_cli_signals_attach(*ctx);
    if (st != GI_STATUS_OK)
        snprintf(msg, msg_size, "cannot create a context: %s", gi_status_string(st));
    if (st == GI_STATUS_OK && ((st = gi_context_select(*ctx, device)) != GI_STATUS_OK ||
                               (st = gi_context_set_threads(*ctx, threads)) != GI_STATUS_OK))
        snprintf(msg, msg_size, "%s", gi_last_error(*ctx));
    /* Every rank takes part in the node's exchange, failed or not. */
    st = place_on_gpu(job, *ctx, device, share_gpus, st, msg, msg_size);
    double mine = 0;
    if (st == GI_STATUS_OK && (st = gi_context_prepare_for(*ctx, workloads, &mine)) != GI_STATUS_OK)
        snprintf(msg, msg_size, "%s", gi_last_error(*ctx));
    MPI_Allreduce(&mine, setup_s, 1, MPI_DOUBLE, MPI_MAX, job->world);
    return st;
}

gi_status gi_cli_mpi_same_problem(const gi_mpi_job *job, const void *mine, size_t size,
                                  const char *what,
                                  void (*describe)(const void *problem, char *buf, size_t size),
                                  const char *must, char *msg, size_t msg_size)
{
    unsigned char *root = malloc(size);
    int ok = root != NULL, all_ok;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, job->world);
    if (!all_ok) {
        free(root);
        snprintf(msg, msg_size, "out of memory for %zu bytes", size);
        return ok ? GI_STATUS_OK : GI_STATUS_OUT_OF_MEMORY;
    }
    memcpy(root, mine, size);
    MPI_Bcast(root, (int)size, MPI_BYTE, 0, job->world);
    gi_status st = GI_STATUS_OK;
    if (memcmp(mine, root, size) != 0) {
        char a[512], b[512];
        describe(mine, a, sizeof a);
        describe(root, b, sizeof b);
        snprintf(msg, msg_size,
                 "this rank's %s (%s) differs from rank 0's (%s); every rank must %s", what, a, b,
                 must);
        st = GI_STATUS_INVALID_ARGUMENT;
    }
    free(root);
    return st;
}

int gi_cli_mpi_monitor_prepare(const gi_mpi_job *job, gi_cli_monitor *cm)
{
    /* The report is rank 0's to check and write; the others measure their own process. */
    if (job->rank != 0)
        cm->report = NULL;
    int code = gi_cli_monitor_prepare(cm);
    /* The lowest failing rank printed its line; every rank exits with its code. */
    int mine = code != GI_EXIT_OK ? job->rank : job->ranks, first;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, job->world);
    if (first == job->ranks)
        return GI_EXIT_OK;
    MPI_Bcast(&code, 1, MPI_INT, first, job->world);
    return code;
}

int gi_cli_mpi_monitor_start(const gi_mpi_job *job, gi_cli_monitor *cm)
{
    MPI_Barrier(job->world);
    int code = gi_cli_monitor_start(cm), worst;
    MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, job->world);
    return worst;
}

void gi_cli_mpi_monitor_gather(const gi_mpi_job *job, gi_cli_monitor *cm)
{
    gi_mpi_monitor_gather(job, cm->m);
}

int gi_cli_mpi_monitor_finish(const gi_mpi_job *job, gi_cli_monitor *cm, int code)
{
    code = gi_cli_monitor_finish(cm, code);
    MPI_Bcast(&code, 1, MPI_INT, 0, job->world);
    return code;
}

void gi_cli_mpi_begin(gi_mpi_job *job)
{
    gi_mpi_job_start(job);
    gi_cli_signals_catch();
}

int gi_cli_mpi_end(gi_mpi_job *job, gi_cli_monitor *cm, gi_context *ctx, int code)
{
    code = gi_cli_mpi_monitor_finish(job, cm, code);
    gi_cli_context_destroy(ctx);
    gi_mpi_job_end(job);
    return code;
}

int gi_cli_mpi_start(const gi_mpi_job *job, gi_cli_monitor *cm, const char *device, int threads,
                     int share_gpus, unsigned workloads, gi_context **ctx, double *setup_s,
                     char *msg, size_t msg_size)
{
    *ctx = NULL;
    int code = gi_cli_mpi_monitor_prepare(job, cm);
    if (code != GI_EXIT_OK)
        return code;
    gi_status st =
        gi_cli_mpi_open(job, device, threads, share_gpus, workloads, ctx, setup_s, msg, msg_size);
    return gi_cli_exit_code(gi_mpi_agree(job, st, msg));
}
