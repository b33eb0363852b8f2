/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Argument parsing for the gpuinteg program. Every bad value gets exactly one line naming the
 * option, the value and what is allowed; the caller then exits with GI_EXIT_USAGE.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int errors_muted;

void gi_cli_mute_errors(int mute)
{
    errors_muted = mute;
}

void gi_cli_error(const char *fmt, ...)
{
    if (errors_muted)
        return;
    /* One write for the whole line: stderr is unbuffered, and under mpiexec another process's
     * output could otherwise land in the middle of it. */
    char text[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    /* The message echoes user text (values, paths, environment): control characters are
     * written as escapes, so it stays one line and cannot drive the terminal. */
    char line[4 * sizeof text + 16];
    size_t len = (size_t)snprintf(line, sizeof line, "gpuinteg: ");
    static const char hex[] = "0123456789abcdef";
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p >= 0x20 && *p != 0x7f) {
            line[len++] = (char)*p;
        } else if (*p == '\n' || *p == '\t' || *p == '\r') {
            line[len++] = '\\';
            line[len++] = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r';
        } else {
            line[len++] = '\\';
            line[len++] = 'x';
            line[len++] = hex[*p >> 4];
            line[len++] = hex[*p & 15];
        }
    }
    line[len++] = '\n';
    fwrite(line, 1, len, stderr);
}

int gi_cli_exit_code(gi_status st)
{
    if (st == GI_STATUS_OK)
        return GI_EXIT_OK;
    if (st < 300)
        return GI_EXIT_USAGE;
    if (st < 400)
        return GI_EXIT_UNAVAILABLE;
    if (st < 500)
        return GI_EXIT_RUNTIME;
    return GI_EXIT_VERIFY;
}

int gi_cli_next(gi_cli_args *a)
{
    a->i++;
    if (a->i >= a->argc)
        return 0;
    const char *arg = a->argv[a->i];
    const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    if (len >= sizeof a->name)
        len = sizeof a->name - 1;
    memcpy(a->name, arg, len);
    a->name[len] = '\0';
    a->eq = eq ? eq + 1 : NULL;
    return 1;
}

int gi_cli_is(const gi_cli_args *a, const char *name, const char *alt)
{
    return strcmp(a->name, name) == 0 || (alt && strcmp(a->name, alt) == 0);
}

const char *gi_cli_value(gi_cli_args *a, const char *what)
{
    if (a->eq)
        return a->eq;
    if (a->i + 1 >= a->argc) {
        gi_cli_error("option %s needs a value (%s)", a->name, what);
        return NULL;
    }
    return a->argv[++a->i];
}

int gi_cli_parse_int64(const char *opt, const char *text, int64_t min, int64_t max, int64_t *out)
{
    const char *p = text;
    while (*p == ' ')
        p++;
    int digits = *p == '-' || *p == '+' ? p[1] >= '0' && p[1] <= '9' : *p >= '0' && *p <= '9';
    errno = 0;
    char *end = NULL;
    long long v = digits ? strtoll(p, &end, 10) : 0;
    if (!digits || *end != '\0') {
        gi_cli_error("%s '%s' is not a whole number; allowed: %lld to %lld", opt, text,
                     (long long)min, (long long)max);
        return 0;
    }
    if (errno == ERANGE || v < min || v > max) {
        gi_cli_error("%s %s is out of range; allowed: %lld to %lld", opt, text, (long long)min,
                     (long long)max);
        return 0;
    }
    *out = v;
    return 1;
}

int gi_cli_parse_int(const char *opt, const char *text, int min, int max, int *out)
{
    int64_t v;
    if (!gi_cli_parse_int64(opt, text, min, max, &v))
        return 0;
    *out = (int)v;
    return 1;
}

int gi_cli_parse_bounds(const char *opt, const char *text, double out[4])
{
    static const char *names[4] = {"X0", "X1", "Y0", "Y1"};
    const char *p = text;
    int n = 0;
    for (;;) {
        size_t len = strcspn(p, ",");
        if (n < 4) {
            char item[64];
            if (len == 0 || len >= sizeof item) {
                gi_cli_error("%s '%s': %s is %s; give four numbers X0,X1,Y0,Y1", opt, text,
                             names[n], len == 0 ? "empty" : "too long");
                return 0;
            }
            memcpy(item, p, len);
            item[len] = '\0';
            char *end = NULL;
            errno = 0;
            double v = strtod(item, &end);
            if (*end != '\0' || end == item || !isfinite(v) || errno == ERANGE) {
                gi_cli_error("%s '%s': %s '%s' is not a finite number; give four numbers "
                             "X0,X1,Y0,Y1",
                             opt, text, names[n], item);
                return 0;
            }
            out[n] = v;
        }
        n++;
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    if (n != 4) {
        gi_cli_error("%s '%s' has %d number%s; give four: X0,X1,Y0,Y1", opt, text, n,
                     n == 1 ? "" : "s");
        return 0;
    }
    for (int axis = 0; axis < 2; axis++) {
        if (!(out[2 * axis] < out[2 * axis + 1])) {
            gi_cli_error("%s '%s': %s = %g must be less than %s = %g (reversed or empty "
                         "intervals are not accepted)",
                         opt, text, names[2 * axis], out[2 * axis], names[2 * axis + 1],
                         out[2 * axis + 1]);
            return 0;
        }
        if (!isfinite(out[2 * axis + 1] - out[2 * axis])) {
            gi_cli_error("%s '%s': %s - %s = %g - %g is past the largest double; give a "
                         "narrower interval",
                         opt, text, names[2 * axis + 1], names[2 * axis], out[2 * axis + 1],
                         out[2 * axis]);
            return 0;
        }
    }
    /* The integrand is sin(x + y) and the cells' weight the area: both must be finite too. */
    double mx = fmax(fabs(out[0]), fabs(out[1])), my = fmax(fabs(out[2]), fabs(out[3]));
    if (!isfinite(mx + my)) {
        gi_cli_error("%s '%s': x + y reaches %g + %g, past the largest double; give smaller "
                     "bounds",
                     opt, text, mx, my);
        return 0;
    }
    double wx = out[1] - out[0], wy = out[3] - out[2];
    if (!isfinite(wx * wy)) {
        gi_cli_error("%s '%s': the area (X1 - X0) x (Y1 - Y0) = %g x %g is past the largest "
                     "double; give narrower intervals",
                     opt, text, wx, wy);
        return 0;
    }
    return 1;
}

int gi_cli_unknown(const gi_cli_args *a, const char *command)
{
    const char *arg = a->argv[a->i];
    if (arg[0] == '-')
        gi_cli_error("unknown option '%s' for '%s'; see gpuinteg --help", arg, command);
    else
        gi_cli_error("unexpected argument '%s' for '%s'; see gpuinteg --help", arg, command);
    return GI_EXIT_USAGE;
}

void gi_cli_json_double(char *buf, size_t size, double v)
{
    if (isfinite(v))
        snprintf(buf, size, "%.17g", v);
    else
        snprintf(buf, size, "null");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void gi_cli_best_median(double *times, int n, double *best, double *median)
{
    if (n <= 0) {
        *best = *median = 0.0;
        return;
    }
    qsort(times, (size_t)n, sizeof *times, cmp_double);
    *best = times[0];
    *median = 0.5 * (times[(n - 1) / 2] + times[n / 2]);
}
