/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/help_text.h — the parts of the program's help that are not an option table: the exit
 * codes and the environment. --help prints them and the man pages (cli_man.h) are made from the
 * same rows, so the two cannot disagree.
 */
#ifndef GI_CLI_HELP_TEXT_H
#define GI_CLI_HELP_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* One entry: a name (an exit code, a variable) and what it means. */
typedef struct gi_cli_help_item {
    const char *name;
    const char *text;
} gi_cli_help_item;

extern const gi_cli_help_item gi_cli_exit_codes[];
extern const size_t gi_cli_exit_code_count;
extern const gi_cli_help_item gi_cli_environment[];
extern const size_t gi_cli_environment_count;

/* Prints "exit codes: 0 ok, 1 …" and "environment: NAME (text)" lines, as --help ends. */
void gi_cli_help_print_footer(FILE *out);

#endif /* GI_CLI_HELP_TEXT_H */
