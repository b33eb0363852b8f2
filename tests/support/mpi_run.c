/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg under mpirun, for the mpi tests (mpi_run.h).
 */
#include "mpi_run.h"

#include <criterion/criterion.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>

gi_cli_result *gi_mpirun(const char *const *args, const char *const *env, int timeout_s)
{
    const char *mpiexec = getenv("GI_MPIEXEC"), *cli = getenv("GI_CLI");
    cr_assert(mpiexec && *mpiexec && cli, "CTest sets GI_MPIEXEC and GI_CLI");
    const char *argv[80];
    size_t n = 0;
    argv[n++] = mpiexec;
    argv[n++] = "--oversubscribe";
    for (size_t i = 0; args[i]; i++) {
        cr_assert(n < 79);
        argv[n++] = strcmp(args[i], "@CLI") == 0 ? cli : args[i];
    }
    argv[n] = NULL;
    const char *all_env[32] = {"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"};
    size_t e = 2;
    for (size_t i = 0; env && env[i]; i++) {
        cr_assert(e < 31);
        all_env[e++] = env[i];
    }
    all_env[e] = NULL;
    return gi_run_argv(argv, all_env, timeout_s);
}

int gi_lines_starting(const char *s, const char *prefix)
{
    int n = 0;
    for (const char *p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        n += strncmp(p, prefix, strlen(prefix)) == 0;
    return n;
}

int gi_count_in(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

double gi_gemm_checksum_tolerance(double m, double n, double k, double s)
{
    const double u = DBL_EPSILON / 2, gk = k * u / (1 - k * u);
    return (2 * gk + 4 * u + 4 * m * n * u * u) * (1 + gk) * s;
}
