/*
 * Whether a command runs as an MPI job (mpi_dispatch.h). The rule is the same for every
 * command: what the launcher started, unless --mpi or --no-mpi says otherwise.
 */
#include "mpi_dispatch.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

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
        /* --mpi asks for something this build cannot do; started by a launcher, every rank
         * would compute the whole problem: both are refused, by rank 0 only. */
        if (launch.rank <= 0)
            gi_cli_error("%s, but this gpuinteg was built without MPI (GI_WITH_MPI; Debian: "
                         "libopenmpi-dev); rerun with --no-mpi to run every rank on its own",
                         req == GI_MPI_ON ? "--mpi" : "started as one of several MPI ranks");
        *code = GI_EXIT_UNAVAILABLE;
        return 1;
    }
    char note[256];
    if (gi_mpi_launch_note(req, &launch, note, sizeof note) && launch.rank <= 0 && !quiet)
        fprintf(stderr, "gpuinteg: %s\n", note);
    return 0;
}
