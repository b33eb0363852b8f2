/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The help texts: every subcommand answers --help (exit 0, its own options on stdout), and
 * the --device part lists the backends as they describe themselves.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"

static void expect_help(const char *cmd, const char *flag, const char *usage, const char *option)
{
    const char *args[] = {cmd, flag, NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "gpuinteg %s %s: exit %d, stderr '%s'", cmd, flag, r->exit_code,
                 r->err);
    cr_assert_str_empty(r->err, "gpuinteg %s %s: stderr '%s'", cmd, flag, r->err);
    cr_assert(strncmp(r->out, usage, strlen(usage)) == 0, "gpuinteg %s %s: '%.200s'", cmd, flag,
              r->out);
    cr_assert(strstr(r->out, option), "gpuinteg %s %s lacks '%s'", cmd, flag, option);
    free(r);
}

Test(cli_help, every_subcommand_answers_help)
{
    expect_help("gemm", "--help", "usage: gpuinteg gemm ", "--transa N|T");
    expect_help("gemm", "-h", "usage: gpuinteg gemm ", "--verify");
    expect_help("monitor", "--help", "usage: gpuinteg monitor ", "--sample-ms MS");
    expect_help("devices", "--help", "usage: gpuinteg devices ", "--json");
    expect_help("integrate", "--help", "usage: gpuinteg [integrate] ", "--bounds X0,X1,Y0,Y1");
}

Test(cli_help, help_after_other_options_still_helps)
{
    const char *args[] = {"gemm", "--size", "10", "--help", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "stderr '%s'", r->err);
    cr_assert(strstr(r->out, "usage: gpuinteg gemm"));
    free(r);
}

Test(cli_help, devices_come_from_the_backends)
{
    /* A stand-in cuda plugin with its own help line: the help shows that line, so the text
     * comes from the backend, not from the CLI. */
    const char *dir = getenv("GI_TEST_FAKE_GPU_DIR");
    cr_assert(dir);
    char env_path[1024];
    snprintf(env_path, sizeof env_path, "GPUINTEG_PLUGIN_PATH=%s", dir);
    const char *env[] = {env_path, NULL};
    const char *args[] = {"--help", NULL};
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_eq(r->exit_code, 0);
    cr_assert(strstr(r->out, "    cuda[:D]        a stand-in GPU for tests"), "%s", r->out);
    cr_assert(strstr(r->out, "    serial          the reference backend, one thread"), "%s",
              r->out);
    cr_assert(strstr(r->out, "the first usable of: cuda (its GPUs),"), "%s", r->out);
    cr_assert(strstr(r->out, "exit codes: 0 ok"));
    free(r);

    /* The usage error for an unknown device lists the same syntax. */
    const char *bad[] = {"--device", "fpga", NULL};
    r = gi_cli_run(bad, env, 60);
    cr_assert_eq(r->exit_code, 2);
    cr_assert(strstr(r->err, "allowed: auto, serial, openmp, opencl, cuda[:D]"), "%s", r->err);
    free(r);
}
