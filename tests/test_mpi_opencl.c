/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * MPI ranks on the opencl backend (PoCL in CI): each rank's tiles through the plugin's
 * integrate_tiles give the same bits as one process on that device, and the distributed
 * product on CLBlast is verified and matches one process's checksum.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_run.h"

static cJSON *one_result(gi_cli_result *r)
{
    cr_assert_not(r->timed_out, "hung:\n%s", r->err);
    cr_assert_eq(r->exit_code, 0, "exit %d:\n%s", r->exit_code, r->err);
    cr_assert_eq(gi_count_lines(r->out), 1, "one result: %s", r->out);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert(j, "%s", r->out);
    free(r);
    return j;
}

static double num(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    cr_assert(cJSON_IsNumber(v), "field %s missing or not a number", key);
    return v->valuedouble;
}

Test(mpi_opencl, integrate_same_bits_as_one_process, .timeout = 240)
{
    const char *one[] = {"--no-mpi", "--device", "opencl", "--nx", "3000",
                         "--ny",     "2500",     "--json", NULL};
    cJSON *a = one_result(gi_cli_run(one, NULL, 120));
    const char *two[] = {"-np",  "2",    "@CLI", "--device", "opencl", "--nx",
                         "3000", "--ny", "2500", "--json",   NULL};
    cJSON *b = one_result(gi_mpirun(two, NULL, 120));
    double x = num(a, "value"), y = num(b, "value");
    cr_assert(memcmp(&x, &y, sizeof x) == 0, "%.17g over 2 ranks vs %.17g in one process", y, x);
    cr_assert_eq(num(b, "ranks"), 2);
    const cJSON *runs = cJSON_GetObjectItem(b, "rank_runs");
    for (int r = 0; r < 2; r++) {
        const cJSON *run = cJSON_GetArrayItem(runs, r);
        cr_assert_str_eq(cJSON_GetObjectItem(run, "backend")->valuestring, "opencl");
        cr_assert_gt(num(run, "tiles"), 0);
    }
    cJSON_Delete(a);
    cJSON_Delete(b);
}

Test(mpi_opencl, an_expression_reports_its_compile_time_over_ranks, .timeout = 240)
{
    /* Each rank builds the expression's OpenCL program (clBuildProgram: milliseconds from
     * PoCL's kernel cache, about a second without it): the job reports the largest rank's, as
     * one process reports its own, apart from time_s; it was 0 under MPI. */
    const char *two[] = {"-np",     "2",   "@CLI", "--device", "opencl", "--f", "x*y + a",
                         "--param", "a=1", "-n",   "300",      "--json", NULL};
    cJSON *b = one_result(gi_mpirun(two, NULL, 120));
    cr_assert_eq(num(b, "ranks"), 2);
    cr_assert_gt(num(b, "compile_time_s"), 0, "the ranks' compile time is lost");
    cJSON_Delete(b);
}

Test(mpi_opencl, integrate_mixed_backends_across_ranks_same_bits, .timeout = 240)
{
    /* The gi sine and the exact sum: serial, openmp and opencl ranks in one job give the bits of
     * one serial process. */
    const char *one[] = {"--no-mpi", "--device", "serial", "--nx", "1500",
                         "--ny",     "4500",     "--json", NULL};
    cJSON *a = one_result(gi_cli_run(one, NULL, 120));
    const char *mixed[] = {
        "-np",      "1",      "@CLI",   "--mpi", "--device", "opencl", "--nx",      "1500",
        "--ny",     "4500",   "--json", ":",     "-np",      "1",      "@CLI",      "--mpi",
        "--device", "serial", "--nx",   "1500",  "--ny",     "4500",   "--json",    ":",
        "-np",      "1",      "@CLI",   "--mpi", "--device", "openmp", "--threads", "2",
        "--nx",     "1500",   "--ny",   "4500",  "--json",   NULL};
    cJSON *b = one_result(gi_mpirun(mixed, NULL, 180));
    double x = num(a, "value"), y = num(b, "value");
    cr_assert(memcmp(&x, &y, sizeof x) == 0, "%.17g from opencl+serial+openmp ranks vs %.17g", y,
              x);
    const char *want[3] = {"opencl", "serial", "openmp"};
    const cJSON *runs = cJSON_GetObjectItem(b, "rank_runs");
    for (int r = 0; r < 3; r++)
        cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(runs, r), "backend")->valuestring,
                         want[r]);
    cr_assert_str_eq(cJSON_GetObjectItem(b, "sine")->valuestring, "gi");
    cr_assert_str_eq(cJSON_GetObjectItem(b, "sum")->valuestring, "fixed-point");
    cJSON_Delete(a);
    cJSON_Delete(b);
}

Test(mpi_opencl, gemm_over_ranks_on_clblast, .timeout = 300)
{
    if (!getenv("GI_TEST_OPENCL_GEMM"))
        cr_skip_test("this build's opencl backend has no dgemm (CLBlast)");
    const char *one[] = {"gemm", "--no-mpi", "--device", "serial", "--m",    "200",
                         "--n",  "150",      "--k",      "170",    "--json", NULL};
    cJSON *a = one_result(gi_cli_run(one, NULL, 120));
    const char *two[] = {"-np", "2",   "@CLI", "gemm", "--device", "opencl",   "--m", "200",
                         "--n", "150", "--k",  "170",  "--json",   "--verify", NULL};
    cJSON *b = one_result(gi_mpirun(two, NULL, 240));
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(b, "verified")));
    cr_assert_str_eq(cJSON_GetObjectItem(b, "backend")->valuestring, "opencl");
    double x = num(a, "c_sum"), y = num(b, "c_sum");
    double tol = gi_gemm_checksum_tolerance(200, 150, 170, fmax(x, y));
    cr_assert_leq(fabs(x - y), tol, "%.17g vs %.17g (bound %g)", y, x, tol);
    cJSON_Delete(a);
    cJSON_Delete(b);
}
