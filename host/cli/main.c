/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg: the command-line program. Chooses the subcommand; everything else lives in the
 * cmd_*.c files. The help is made from the commands' option tables and the library's backends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "cli_man.h"
#include "cli_options.h"
#include "cli_signals.h"
#include "gemm_cmd.h"
#include "help_text.h"
#include "integrate_cmd.h"

extern const gi_cli_command gi_cli_devices_command;
extern const gi_cli_command gi_cli_monitor_command;

static const gi_cli_command *const commands[] = {
    &gi_cli_integrate_command,
    &gi_cli_gemm_command,
    &gi_cli_devices_command,
    &gi_cli_monitor_command,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_help(FILE *out)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "%s gpuinteg %s\n", i == 0 ? "usage:" : "      ", commands[i]->synopsis);
    fputs("       gpuinteg --help | --version [--json]\n\n", out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "%s\n", commands[i]->description);
    fputs("\noptions of integrate (gpuinteg COMMAND --help: those of COMMAND):\n", out);
    gi_cli_options_print(gi_cli_integrate_command.options, gi_cli_integrate_command.noptions, out);
    fputc('\n', out);
    gi_cli_help_print_footer(out);
}

static int run(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        print_help(stdout);
        return GI_EXIT_OK;
    }
    /* The build makes the man pages with this (host/cli/CMakeLists.txt); not in --help. */
    if (argc >= 2 && strcmp(argv[1], "--man-page") == 0)
        return gi_cli_man_main(commands, NCOMMANDS, argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "--version") == 0)
        return gi_cmd_version(argc - 2, argv + 2);
    if (argc >= 2 && argv[1][0] != '-') {
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (strcmp(argv[1], commands[i]->name) == 0)
                return commands[i]->run(argc - 2, argv + 2);
        char names[128] = "";
        for (size_t i = 0; i < NCOMMANDS; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                     commands[i]->name);
        gi_cli_error("unknown command '%s'; allowed: %s (see gpuinteg --help)", argv[1], names);
        return GI_EXIT_USAGE;
    }
    return gi_cmd_integrate(argc - 1, argv + 1);
}

/* The exit code main returns; 1 for an exit from inside a library (libgomp's "Thread creation
 * failed" calls exit(1)). */
static int exit_code = GI_EXIT_RUNTIME;

/* Under an address-space limit (ulimit -v) OpenBLAS's worker threads can be stuck for ever
 * retrying the buffer they allocate when the library loads, and its exit handler (a library
 * destructor, run after this) joins them: under such a limit the rest of the exit is skipped.
 * (Sanitizer builds, which check leaks at exit, cannot run under such a limit anyway.) */
static void end_under_address_limit(void)
{
    struct rlimit as;
    if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) {
        fflush(NULL);
        _exit(exit_code);
    }
}

int main(int argc, char **argv)
{
    atexit(end_under_address_limit);
    exit_code = run(argc, argv);
    /* Everything is printed and written: a signal from now on ends the process. */
    gi_cli_signals_release();
    return exit_code;
}
