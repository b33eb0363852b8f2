/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/mpi/share.h — which tiles each rank computes, and which GPU each rank takes.
 *
 * Pure functions of their inputs (the grid's tile count, the rank count, the device count),
 * so that every rank decides the same without talking, and the rules are unit-tested without
 * MPI or a GPU.
 */
#ifndef GI_MPI_SHARE_H
#define GI_MPI_SHARE_H

#include <stddef.h>
#include <stdint.h>

/* Rank `rank` of `ranks` computes tiles *first … *first + *count - 1: contiguous blocks in rank
 * order whose sizes differ by at most one (the first total % ranks ranks get one more).
 * *count is 0 for ranks past the tile count. Decided by total and ranks only. */
void gi_mpi_tile_share(int64_t total, int ranks, int rank, int64_t *first, int64_t *count);

/* One rank's view for choosing its GPU. */
typedef struct gi_mpi_gpu_view {
    const char *backend; /* the selected device's backend ("cuda", "opencl", a plugin's) */
    int platform;        /* the device's group when its address has two numbers (opencl:P:D →
                          * P); -1 when it has one (cuda:D) */
    int named_index;     /* the device index the user named (cuda:1), or -1 when none */
    int devices;         /* usable devices of that backend (platform) this rank sees */
    int peer_rank;       /* this rank among the ranks of its node that see the same devices */
    int peers;           /* how many ranks of its node see the same devices, ≥ 1 */
    int allow_sharing;   /* --share-gpus: several ranks may use one device */
    const char *host;    /* the node's name, for messages */
} gi_mpi_gpu_view;

/* Picks the device index for this rank: peer_rank itself when there are at least as many
 * devices as peers; with more peers than devices, peer_rank % devices if sharing is allowed,
 * else an error. A device named by the user is kept, and is an error when several peers would
 * share it without --share-gpus. Returns the index (≥ 0), or -1 with a one-line message in
 * err saying what the user can do. devices = 0 returns named_index or 0: selecting it then
 * reports why the backend is unavailable. */
int gi_mpi_pick_gpu(const gi_mpi_gpu_view *v, char *err, size_t err_size);

#endif /* GI_MPI_SHARE_H */
