/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "share.h"

#include <stdio.h>

void gi_mpi_tile_share(int64_t total, int ranks, int rank, int64_t *first, int64_t *count)
{
    int64_t base = total / ranks, extra = total % ranks;
    *count = base + (rank < extra);
    *first = rank * base + (rank < extra ? rank : extra);
}

int gi_mpi_pick_gpu(const gi_mpi_gpu_view *v, char *err, size_t err_size)
{
    if (v->devices <= 0)
        return v->named_index >= 0 ? v->named_index : 0;
    if (v->named_index >= 0) {
        if (v->peers > 1 && !v->allow_sharing) {
            snprintf(err, err_size,
                     "--device %s:%d: all %d ranks on %s would use that one device; give "
                     "--device %s to spread the ranks over the %d visible devices, or allow "
                     "sharing with --share-gpus",
                     v->backend, v->named_index, v->peers, v->host, v->backend, v->devices);
            return -1;
        }
        return v->named_index;
    }
    if (v->peers <= v->devices)
        return v->peer_rank;
    if (v->allow_sharing)
        return v->peer_rank % v->devices;
    snprintf(err, err_size,
             "--device %s: %d ranks on %s but only %d %s device%s visible to them: start at most "
             "%d rank%s per node (e.g. srun --ntasks-per-node=%d --gpus-per-task=1), or allow "
             "sharing with --share-gpus",
             v->backend, v->peers, v->host, v->devices, v->backend, v->devices == 1 ? "" : "s",
             v->devices, v->devices == 1 ? "" : "s", v->devices);
    return -1;
}
