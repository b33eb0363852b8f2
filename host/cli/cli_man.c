/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The man pages (cli_man.h): the commands' synopses, descriptions and option rows, the backends'
 * --device help, the exit codes and environment, written as man(7) source.
 */
#include "cli_man.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "help_text.h"

/* One character for roff: '\' as \e, '-' as \- (so options copy as typed). */
static void escaped(FILE *out, char c)
{
    if (c == '\\')
        fputs("\\e", out);
    else if (c == '-')
        fputs("\\-", out);
    else
        fputc(c, out);
}

/* Text with roff's special characters made plain: '\' as \e, '-' as \- (so options copy as
 * typed), and a line never starting with '.' or '\''. Runs of white space (the help's column
 * layout, its line breaks) become one space: roff fills the paragraph itself. */
static void text(FILE *out, const char *s)
{
    int space = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t') {
            space = 1;
            continue;
        }
        if (space)
            fputc(' ', out);
        space = 0;
        escaped(out, *s);
    }
}

/* Text kept as laid out (the --device list's columns): only '\' and '-' change. */
static void literal(FILE *out, const char *s)
{
    for (; *s; s++)
        escaped(out, *s);
}

/* A line of text: leading '.' or '\'' would be read as a request. */
static void line(FILE *out, const char *s)
{
    while (*s == ' ' || *s == '\n')
        s++;
    if (*s == '.' || *s == '\'')
        fputs("\\&", out);
    text(out, s);
    fputc('\n', out);
}

/* A command's description without its leading name column ("gemm       C = …"). */
static const char *description_body(const gi_cli_command *c)
{
    const char *d = c->description;
    size_t len = strlen(c->name);
    if (strncmp(d, c->name, len) == 0 && d[len] == ' ')
        d += len;
    return d;
}

/* The one-line summary for NAME: the description up to its first "; " or ". ". */
static void summary(FILE *out, const gi_cli_command *c)
{
    const char *d = description_body(c);
    while (*d == ' ')
        d++;
    size_t n = strlen(d);
    const char *semi = strstr(d, "; "), *stop = strstr(d, ". ");
    if (semi && (size_t)(semi - d) < n)
        n = (size_t)(semi - d);
    if (stop && (size_t)(stop - d) < n)
        n = (size_t)(stop - d);
    if (n > 0 && d[n - 1] == '.')
        n--;
    char *copy = strndup(d, n);
    if (copy) {
        text(out, copy);
        free(copy);
    }
}

static void synopsis(FILE *out, const gi_cli_command *c)
{
    fputs(".B gpuinteg\n", out);
    line(out, c->synopsis);
    fputs(".br\n", out);
}

static void option_rows(FILE *out, const gi_cli_option *options, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const gi_cli_option *o = &options[i];
        if (o->hidden)
            continue;
        fputs(".TP\n.B ", out);
        /* As --help shows a row: a short spelling first, a long alias not at all. */
        if (o->alt && o->alt[1] != '-') {
            text(out, o->alt);
            fputs(", ", out);
        }
        text(out, o->name);
        if (o->metavar) {
            fputs(" \\fI", out);
            text(out, o->metavar);
            fputs("\\fR", out);
        }
        fputc('\n', out);
        line(out, o->help);
        if (strcmp(o->name, "--device") == 0) {
            /* The same list --help prints: auto, then each backend with its address syntax. */
            char *list = NULL;
            size_t size = 0;
            FILE *mem = open_memstream(&list, &size);
            if (mem) {
                gi_cli_options_print_devices(mem);
                fclose(mem);
                fputs(".RS\n.nf\n", out);
                for (char *l = list; l && *l;) {
                    char *end = strchr(l, '\n');
                    if (end)
                        *end = '\0';
                    fputs("\\&", out);
                    literal(out, l);
                    fputc('\n', out);
                    l = end ? end + 1 : l + strlen(l);
                }
                fputs(".fi\n.RE\n", out);
            }
            free(list);
        }
    }
    fputs(".TP\n.BR \\-h \", \" \\-\\-help\nthis text, as a summary\n", out);
}

static void footer(FILE *out, const gi_cli_command *const *commands, size_t n, const char *command)
{
    fputs(".SH EXIT STATUS\n", out);
    for (size_t i = 0; i < gi_cli_exit_code_count; i++) {
        fprintf(out, ".TP\n.B %s\n", gi_cli_exit_codes[i].name);
        line(out, gi_cli_exit_codes[i].text);
    }
    fputs(".SH ENVIRONMENT\n", out);
    for (size_t i = 0; i < gi_cli_environment_count; i++) {
        fputs(".TP\n.B ", out);
        text(out, gi_cli_environment[i].name);
        fputc('\n', out);
        line(out, gi_cli_environment[i].text);
    }
    fputs(".SH SEE ALSO\n", out);
    int first = 1;
    if (command) {
        fputs(".BR gpuinteg (1)", out);
        first = 0;
    }
    for (size_t i = 1; i < n; i++) {
        if (command && strcmp(command, commands[i]->name) == 0)
            continue;
        fprintf(out, "%s\n.BR gpuinteg\\-%s (1)", first ? "" : ",", commands[i]->name);
        first = 0;
    }
    fputs(",\n.BR mpirun (1),\n.BR srun (1)\n", out);
    fputs("and `gpuinteg \\-\\-version` for what this installation was built with.\n", out);
}

int gi_cli_man_page(const gi_cli_command *const *commands, size_t n, const char *command, FILE *out)
{
    const gi_cli_command *c = NULL;
    for (size_t i = 1; command && i < n; i++)
        if (strcmp(command, commands[i]->name) == 0)
            c = commands[i];
    if (command && !c)
        return -1;

    fprintf(out,
            ".\\\" Made by `gpuinteg --man-page%s%s` from the program's own help: do not edit.\n",
            command ? " " : "", command ? command : "");
    /* Upper case in .TH, as man pages title themselves; no date, so a rebuild is identical. */
    char title[64];
    snprintf(title, sizeof title, "%s", command ? command : "");
    for (char *t = title; *t; t++)
        *t = (char)(*t >= 'a' && *t <= 'z' ? *t - 'a' + 'A' : *t);
    fprintf(out, ".TH GPUINTEG%s%s 1 \"\" \"gpuinteg %s\" \"User Commands\"\n",
            command ? "\\-" : "", title, gi_version_string());
    /* No hyphenation, left-adjusted: the option help reads as --help prints it. */
    fputs(".nh\n.ad l\n.SH NAME\n", out);
    if (c) {
        fprintf(out, "gpuinteg\\-%s \\- ", c->name);
        summary(out, c);
        fputs("\n.SH SYNOPSIS\n", out);
        synopsis(out, c);
        fputs(".SH DESCRIPTION\n", out);
        line(out, description_body(c));
        if (c->noptions) {
            fputs(".SH OPTIONS\n", out);
            option_rows(out, c->options, c->noptions);
        }
    } else {
        fputs("gpuinteg \\- midpoint integration and DGEMM on CUDA, OpenCL, OpenMP and serial "
              "backends, with a report of the CPUs and GPUs a run used\n",
              out);
        fputs(".SH SYNOPSIS\n", out);
        for (size_t i = 0; i < n; i++)
            synopsis(out, commands[i]);
        fputs(".B gpuinteg\n\\-\\-help | \\-\\-version [\\-\\-json]\n", out);
        fputs(".SH DESCRIPTION\n", out);
        for (size_t i = 0; i < n; i++) {
            fprintf(out, ".TP\n.B %s\n", commands[i]->name);
            line(out, description_body(commands[i]));
        }
        fprintf(out, ".SH OPTIONS\nThe options of %s, the default command:\n", commands[0]->name);
        option_rows(out, commands[0]->options, commands[0]->noptions);
        fputs(".TP\n.BR \\-\\-version \" [\" \\-\\-json ]\n"
              "version, commit, build type, compiler, each backend built or left out and why, "
              "and what this node offers: BLAS, CUDA driver, OpenCL platforms\n",
              out);
    }
    footer(out, commands, n, command);
    return ferror(out) ? -1 : 0;
}

int gi_cli_man_main(const gi_cli_command *const *commands, size_t n, int argc, char **argv)
{
    if (argc < 1 || argc > 2) {
        gi_cli_error("--man-page needs [COMMAND] FILE");
        return GI_EXIT_USAGE;
    }
    const char *command = argc == 2 && argv[0][0] ? argv[0] : NULL, *path = argv[argc - 1];
    size_t len = strlen(path);
    char *tmp = malloc(len + 8);
    if (!tmp)
        return GI_EXIT_RUNTIME;
    snprintf(tmp, len + 8, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd >= 0)
        fchmod(fd, 0644); /* as any installed page, not mkstemp's 0600 */
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
        gi_cli_error("cannot write %s: %s", tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(tmp);
        return GI_EXIT_RUNTIME;
    }
    int rc = gi_cli_man_page(commands, n, command, out);
    if (fclose(out) != 0 || rc != 0 || rename(tmp, path) != 0) {
        if (rc != 0 && command)
            gi_cli_error("--man-page: unknown command '%s'", command);
        else
            gi_cli_error("cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return rc != 0 && command ? GI_EXIT_USAGE : GI_EXIT_RUNTIME;
    }
    free(tmp);
    return GI_EXIT_OK;
}
