/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/text_buffer.h — a growing string written with printf formats: the monitor's text
 * summary and the C source made from an expression.
 */
#ifndef GI_UTIL_TEXT_BUFFER_H
#define GI_UTIL_TEXT_BUFFER_H

#include <stddef.h>

/* Start from {0} (or with s malloc'd and cap its size); s is NUL-terminated after each
 * successful append, and the caller frees it. Once an append fails (out of memory, or a format
 * vsnprintf cannot write) `failed` is set and later appends do nothing. */
typedef struct gi_text_buffer {
    char *s;
    size_t len, cap;
    int failed;
} gi_text_buffer;

/* Appends the formatted text. */
void gi_text_buffer_printf(gi_text_buffer *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* GI_UTIL_TEXT_BUFFER_H */
