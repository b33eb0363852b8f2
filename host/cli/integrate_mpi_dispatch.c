/*
 * Whether `gpuinteg integrate` runs as an MPI job: automatically when a launcher (mpirun,
 * srun --mpi=pmix) started it as one of several ranks, always with --mpi, never with --no-mpi.
 * Built with and without MPI, so that a gpuinteg without MPI says why instead of silently
 * running the whole problem in every rank.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "integrate_cmd.h"

#ifdef GI_WITH_MPI
int gi_cmd_integrate_mpi(gi_integrate_opts *o, const gi_mpi_launch *launch);
#endif

void gi_integrate_mpi_mute_usage(int argc, char **argv)
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

int gi_integrate_mpi_dispatch(gi_integrate_opts *o, int *code)
{
    gi_mpi_launch launch;
    gi_mpi_launch_detect(&launch);
    if (gi_mpi_wanted(o->mpi, &launch)) {
#ifdef GI_WITH_MPI
        *code = gi_cmd_integrate_mpi(o, &launch);
#else
        /* --mpi asks for something this build cannot do; started by a launcher, every rank
         * would compute the whole integral: both are refused, by rank 0 only. */
        if (launch.rank <= 0)
            gi_cli_error("%s, but this gpuinteg was built without MPI (GI_WITH_MPI; Debian: "
                         "libopenmpi-dev); rerun with --no-mpi to run every rank on its own",
                         o->mpi == GI_MPI_ON ? "--mpi" : "started as one of several MPI ranks");
        *code = GI_EXIT_UNAVAILABLE;
#endif
        return 1;
    }
    char note[256];
    if (gi_mpi_launch_note(o->mpi, &launch, note, sizeof note) && launch.rank <= 0 && !o->quiet)
        fprintf(stderr, "gpuinteg: %s\n", note);
    return 0;
}
