/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Whether a command runs as an MPI job (mpi_dispatch.h). The rule is the same for every
 * command: what the launcher started, unless --mpi or --no-mpi says otherwise.
 */
#include "mpi_dispatch.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mpi_program.h"

void gi_cli_mpi_mute_usage(int argc, char **argv)
{
    gi_mpi_launch launch;
    gi_mpi_launch_detect(&launch);
    if (launch.ranks < 2 || launch.rank <= 0)
        return;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--no-mpi") == 0)
            return;
    gi_cli_mute_errors(1);
}

int gi_cli_mpi_dispatch(gi_mpi_request req, int quiet, gi_cli_mpi_command run, void *opts,
                        int *code)
{
    gi_mpi_launch launch;
    gi_mpi_launch_detect(&launch);
    if (gi_mpi_wanted(req, &launch)) {
        if (run) {
            *code = run(opts, &launch);
            return 1;
        }
        /* The plain gpuinteg: gpuinteg-mpi takes over (and this returns only if it cannot).
         * Without it, --mpi asks for something this installation cannot do and, started by a
         * launcher, every rank would compute the whole problem: both are refused. */
        *code = gi_cli_mpi_program_exec(
            req == GI_MPI_ON ? "--mpi" : "started as one of several MPI ranks", launch.rank);
        return 1;
    }
    char note[256];
    if (gi_mpi_launch_note(req, &launch, note, sizeof note) && launch.rank <= 0 && !quiet)
        fprintf(stderr, "gpuinteg: %s\n", note);
    return 0;
}
