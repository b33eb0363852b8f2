/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every bad input through the real binary: exit 2, exactly one line on stderr that names the
 * bad value and what is allowed, nothing on stdout, no crash, no hang.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"

typedef struct bad_case {
    const char *args[6];
    const char *want; /* text the one stderr line must contain */
} bad_case;

static const bad_case cases[] = {
    {{"-n", "0"}, "-n 0 is out of range; allowed: 1 to 1000000000"},
    {{"-n", "-5"}, "-n -5 is out of range; allowed: 1 to 1000000000"},
    {{"-n", "abc"}, "-n 'abc' is not a whole number; allowed: 1 to 1000000000"},
    {{"-n", "1e3x"}, "-n '1e3x' is not a whole number"},
    {{"-n", "1e3"}, "-n '1e3' is not a whole number"},
    {{"-n", "99999999999999"}, "-n 99999999999999 is out of range; allowed: 1 to 1000000000"},
    {{"-n", "99999999999999999999999"}, "is out of range; allowed: 1 to 1000000000"},
    {{"-n", ""}, "-n '' is not a whole number"},
    {{"--nx", "0"}, "--nx 0 is out of range"},
    {{"--threads", "0"}, "--threads 0 is out of range; allowed: 1 to 4096"},
    {{"--threads", "many"}, "--threads 'many' is not a whole number; allowed: 1 to 4096"},
    {{"--bounds", "1,2,3"}, "--bounds '1,2,3' has 3 numbers; give four: X0,X1,Y0,Y1"},
    {{"--bounds", "1,2,3,4,5"}, "--bounds '1,2,3,4,5' has 5 numbers"},
    {{"--bounds", "3,1,0,1"}, "X0 = 3 must be less than X1 = 1"},
    {{"--bounds", "0,1,1,1"}, "Y0 = 1 must be less than Y1 = 1"},
    {{"--bounds", "nan,1,0,1"}, "X0 'nan' is not a finite number"},
    {{"--bounds", "0,inf,0,1"}, "X1 'inf' is not a finite number"},
    {{"--bounds", "0,1e999,0,1"}, "X1 '1e999' is not a finite number"},
    {{"--bounds", "0,,0,1"}, "X1 is empty"},
    {{"--device", "fpga"}, "device 'fpga' is not known; allowed: auto, serial, openmp"},
    {{"--device", "openmp:7"}, "device 'openmp:7': openmp takes no index"},
    {{"--device", "cuda:x"}, "'x' is not an index"},
    {{"--repeat", "0"}, "--repeat 0 is out of range; allowed: 1 to 1000000"},
    {{"--frobnicate"}, "unknown option '--frobnicate'"},
    {{"integrate", "extra"}, "unexpected argument 'extra'"},
    {{"-n"}, "option -n needs a value"},
    {{"--bounds"}, "option --bounds needs a value"},
    {{"--device"}, "option --device needs a value"},
    {{"--threads=x"}, "--threads 'x' is not a whole number"},
    {{"--json=yes"}, "unknown option '--json=yes'"},
    {{"fly"}, "unknown command 'fly'"},
    {{"devices", "--all"}, "unknown option '--all' for 'devices'"},
    {{"monitor", "--live", "0", "--", "true"}, "--live 0 is out of range; allowed: 1 to 86400"},
    {{"monitor", "--live", "-3", "--", "true"}, "--live -3 is out of range; allowed: 1 to 86400"},
    {{"monitor", "--live", "5", "--", "true"},
     "--live 5 rewrites the report while the job runs: "
     "give --report FILE too"},
    {{"monitor", "--job"}, "--job watches the Slurm job it runs in, but SLURM_JOB_ID is not set"},
    {{"monitor", "--report", "/nonexistent/r.html", "--", "true"},
     "--report '/nonexistent/r.html': cannot create a file in '/nonexistent'"},
    {{"monitor", "--report", "r%q.html", "--", "true"}, "unknown placeholder '%q'; allowed: %j"},
    {{"monitor", "--report", "r-%j.html", "--", "true"},
     "%j is the Slurm job id, but this is not inside a Slurm job"},
};

Test(cli_bad_input, each_gets_one_line_and_exit_2)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bad_case *c = &cases[i];
        gi_cli_result *r = gi_cli_run(c->args, NULL, 60);
        char shown[256] = "";
        for (int k = 0; c->args[k]; k++) {
            strncat(shown, c->args[k], sizeof shown - strlen(shown) - 2);
            strcat(shown, " ");
        }
        cr_assert_not(r->timed_out, "gpuinteg %s hung", shown);
        cr_assert_eq(r->exit_code, 2, "gpuinteg %s: exit %d, stderr '%s'", shown, r->exit_code,
                     r->err);
        cr_assert_eq(gi_count_lines(r->err), 1, "gpuinteg %s: stderr must be one line: '%s'", shown,
                     r->err);
        cr_assert(strncmp(r->err, "gpuinteg: ", 10) == 0, "gpuinteg %s: '%s'", shown, r->err);
        cr_assert(strstr(r->err, c->want), "gpuinteg %s: '%s' lacks '%s'", shown, r->err, c->want);
        cr_assert_str_empty(r->out, "gpuinteg %s printed on stdout: '%s'", shown, r->out);
        free(r);
    }
}

Test(cli_bad_input, unavailable_device_exits_3)
{
    /* A backend with no usable device here, asked for explicitly: exit 3 with the reason. */
    const char *env[] = {"GPUINTEG_PLUGIN_PATH=/nonexistent", NULL};
    const char *args[] = {"--device", "cuda", NULL};
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_eq(r->exit_code, 3, "exit %d: %s", r->exit_code, r->err);
    cr_assert_eq(gi_count_lines(r->err), 1);
    cr_assert(strstr(r->err, "device 'cuda': cuda is unavailable: "), "got '%s'", r->err);
    cr_assert_str_empty(r->out);
    free(r);
}
