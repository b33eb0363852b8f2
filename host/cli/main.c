/*
 * gpuinteg: the command-line program. Chooses the subcommand; everything else lives in the
 * cmd_*.c files.
 */
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: gpuinteg [integrate] [--device auto|serial|openmp|opencl[:P[:D]]|cuda[:D]]\n"
    "                [-n N | --nx N --ny N] [--bounds X0,X1,Y0,Y1] [--threads T] [--repeat R]\n"
    "                [--json] [--quiet] [--mpi | --no-mpi] [--share-gpus]\n"
    "                [--report FILE.html|.json|.csv] [--sample-ms MS]\n"
    "       gpuinteg gemm [--size N | --m M --n N --k K] [--transa N|T] [--transb N|T]\n"
    "                [--device D] [--threads T] [--repeat R] [--seed S] [--verify] [--json]\n"
    "                [--mpi | --no-mpi] [--share-gpus]\n"
    "                [--report FILE.html|.json|.csv] [--sample-ms MS]\n"
    "       gpuinteg devices [--json]\n"
    "       gpuinteg monitor [--sample-ms MS] [--report FILE] [--live S] [--job] [--json]\n"
    "                [-- CMD [ARGS...]]\n"
    "       gpuinteg --help | --version\n"
    "\n"
    "integrate  midpoint rule of sin(x+y) over [X0,X1]x[Y0,Y1] (default [0,pi]^2) on an N x N\n"
    "           grid (default 10000), every sine evaluated; compensated, fixed-order sums, so\n"
    "           the value has the same bits for any --threads.\n"
    "gemm       C = op(A)*op(B) on uniform [0,1) matrices from --seed (default 42), M x K times\n"
    "           K x N (--size: all three, default 3000), the product alone timed; --verify\n"
    "           checks C with Freivalds' algorithm (exit 4 if wrong). Sizes 1 to 2147483647.\n"
    "devices    every backend and device, and why the unavailable ones are unavailable.\n"
    "monitor    runs CMD and reports what its process tree used of the CPUs, memory and GPUs\n"
    "           it was given (summary on stderr); exits with CMD's status. In a Slurm job it\n"
    "           also measures the steps CMD starts (srun); --job: the whole job on this node\n"
    "           (its cgroup, else its slurmstepd processes, else sstat), without CMD until\n"
    "           the job's other processes end or a signal comes. srun -n N gpuinteg monitor:\n"
    "           one report for the step, written by task 0 (a name with %t: one per task).\n"
    "\n"
    "  --device D    where to run; auto (default) takes a CUDA GPU, then an OpenCL GPU, then\n"
    "                openmp, then serial. An explicit device that is unavailable is an error.\n"
    "  -n N          cells per axis, 1 to 1000000000 (--nx/--ny set one axis)\n"
    "  --bounds ...  the rectangle, finite numbers with X0 < X1 and Y0 < Y1\n"
    "  --threads T   CPU threads (default: OMP_NUM_THREADS, else the CPUs this job may use)\n"
    "  --repeat R    run R times, report the best and median time\n"
    "  --json        one JSON object instead of text\n"
    "  --quiet       only the value and time lines\n"
    "  --mpi         run as one MPI job (automatic when mpirun/srun --mpi=pmix start several\n"
    "                ranks): each rank a share of the tiles, one result from rank 0, the same\n"
    "                bits as one process; --no-mpi: every rank on its own\n"
    "                gemm: each rank a block of C (2-D SUMMA), its own blocks of A and B\n"
    "  --share-gpus  MPI: let ranks of a node share a GPU when they outnumber the GPUs\n"
    "  --report FILE utilization report: .html (a page with charts), .json or .csv (samples);\n"
    "                %j job id, %s step, %t task, %N host, %% a percent sign\n"
    "  --live S      monitor: rewrite the report every S seconds (1 to 86400) while it runs\n"
    "  --sample-ms MS  sampling period of the utilization monitor (default 100)\n"
    "\n"
    "exit codes: 0 ok, 1 run-time failure, 2 usage error, 3 requested device unavailable,\n"
    "            4 verification failed\n"
    "environment: GPUINTEG_PLUGIN_PATH (folders of backend plugins, ':'-separated)\n"
    "             GPUINTEG_CGROUP_ROOT (where the cgroup file system is read, default\n"
    "             /sys/fs/cgroup), GPUINTEG_POWERCAP_ROOT (default /sys/class/powercap),\n"
    "             GPUINTEG_JOB_SOURCE (cgroup, slurmstepd or sstat: force the job's source)\n";

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"integrate", gi_cmd_integrate},
    {"devices", gi_cmd_devices},
    {"gemm", gi_cmd_gemm},
    {"monitor", gi_cmd_monitor},
};

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return GI_EXIT_OK;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("gpuinteg %s\n", gi_version_string());
        return GI_EXIT_OK;
    }
    if (argc >= 2 && argv[1][0] != '-') {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                return commands[i].run(argc - 2, argv + 2);
        gi_cli_error(
            "unknown command '%s'; allowed: integrate, gemm, devices, monitor (see gpuinteg "
            "--help)",
            argv[1]);
        return GI_EXIT_USAGE;
    }
    return gi_cmd_integrate(argc - 1, argv + 1);
}
