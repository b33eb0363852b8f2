/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The distributed product (host/mpi/gemm_ranks.c) under mpirun: for 1 to 6 ranks (grids 1×1,
 * 1×2, 1×3, 2×2, 2×3), square and non-square sizes, sizes smaller than the grid (ranks with
 * empty blocks), on serial and openmp: C agrees with the serial backend's product of the whole
 * matrices within 2γ_k·|A||B| per element, and the distributed Freivalds check passes; one
 * corrupted element makes the check fail.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"

static const char *const mpi_env[] = {"OMPI_ALLOW_RUN_AS_ROOT=1",
                                      "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1", NULL};

static gi_cli_result *run(int ranks, const char *m, const char *n, const char *k,
                          const char *device, int corrupt)
{
    const char *mpiexec = getenv("GI_MPIEXEC"), *prog = getenv("GI_TEST_MPI_GEMM");
    cr_assert(mpiexec && prog, "CTest sets GI_MPIEXEC and GI_TEST_MPI_GEMM");
    char np[16];
    snprintf(np, sizeof np, "%d", ranks);
    const char *argv[] = {mpiexec, "--oversubscribe",          "-np", np, prog, m, n, k,
                          device,  corrupt ? "corrupt" : NULL, NULL};
    return gi_run_argv(argv, mpi_env, 120);
}

static void expect_right(int ranks, const char *m, const char *n, const char *k, const char *device,
                         const char *grid)
{
    gi_cli_result *r = run(ranks, m, n, k, device, 0);
    cr_assert_not(r->timed_out, "%d ranks, %s×%s×%s: hung", ranks, m, k, n);
    cr_assert_eq(r->exit_code, 0, "%d ranks, %s×%s×%s on %s: exit %d\n%s%s", ranks, m, k, n, device,
                 r->exit_code, r->out, r->err);
    cr_assert(strstr(r->out, grid), "expected %s:\n%s", grid, r->out);
    cr_assert(strstr(r->out, " verify ok "), "%s", r->out);
    free(r);
}

Test(mpi_gemm, products_match_the_serial_reference, .timeout = 600)
{
    expect_right(1, "33", "17", "65", "openmp", "grid 1x1 ");
    expect_right(2, "33", "17", "65", "openmp", "grid 1x2 ");
    expect_right(3, "7", "5", "3", "serial", "grid 1x3 ");
    expect_right(4, "257", "130", "70", "openmp", "grid 2x2 ");
    expect_right(6, "257", "130", "70", "openmp", "grid 2x3 ");
    expect_right(4, "1", "1", "1", "openmp", "grid 2x2 "); /* three ranks hold nothing */
    expect_right(4, "3", "200", "2", "serial", "grid 2x2 ");
}

Test(mpi_gemm, a_corrupted_element_fails_the_check, .timeout = 120)
{
    gi_cli_result *r = run(3, "50", "40", "30", "openmp", 1);
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 4, "exit %d\n%s%s", r->exit_code, r->out, r->err);
    cr_assert(strstr(r->out, "grid 1x3 verify failed "), "%s", r->out);
    free(r);
}
