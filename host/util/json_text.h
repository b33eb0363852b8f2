/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/json_text.h — a small JSON text written into a fixed buffer: what a plugin (which
 * does not link cJSON) hands the core for `gpuinteg --version`. Strings are escaped as JSON
 * requires; a text past the buffer is cut (the reader then finds it invalid and says so).
 */
#ifndef GI_UTIL_JSON_TEXT_H
#define GI_UTIL_JSON_TEXT_H

#include <stddef.h>

#define GI_JSON_DEPTH 8

typedef struct gi_json_text {
    char *buf;
    size_t size, len;
    int depth;
    int members[GI_JSON_DEPTH]; /* written so far at each open level */
} gi_json_text;

/* Starts writing into buf (size ≥ 1); buf is always NUL-terminated. */
void gi_json_init(gi_json_text *j, char *buf, size_t size);

/* Opens an object ('{') or array ('['), as member `key` of the enclosing object (key NULL in an
 * array or at the top), and closes it (the matching bracket). */
void gi_json_open(gi_json_text *j, const char *key, char bracket);
void gi_json_close(gi_json_text *j, char bracket);

/* A string member (value NULL: null); key NULL in an array. */
void gi_json_string(gi_json_text *j, const char *key, const char *value);

#endif /* GI_UTIL_JSON_TEXT_H */
