/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * OMP_NUM_THREADS checked before any library starts. libgomp reads it when it is loaded, before
 * main, and prints its own "libgomp: Invalid value ..." line for a bad one, then goes on with its
 * default: a second, unescaped stderr line and a run the user did not ask for. A function in the
 * program's .preinit_array runs before every shared library's initialiser, so the bad value gets
 * the program's one line and exit 2 instead. The check accepts what libgomp accepts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* One list item: blanks, an optional '+', digits with a value ≥ 1 that fits, blanks. */
static const char *item(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '+')
        p++;
    if (*p < '0' || *p > '9')
        return NULL;
    errno = 0;
    char *end;
    unsigned long v = strtoul(p, &end, 10);
    if (errno == ERANGE || v == 0)
        return NULL;
    p = end;
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static int valid(const char *v)
{
    for (const char *p = v;;) {
        if (!(p = item(p)))
            return 0;
        if (*p == '\0')
            return 1;
        if (*p++ != ',')
            return 0;
    }
}

/* Only write(2): nothing of the C library's stdio has been set up for us to rely on here. */
static void put(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static void check_omp_num_threads(int argc, char **argv, char **envp)
{
    (void)argc;
    (void)argv;
    static const char name[] = "OMP_NUM_THREADS=";
    for (char **e = envp; e && *e; e++) {
        if (strncmp(*e, name, sizeof name - 1) != 0)
            continue;
        const char *v = *e + sizeof name - 1;
        if (valid(v))
            return;
        char line[512];
        size_t len = 0;
        static const char head[] = "gpuinteg: OMP_NUM_THREADS '";
        memcpy(line, head, sizeof head - 1);
        len = sizeof head - 1;
        static const char hex[] = "0123456789abcdef";
        for (const unsigned char *c = (const unsigned char *)v; *c && len < 200; c++) {
            if (*c >= 0x20 && *c != 0x7f) {
                line[len++] = (char)*c;
            } else {
                line[len++] = '\\';
                line[len++] = 'x';
                line[len++] = hex[*c >> 4];
                line[len++] = hex[*c & 15];
            }
        }
        static const char tail[] = "' is not a number of threads; allowed: 1 to 4096, or a "
                                   "comma-separated list of such numbers (OpenMP's levels)\n";
        memcpy(line + len, tail, sizeof tail - 1);
        len += sizeof tail - 1;
        put(line, len);
        _exit(GI_EXIT_USAGE);
    }
}

__attribute__((section(".preinit_array"),
               used)) static void (*const preinit)(int, char **, char **) = check_omp_num_threads;
