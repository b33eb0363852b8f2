/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The exit codes and environment of the program (help_text.h), for --help and the man pages.
 */
#include "help_text.h"

#include <string.h>

/* The contract with scripts and batch jobs (cli.h's GI_EXIT_*). */
const gi_cli_help_item gi_cli_exit_codes[] = {
    {"0", "ok"},
    {"1", "run-time failure"},
    {"2", "usage error"},
    {"3", "requested device unavailable"},
    {"4", "verification failed"},
};
const size_t gi_cli_exit_code_count = sizeof gi_cli_exit_codes / sizeof gi_cli_exit_codes[0];

const gi_cli_help_item gi_cli_environment[] = {
    {"GPUINTEG_PLUGIN_PATH", "folders of backend plugins, ':'-separated"},
    {"GPUINTEG_CGROUP_ROOT", "where the cgroup file system is read, default /sys/fs/cgroup"},
    {"GPUINTEG_POWERCAP_ROOT", "where the RAPL energy counters are read, default "
                               "/sys/class/powercap"},
    {"GPUINTEG_JOB_SOURCE", "cgroup, slurmstepd or sstat: how monitor measures a Slurm job"},
};
const size_t gi_cli_environment_count = sizeof gi_cli_environment / sizeof gi_cli_environment[0];

void gi_cli_help_print_footer(FILE *out)
{
    /* "exit codes: " then "CODE TEXT" items, wrapped under the first one within 92 columns. */
    const int indent = 12, width = 92;
    int col = fprintf(out, "exit codes: ");
    for (size_t i = 0; i < gi_cli_exit_code_count; i++) {
        int len = (int)(strlen(gi_cli_exit_codes[i].name) + 1 + strlen(gi_cli_exit_codes[i].text));
        if (i > 0 && col + 2 + len > width)
            col = fprintf(out, ",\n%*s", indent, "") - 2;
        else if (i > 0)
            col += fprintf(out, ", ");
        col += fprintf(out, "%s %s", gi_cli_exit_codes[i].name, gi_cli_exit_codes[i].text);
    }
    fputc('\n', out);
    for (size_t i = 0; i < gi_cli_environment_count; i++)
        fprintf(out, "%s%s (%s)\n", i == 0 ? "environment: " : "             ",
                gi_cli_environment[i].name, gi_cli_environment[i].text);
}
