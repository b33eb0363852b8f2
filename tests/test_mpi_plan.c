/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The decisions each MPI rank makes alone: whether to start MPI, which tiles it computes, which
 * GPU it takes. No MPI and no GPU needed: the device count is an input.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "mpi/launch.h"
#include "mpi/share.h"

Test(mpi_plan, tile_shares_cover_every_tile_once_in_rank_order)
{
    const int64_t totals[] = {1, 3, 7, 3125, 65536};
    for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++) {
        for (int ranks = 1; ranks <= 300; ranks += ranks < 8 ? 1 : 37) {
            int64_t next = 0, lo = INT64_MAX, hi = 0;
            for (int r = 0; r < ranks; r++) {
                int64_t first, count;
                gi_mpi_tile_share(totals[i], ranks, r, &first, &count);
                cr_assert_eq(first, next, "total %lld, %d ranks, rank %d", (long long)totals[i],
                             ranks, r);
                next += count;
                lo = count < lo ? count : lo;
                hi = count > hi ? count : hi;
            }
            cr_assert_eq(next, totals[i]);
            cr_assert_leq(hi - lo, 1, "shares differ by at most one tile");
        }
    }
}

Test(mpi_plan, tile_share_examples)
{
    int64_t first, count;
    gi_mpi_tile_share(3125, 2, 0, &first, &count);
    cr_assert(first == 0 && count == 1563);
    gi_mpi_tile_share(3125, 2, 1, &first, &count);
    cr_assert(first == 1563 && count == 1562);
    gi_mpi_tile_share(3, 5, 4, &first, &count);
    cr_assert(first == 3 && count == 0, "ranks past the tile count get none");
}

static gi_mpi_gpu_view view(int devices, int peer_rank, int peers)
{
    gi_mpi_gpu_view v = {.backend = "cuda",
                         .platform = -1,
                         .named_index = -1,
                         .devices = devices,
                         .peer_rank = peer_rank,
                         .peers = peers,
                         .host = "node7"};
    return v;
}

Test(mpi_plan, one_gpu_per_node_local_rank)
{
    char err[512] = "";
    for (int r = 0; r < 4; r++) {
        gi_mpi_gpu_view v = view(4, r, 4);
        cr_assert_eq(gi_mpi_pick_gpu(&v, err, sizeof err), r);
    }
    gi_mpi_gpu_view v = view(8, 2, 3); /* fewer ranks than GPUs: the first ones are used */
    cr_assert_eq(gi_mpi_pick_gpu(&v, err, sizeof err), 2);
    cr_assert_str_empty(err);
}

Test(mpi_plan, each_rank_sees_its_own_gpu)
{
    /* srun --gpus-per-task=1: every rank sees one GPU, different from its neighbours', so
     * each is alone among its peers and takes index 0. */
    char err[512] = "";
    gi_mpi_gpu_view v = view(1, 0, 1);
    cr_assert_eq(gi_mpi_pick_gpu(&v, err, sizeof err), 0);
}

Test(mpi_plan, more_ranks_than_gpus_is_an_error_unless_shared)
{
    char err[512] = "";
    gi_mpi_gpu_view v = view(2, 3, 4);
    cr_assert_eq(gi_mpi_pick_gpu(&v, err, sizeof err), -1);
    cr_assert_str_eq(err, "--device cuda: 4 ranks on node7 but only 2 cuda devices visible to "
                          "them: start at most 2 ranks per node (e.g. srun "
                          "--ntasks-per-node=2 --gpus-per-task=1), or allow sharing with "
                          "--share-gpus");
    v.allow_sharing = 1;
    cr_assert_eq(gi_mpi_pick_gpu(&v, err, sizeof err), 1, "rank 3 of 4 on 2 GPUs: GPU 1");
    v.peer_rank = 2;
    cr_assert_eq(gi_mpi_pick_gpu(&v, err, sizeof err), 0);
}

Test(mpi_plan, a_named_gpu_is_kept_but_not_shared_silently)
{
    char err[512] = "";
    gi_mpi_gpu_view v = view(4, 0, 1);
    v.named_index = 3;
    cr_assert_eq(gi_mpi_pick_gpu(&v, err, sizeof err), 3);
    v.peers = 2;
    cr_assert_eq(gi_mpi_pick_gpu(&v, err, sizeof err), -1);
    cr_assert(strstr(err, "--device cuda:3: all 2 ranks on node7 would use that one device"), "%s",
              err);
    v.allow_sharing = 1;
    cr_assert_eq(gi_mpi_pick_gpu(&v, err, sizeof err), 3);
}

Test(mpi_plan, no_devices_leaves_the_error_to_selection)
{
    char err[512] = "";
    gi_mpi_gpu_view v = view(0, 1, 2);
    cr_assert_eq(gi_mpi_pick_gpu(&v, err, sizeof err), 0);
    cr_assert_str_empty(err);
}

static void clear_launch_env(void)
{
    const char *vars[] = {"OMPI_COMM_WORLD_SIZE",
                          "OMPI_COMM_WORLD_RANK",
                          "PMIX_RANK",
                          "SLURM_STEP_NUM_TASKS",
                          "SLURM_PROCID",
                          "PMI_SIZE",
                          "PMI_RANK"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
}

Test(mpi_plan, launch_detection)
{
    gi_mpi_launch l;
    clear_launch_env();
    gi_mpi_launch_detect(&l);
    cr_assert(l.ranks == 0 && l.rank == -1 && l.slurm_tasks == 0);
    cr_assert_not(gi_mpi_wanted(GI_MPI_AUTO, &l), "a plain run never starts MPI");
    cr_assert(gi_mpi_wanted(GI_MPI_ON, &l), "--mpi starts MPI (a job of one rank)");

    setenv("OMPI_COMM_WORLD_SIZE", "2", 1);
    setenv("OMPI_COMM_WORLD_RANK", "1", 1);
    gi_mpi_launch_detect(&l);
    cr_assert(l.ranks == 2 && l.rank == 1);
    cr_assert_str_eq(l.launcher, "mpirun");
    cr_assert(gi_mpi_wanted(GI_MPI_AUTO, &l));
    cr_assert_not(gi_mpi_wanted(GI_MPI_OFF, &l), "--no-mpi: every rank on its own");

    setenv("OMPI_COMM_WORLD_SIZE", "1", 1);
    gi_mpi_launch_detect(&l);
    cr_assert_not(gi_mpi_wanted(GI_MPI_AUTO, &l), "mpirun -np 1 runs as one process");

    clear_launch_env();
    setenv("PMIX_RANK", "3", 1);
    setenv("SLURM_STEP_NUM_TASKS", "4", 1);
    setenv("SLURM_PROCID", "3", 1);
    gi_mpi_launch_detect(&l);
    cr_assert(l.ranks == 4 && l.rank == 3 && l.slurm_tasks == 4);
    cr_assert_str_eq(l.launcher, "srun (PMIx)");

    clear_launch_env();
    setenv("PMI_SIZE", "8", 1);
    setenv("PMI_RANK", "0", 1);
    gi_mpi_launch_detect(&l);
    cr_assert(l.ranks == 8 && l.rank == 0);
    clear_launch_env();
}

Test(mpi_plan, srun_without_mpi_gets_a_note)
{
    gi_mpi_launch l;
    char note[256];
    clear_launch_env();
    setenv("SLURM_STEP_NUM_TASKS", "4", 1);
    setenv("SLURM_PROCID", "0", 1);
    gi_mpi_launch_detect(&l);
    cr_assert_not(gi_mpi_wanted(GI_MPI_AUTO, &l));
    cr_assert(gi_mpi_launch_note(GI_MPI_AUTO, &l, note, sizeof note));
    cr_assert(strstr(note, "4 tasks but no MPI launcher environment"), "%s", note);
    cr_assert(strstr(note, "srun --mpi=pmix"), "%s", note);
    cr_assert_not(gi_mpi_launch_note(GI_MPI_OFF, &l, note, sizeof note),
                  "--no-mpi says it is meant");
    setenv("SLURM_STEP_NUM_TASKS", "1", 1);
    gi_mpi_launch_detect(&l);
    cr_assert_not(gi_mpi_launch_note(GI_MPI_AUTO, &l, note, sizeof note));
    clear_launch_env();
}
