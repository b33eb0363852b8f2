/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * tests/fuzz/expr_fuzz_one.h — the properties every input to the expression front end must
 * have, shared by the bounded fuzz test of the suite (test_expr_fuzz.c) and the libFuzzer
 * target (fuzz_expr.c). Returns NULL when they hold, else what broke (static text).
 *
 *  - compile either gives a tree or one line of error with a column inside the text (or 0);
 *  - a tree evaluates, builds a CPU program that runs, and emits OpenCL and CUDA code whose
 *    every identifier is one the emitter writes itself: nothing of the input became code.
 */
#ifndef GI_TESTS_EXPR_FUZZ_ONE_H
#define GI_TESTS_EXPR_FUZZ_ONE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr.h"
#include "expr/functions.h"
#include "expr/program.h"

static int fuzz_ident_allowed(const char *id, size_t len)
{
    static const char *const words[] = {
        "double", "gi_user_f", "x",      "y",          "return",         "const",
        "void",   "inline",    "static", "__device__", "__forceinline__"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
        if (strlen(words[w]) == len && memcmp(words[w], id, len) == 0)
            return 1;
    size_t digits = 1;
    while (digits < len && id[digits] >= '0' && id[digits] <= '9')
        digits++;
    if (id[0] == 't' && len > 1 && digits == len) /* a temporary, tN */
        return 1;
    return gi_fn_find(id, (int)len) >= 0;
}

/* Every identifier of the code outside comments is allowed; no string or character literal,
 * no preprocessor line. */
static const char *fuzz_check_code(const char *s)
{
    for (size_t i = 0; s[i];) {
        char c = s[i];
        if (c == '/' && s[i + 1] == '*') {
            const char *end = strstr(s + i + 2, "*/");
            if (!end)
                return "unterminated comment in emitted code";
            i = (size_t)(end - s) + 2;
        } else if (c == '"' || c == '\'' || c == '#' || c == '\\') {
            return "literal or preprocessor character in emitted code";
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
            size_t j = i;
            while ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                   (s[j] >= '0' && s[j] <= '9') || s[j] == '_')
                j++;
            if (!fuzz_ident_allowed(s + i, j - i))
                return "identifier in emitted code that the emitter does not write";
            i = j;
        } else if (c >= '0' && c <= '9') { /* hexadecimal floating literal: 0x1.8p+3 */
            size_t j = i;
            while ((s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'f') || s[j] == 'x' ||
                   s[j] == '.' || s[j] == 'p' || ((s[j] == '+' || s[j] == '-') && s[j - 1] == 'p'))
                j++;
            i = j;
        } else {
            i++;
        }
    }
    return NULL;
}

static const char *fuzz_expr_one(const char *src)
{
    static const char *const names[] = {"a", "b_2"};
    static const double values[] = {1.5, -0.25};
    gi_expr_error err;
    gi_expr *e = gi_expr_compile(src, names, values, 2, &err);
    if (!e) {
        size_t len = strlen(src);
        if (!err.msg[0])
            return "refused without a message";
        if (strchr(err.msg, '\n'))
            return "message of more than one line";
        if (err.column < 0 || (size_t)err.column > len + 1)
            return "column outside the text";
        if (err.column > 0) {
            char tail[32];
            snprintf(tail, sizeof tail, " at column %d", err.column);
            size_t n = strlen(err.msg), t = strlen(tail);
            if (n < t || strcmp(err.msg + n - t, tail) != 0)
                return "message does not end with its column";
        }
        return NULL;
    }
    const char *broke = NULL;
    (void)gi_expr_eval(e, 0.25, -0.5);
    gi_expr_program *p = gi_expr_program_build(e);
    void *scratch = p ? malloc(gi_expr_program_scratch_bytes(p)) : NULL;
    if (!p || !scratch) {
        broke = "program not built";
    } else {
        double y[3] = {-1.0, 0.0, 2.5}, out[3];
        gi_expr_program_row(p, 0.75, scratch);
        gi_expr_program_block(p, y, 3, out, scratch);
    }
    for (int d = 0; d < 2 && !broke; d++) {
        char *code = gi_expr_emit_c(e, d ? GI_EXPR_CUDA : GI_EXPR_OPENCL);
        broke = code ? fuzz_check_code(code) : "emit failed";
        free(code);
    }
    free(scratch);
    gi_expr_program_free(p);
    gi_expr_free(e);
    return broke;
}

#endif /* GI_TESTS_EXPR_FUZZ_ONE_H */
