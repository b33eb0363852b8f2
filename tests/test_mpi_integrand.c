/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg integrate --f under mpirun: 1 and 2 ranks (and one process without MPI) give the same
 * bits for the value and the error estimate, with the monitor's report from rank 0; a malformed
 * expression ends every rank with exit 2 and one line.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"

static const char *const mpi_env[] = {"OMPI_ALLOW_RUN_AS_ROOT=1",
                                      "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1", NULL};

static gi_cli_result *run(int ranks, const char *const *args)
{
    const char *mpiexec = getenv("GI_MPIEXEC"), *cli = getenv("GI_CLI");
    cr_assert(mpiexec && *mpiexec && cli, "CTest sets GI_MPIEXEC and GI_CLI");
    const char *argv[64];
    size_t n = 0;
    char np[16];
    snprintf(np, sizeof np, "%d", ranks);
    if (ranks > 0) {
        argv[n++] = mpiexec;
        argv[n++] = "--oversubscribe";
        argv[n++] = "-np";
        argv[n++] = np;
    }
    argv[n++] = cli;
    for (size_t i = 0; args[i]; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    return gi_run_argv(argv, mpi_env, 300);
}

static double field(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    cr_assert(cJSON_IsNumber(v), "%s missing", key);
    return v->valuedouble;
}

Test(mpi_integrand, same_bits_for_one_process_and_1_2_ranks)
{
    double value[3], estimate[3];
    for (int k = 0; k < 3; k++) {
        /* k = 0: one process (--no-mpi); 1, 2: ranks */
        const char *args[] = {"integrate",
                              k ? "--mpi" : "--no-mpi",
                              "--device",
                              "openmp",
                              "--threads",
                              "1",
                              "--json",
                              "--f",
                              "exp(-a*(x*x+y*y)) * cos(3*x*y)",
                              "--param",
                              "a=0.5",
                              "--rule",
                              "gauss:2",
                              "--bounds",
                              "-2,2,-2,2",
                              "-n",
                              "3001",
                              NULL};
        gi_cli_result *r = run(k, args);
        cr_assert_eq(r->exit_code, 0, "ranks %d: exit %d: %s", k, r->exit_code, r->err);
        cr_assert_eq(gi_count_lines(r->out), 1, "one result, from rank 0:\n%s", r->out);
        cJSON *j = cJSON_Parse(r->out);
        cr_assert_not_null(j, "%s", r->out);
        value[k] = field(j, "value");
        estimate[k] = field(j, "error_estimate");
        if (k)
            cr_assert_eq(field(j, "ranks"), k);
        cr_assert(cJSON_IsObject(cJSON_GetObjectItem(j, "utilization")));
        cJSON_Delete(j);
        free(r);
    }
    for (int k = 1; k < 3; k++) {
        cr_assert(memcmp(&value[k], &value[0], sizeof(double)) == 0, "%d ranks: %a vs %a", k,
                  value[k], value[0]);
        cr_assert(memcmp(&estimate[k], &estimate[0], sizeof(double)) == 0, "%d ranks: %a vs %a", k,
                  estimate[k], estimate[0]);
    }
}

Test(mpi_integrand, malformed_expression_exits_2_once)
{
    const char *args[] = {"integrate", "--mpi", "--device", "serial", "--f", "sin(x", NULL};
    gi_cli_result *r = run(2, args);
    cr_assert_eq(r->exit_code, 2, "exit %d: %s", r->exit_code, r->err);
    cr_assert(strstr(r->err, "--f: unbalanced parentheses: '(' is never closed at "
                             "column 4"),
              "%s", r->err);
    free(r);
}
