/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * libgpuinteg_blas inside `gpuinteg monitor`: the monitor gathers the records of every process
 * of the command that loaded the library and adds one line per device to its report (and its
 * stderr summary): calls, sizes, GFLOP/s, bytes moved, and why.
 */
#include <criterion/criterion.h>

#include <cjson/cJSON.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_cmd.h"

/* gi_blas_probe is linked with libgpuinteg_blas (as a program is under update-alternatives);
 * LD_PRELOAD works the same way for the monitor (tests/blas/numpy_dot.py covers it). */
static gi_cli_result *monitor(const char *report, const char *const *probe_args)
{
    const char *argv[16] = {getenv("GI_CLI"), "monitor", "--report", report, "--"};
    int n = 5;
    argv[n++] = getenv("GI_TEST_BLAS_PROBE");
    for (int i = 0; probe_args[i] && n < 15; i++)
        argv[n++] = probe_args[i];
    argv[n] = NULL;
    const char *env[] = {"GPUINTEG_BLAS_DEVICE=serial", "GPUINTEG_BLAS_MIN_FLOPS=1e6", NULL};
    return gi_run_argv(argv, env, 120);
}

static const char *run_line(cJSON *report, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(report, "run"), key));
}

Test(blas_monitor, the_report_lists_the_calls_of_every_process)
{
    cr_assert(getenv("GI_CLI") && getenv("GI_TEST_BLAS_PROBE"));
    char *dir = gi_temp_dir(), report[4200];
    snprintf(report, sizeof report, "%s/report.json", dir);
    const char *args[] = {"--fork", "16", "120", NULL}; /* 8192 flops: CPU; 3.5e6: serial */
    gi_cli_result *r = monitor(report, args);
    cr_assert_eq(r->exit_code, 0, "stderr: %s", r->err);
    cr_expect(strstr(r->err, "BLAS calls (libgpuinteg_blas, 2 processes):\n"), "%s", r->err);
    char *text = gi_read_file(report, NULL);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    cr_assert(j, "no JSON report");
    const char *cpu = run_line(j, "BLAS cpu"), *serial = run_line(j, "BLAS serial");
    cr_assert(cpu && serial, "run lines: %s", text);
    cr_expect(strncmp(cpu, "2 calls (16x16x16 x2), 1.64e+04 flop in ", 40) == 0, "%s", cpu);
    cr_expect(strstr(cpu, "; below the threshold: 2*m*n*k < GPUINTEG_BLAS_MIN_FLOPS = 1e+06"), "%s",
              cpu);
    cr_expect(strncmp(serial, "2 calls (120x120x120 x2), 6.91e+06 flop in ", 43) == 0, "%s",
              serial);
    cr_expect(strstr(serial, "0 MB moved"), "serial moves nothing: %s", serial);
    cJSON_Delete(j);
    free(text);
    /* The monitor's folder of records is gone. */
    cr_expect(!strstr(r->err, "cannot write the record"), "%s", r->err);
    free(r);
    gi_remove_tree(dir);
    free(dir);
}

Test(blas_monitor, a_record_the_user_asked_for_is_left_alone)
{
    char *dir = gi_temp_dir(), report[4200], own[4300], env_own[4400];
    snprintf(report, sizeof report, "%s/report.json", dir);
    snprintf(own, sizeof own, "%s/mine.json", dir);
    snprintf(env_own, sizeof env_own, "GPUINTEG_BLAS_REPORT=%s", own);
    const char *argv[] = {getenv("GI_CLI"),
                          "monitor",
                          "--quiet",
                          "--report",
                          report,
                          "--",
                          getenv("GI_TEST_BLAS_PROBE"),
                          "8",
                          NULL};
    const char *env[] = {"GPUINTEG_BLAS_DEVICE=serial", env_own, NULL};
    gi_cli_result *r = gi_run_argv(argv, env, 120);
    cr_assert_eq(r->exit_code, 0, "stderr: %s", r->err);
    char *mine = gi_read_file(own, NULL);
    cr_expect(mine && strstr(mine, "\"record\":\t\"gpuinteg_blas\""), "%s", mine ? mine : "");
    free(mine);
    free(r);
    gi_remove_tree(dir);
    free(dir);
}
