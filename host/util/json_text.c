/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small JSON text in a fixed buffer (json_text.h).
 */
#include "util/json_text.h"

#include <stdio.h>

static void put(gi_json_text *j, const char *s, size_t n)
{
    for (size_t i = 0; i < n && j->len + 1 < j->size; i++)
        j->buf[j->len++] = s[i];
    j->buf[j->len] = '\0';
}

static void put_string(gi_json_text *j, const char *s)
{
    put(j, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(j, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(j, esc, 6);
        } else {
            put(j, (const char *)&c, 1);
        }
    }
    put(j, "\"", 1);
}

/* The separator before a new member or element, then its key. */
static void member(gi_json_text *j, const char *key)
{
    if (j->depth > 0 && j->depth <= GI_JSON_DEPTH && j->members[j->depth - 1]++ > 0)
        put(j, ",", 1);
    if (key) {
        put_string(j, key);
        put(j, ":", 1);
    }
}

void gi_json_init(gi_json_text *j, char *buf, size_t size)
{
    *j = (gi_json_text){.buf = buf, .size = size};
    buf[0] = '\0';
}

void gi_json_open(gi_json_text *j, const char *key, char bracket)
{
    member(j, key);
    put(j, &bracket, 1);
    if (j->depth < GI_JSON_DEPTH)
        j->members[j->depth] = 0;
    j->depth++;
}

void gi_json_close(gi_json_text *j, char bracket)
{
    put(j, &bracket, 1);
    if (j->depth > 0)
        j->depth--;
}

void gi_json_string(gi_json_text *j, const char *key, const char *value)
{
    member(j, key);
    if (value)
        put_string(j, value);
    else
        put(j, "null", 4);
}
