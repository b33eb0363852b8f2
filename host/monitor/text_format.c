/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Byte sizes and durations in the words people read, and strings made safe for HTML and JSON.
 */
#include "monitor/text_format.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

char *gi_fmt_bytes(char *buf, size_t size, double bytes)
{
    static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    size_t u = 0;
    double v = bytes > 0 ? bytes : 0;
    while (v >= 1024.0 && u + 1 < sizeof units / sizeof units[0]) {
        v /= 1024.0;
        u++;
    }
    /* One decimal only where it carries information: 1.2 GiB, but 312 MiB. The rounding is
     * checked first so that 9.96 GiB prints as "10 GiB", not "10.0 GiB". */
    if (u > 0 && v < 9.95)
        snprintf(buf, size, "%.1f %s", v, units[u]);
    else
        snprintf(buf, size, "%.0f %s", v, units[u]);
    return buf;
}

char *gi_fmt_duration(char *buf, size_t size, double s)
{
    if (!isfinite(s) || s < 0)
        s = 0;
    if (s < 1e-4)
        snprintf(buf, size, "%.1f us", s * 1e6);
    else if (s < 1.0)
        snprintf(buf, size, "%.3g ms", s * 1e3);
    else if (s < 60.0)
        snprintf(buf, size, "%.2f s", s);
    else if (s < 3600.0)
        snprintf(buf, size, "%d min %02d s", (int)(s / 60), (int)fmod(s, 60.0));
    else
        snprintf(buf, size, "%d h %02d min", (int)(s / 3600), (int)fmod(s / 60.0, 60.0));
    return buf;
}

/* Length of the valid UTF-8 sequence at p (1–4), or 0 if it is not one. */
static size_t utf8_valid_len(const unsigned char *p)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned cp = c & (0x7F >> n);
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF are not valid UTF-8. */
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    /* Noncharacters and C1 controls are parse errors for HTML readers. */
    if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return 0;
    return n;
}

char *gi_utf8_clean_dup(const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    /* Each bad byte becomes the 3-byte U+FFFD. */
    char *out = malloc(3 * len + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    char *o = out;
    while (*p) {
        size_t n = utf8_valid_len(p);
        if (n == 1 && (*p < 0x20 || *p == 0x7F) && *p != '\t')
            n = 0;
        if (n == 0) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            p++;
        } else {
            memcpy(o, p, n);
            o += n;
            p += n;
        }
    }
    *o = '\0';
    return out;
}

void gi_html_escape(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

const char *gi_plural(double n)
{
    return n == 1.0 ? "" : "s";
}

const char *gi_signal_name(int signo, char *buf, size_t size)
{
    static const struct {
        int signo;
        const char *name;
    } names[] = {{SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"},
                 {SIGABRT, "SIGABRT"}, {SIGKILL, "SIGKILL"}, {SIGSEGV, "SIGSEGV"},
                 {SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"},
                 {SIGUSR1, "SIGUSR1"}, {SIGUSR2, "SIGUSR2"}, {SIGXCPU, "SIGXCPU"},
                 {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},   {SIGILL, "SIGILL"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].signo == signo)
            return names[i].name;
    snprintf(buf, size, "signal %d", signo);
    return buf;
}
