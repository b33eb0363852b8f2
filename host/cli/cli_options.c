/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Option tables (cli_options.h): the one parser of every command, and the help made from the
 * same rows. The --device values come from the library's backends, each with its own address
 * syntax and help line.
 */
#include "cli_options.h"

#include <string.h>

static const gi_cli_option *find(const gi_cli_command *cmd, const gi_cli_args *a)
{
    for (size_t i = 0; i < cmd->noptions; i++)
        if (gi_cli_is(a, cmd->options[i].name, cmd->options[i].alt))
            return &cmd->options[i];
    return NULL;
}

static int store(const gi_cli_option *o, gi_cli_args *a, void *opts)
{
    void *field = (char *)opts + o->offset;
    if (o->kind == GI_OPT_FLAG) {
        *(int *)field = (int)o->min;
        return 1;
    }
    const char *v = gi_cli_value(a, o->what);
    if (!v)
        return 0;
    switch (o->kind) {
    case GI_OPT_STRING:
        if (!v[0]) {
            gi_cli_error("%s '' is empty; give %s", o->name, o->what);
            return 0;
        }
        *(const char **)field = v;
        return 1;
    case GI_OPT_INT:
        return gi_cli_parse_int(o->name, v, (int)o->min, (int)o->max, field);
    case GI_OPT_INT64:
        return gi_cli_parse_int64(o->name, v, o->min, o->max, field);
    case GI_OPT_CUSTOM:
        return o->parse(o->name, v, field);
    default:
        return 0;
    }
}

int gi_cli_options_parse(const gi_cli_command *cmd, int argc, char **argv, void *opts, int *rest,
                         int *help)
{
    gi_cli_args a = {.argc = argc, .argv = argv, .i = -1};
    if (rest)
        *rest = argc;
    while (gi_cli_next(&a)) {
        const char *arg = argv[a.i];
        if (help && !a.eq && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
            *help = 1;
            return 1;
        }
        if (rest && (strcmp(arg, "--") == 0 || arg[0] != '-')) {
            *rest = a.i + (strcmp(arg, "--") == 0);
            return 1;
        }
        const gi_cli_option *o = find(cmd, &a);
        /* A flag given a value ("--json=yes") is not that flag. */
        if (!o || (o->kind == GI_OPT_FLAG && a.eq)) {
            gi_cli_unknown(&a, cmd->name);
            return 0;
        }
        if (!store(o, &a, opts))
            return 0;
    }
    return 1;
}

/* "  NAME ARG" padded to the help column, then the help's lines. */
static void print_row(FILE *out, const char *left, const char *help)
{
    const int column = 20;
    int n = fprintf(out, "  %s", left);
    const char *line = help;
    for (;;) {
        size_t len = strcspn(line, "\n");
        if (n >= column) {
            fputc('\n', out);
            n = 0;
        }
        fprintf(out, "%*s%.*s\n", column - n, "", (int)len, line);
        n = 0;
        if (!line[len])
            break;
        line += len + 1;
    }
}

void gi_cli_options_print(const gi_cli_option *options, size_t n, FILE *out)
{
    for (size_t i = 0; i < n; i++) {
        const gi_cli_option *o = &options[i];
        if (o->hidden)
            continue;
        char left[96];
        snprintf(left, sizeof left, "%s%s%s%s%s", o->alt && o->alt[1] != '-' ? o->alt : "",
                 o->alt && o->alt[1] != '-' ? ", " : "", o->name, o->metavar ? " " : "",
                 o->metavar ? o->metavar : "");
        print_row(out, left, o->help);
        if (strcmp(o->name, "--device") == 0)
            gi_cli_options_print_devices(out);
    }
}

/* The library's backends, least preferred first (as "allowed:" lists them). */
typedef void (*backend_fn)(const gi_backend_info *b, void *arg);

static void each_backend(backend_fn fn, void *arg)
{
    gi_context *ctx = NULL;
    if (gi_context_create(&ctx) != GI_STATUS_OK)
        return;
    for (size_t i = gi_backend_count(ctx); i-- > 0;) {
        gi_backend_info b;
        if (gi_backend_get(ctx, i, &b) == GI_STATUS_OK)
            fn(&b, arg);
    }
    gi_context_destroy(ctx);
}

typedef struct words_arg {
    char *buf;
    size_t size;
    const char *separator;
} words_arg;

static void add_word(const gi_backend_info *b, void *arg)
{
    words_arg *w = arg;
    size_t used = strlen(w->buf);
    snprintf(w->buf + used, w->size - used, "%s%s%s", w->separator, b->name, b->address);
}

void gi_cli_options_device_words(char *buf, size_t size, const char *separator)
{
    snprintf(buf, size, "auto");
    words_arg w = {buf, size, separator};
    each_backend(add_word, &w);
}

static void print_backend(const gi_backend_info *b, void *arg)
{
    FILE *out = arg;
    char left[96], help[600];
    snprintf(left, sizeof left, "  %s%s", b->name, b->address);
    if (b->loaded)
        snprintf(help, sizeof help, "%s", b->help);
    else
        snprintf(help, sizeof help, "(cannot be used here: %.500s)", b->reason);
    print_row(out, left, help);
}

typedef struct auto_arg {
    char order[256];
} auto_arg;

static void add_auto(const gi_backend_info *b, void *arg)
{
    auto_arg *a = arg;
    if (!b->auto_candidate)
        return;
    char item[96];
    snprintf(item, sizeof item, "%s%s", b->name, b->gpu_only_for_auto ? " (its GPUs)" : "");
    /* each_backend walks least preferred first: prepend, so the order reads as auto's. */
    size_t item_len = strlen(item), old = strlen(a->order), sep = old ? 2 : 0;
    if (item_len + sep + old + 1 > sizeof a->order)
        return;
    memmove(a->order + item_len + sep, a->order, old + 1);
    memcpy(a->order, item, item_len);
    if (sep)
        memcpy(a->order + item_len, ", ", 2);
}

void gi_cli_options_print_devices(FILE *out)
{
    auto_arg a = {""};
    each_backend(add_auto, &a);
    char help[320];
    snprintf(help, sizeof help, "the first usable of: %s", a.order);
    print_row(out, "  auto", help);
    each_backend(print_backend, out);
}

void gi_cli_options_help(const gi_cli_command *cmd, FILE *out)
{
    fprintf(out, "usage: gpuinteg %s\n\n", cmd->synopsis);
    if (cmd->description)
        fprintf(out, "%s\n", cmd->description);
    if (cmd->noptions) {
        fputs("\noptions:\n", out);
        gi_cli_options_print(cmd->options, cmd->noptions, out);
    }
    fputs("  -h, --help        this text\n", out);
}

int gi_cli_opt_report(const char *opt, const char *value, void *field)
{
    if (!value[0]) {
        gi_cli_error("%s '' is empty; give a file ending in .html, .json or .csv", opt);
        return 0;
    }
    *(const char **)field = value;
    return 1;
}
