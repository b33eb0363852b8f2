/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/text_format.h — how the reports write figures and strings: byte sizes, HTML
 * escaping, and clean UTF-8 for anything that came from outside (command lines, GPU names).
 */
#ifndef GI_MONITOR_TEXT_FORMAT_H
#define GI_MONITOR_TEXT_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Writes bytes as "312 MiB", "1.2 GiB", "80 GiB" (binary units; one decimal below 10) into
 * buf. Returns buf. */
char *gi_fmt_bytes(char *buf, size_t size, double bytes);

/* Writes a duration as "0.27 ms", "1.23 s", "2 min 5 s", "1 h 02 min" into buf. Returns buf. */
char *gi_fmt_duration(char *buf, size_t size, double seconds);

/* Returns a malloc'd copy of s in which invalid UTF-8 and control characters other than tab
 * are replaced by U+FFFD (so that HTML and JSON readers accept it); NULL when out of memory.
 * The caller frees it. */
char *gi_utf8_clean_dup(const char *s);

/* Writes s to f with & < > " ' escaped for HTML text and attribute values. s must already be
 * clean UTF-8 (gi_utf8_clean_dup). */
void gi_html_escape(FILE *f, const char *s);

/* "" when n is 1, else "s": "1 CPU", "2 CPUs", "0.5 cores". */
const char *gi_plural(double n);

/* "SIGTERM", "SIGINT", … for the usual signals; "signal N" otherwise (into buf). */
const char *gi_signal_name(int signo, char *buf, size_t size);

#endif /* GI_MONITOR_TEXT_FORMAT_H */
