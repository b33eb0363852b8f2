/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/cli_man.h — the man pages, made by the program itself from its option tables
 * (cli_options.h) and help texts (help_text.h), the same rows --help prints: the build runs
 * `gpuinteg --man-page [COMMAND] FILE` for gpuinteg(1), gpuinteg-gemm(1), gpuinteg-monitor(1)
 * and gpuinteg-devices(1), so a page cannot say other than the program's help.
 */
#ifndef GI_CLI_MAN_H
#define GI_CLI_MAN_H

#include <stddef.h>
#include <stdio.h>

#include "cli_options.h"

/* Writes the page of `command` (NULL: gpuinteg(1), the whole program; its options are those of
 * commands[0], the default command) in man(7) format to out. commands: every command, in the
 * help's order. Returns 0, or -1 when `command` is not one of them. */
int gi_cli_man_page(const gi_cli_command *const *commands, size_t n, const char *command,
                    FILE *out);

/* `gpuinteg --man-page [COMMAND] FILE`: writes the page to FILE (through a temporary file and a
 * rename, so a failed build leaves no half page). Returns the exit code. */
int gi_cli_man_main(const gi_cli_command *const *commands, size_t n, int argc, char **argv);

#endif /* GI_CLI_MAN_H */
