/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The lexer: ASCII only. A number is digits with an optional fraction and exponent, read with
 * strtod in the "C" locale whatever the program's locale (a ',' decimal point would otherwise
 * change what "1,5" means inside a call).
 */
#include "lexer.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int fail(gi_expr_error *err, int at, const char *fmt, const char *what)
{
    err->column = at + 1;
    char text[96];
    snprintf(text, sizeof text, fmt, what);
    snprintf(err->msg, sizeof err->msg, "%s at column %d", text, at + 1);
    return -1;
}

/* Digits [ . digits ] [ (e|E) [+|-] digits ], or . digits …: the end offset, or -1. */
static int scan_number(const char *s, int p)
{
    int digits = 0;
    while (is_digit(s[p]))
        p++, digits++;
    if (s[p] == '.') {
        p++;
        while (is_digit(s[p]))
            p++, digits++;
    }
    if (!digits)
        return -1;
    if (s[p] == 'e' || s[p] == 'E') {
        int q = p + 1;
        if (s[q] == '+' || s[q] == '-')
            q++;
        if (!is_digit(s[q]))
            return -1;
        while (is_digit(s[q]))
            q++;
        p = q;
    }
    return p;
}

static double c_strtod(const char *text)
{
    static locale_t c_locale;
    locale_t loc = __atomic_load_n(&c_locale, __ATOMIC_ACQUIRE);
    if (!loc) {
        locale_t fresh = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
        locale_t expected = (locale_t)0;
        if (fresh && !__atomic_compare_exchange_n(&c_locale, &expected, fresh, 0, __ATOMIC_ACQ_REL,
                                                  __ATOMIC_ACQUIRE))
            freelocale(fresh);
        loc = __atomic_load_n(&c_locale, __ATOMIC_ACQUIRE);
    }
    /* Our numbers have no decimal point other than '.', so the "C" locale always suffices;
     * without it (newlocale failed) plain strtod is right in every locale that uses '.'. */
    return loc ? strtod_l(text, NULL, loc) : strtod(text, NULL);
}

int gi_lex_next(gi_lexer *lx, gi_token *tok, gi_expr_error *err)
{
    const char *s = lx->src;
    int p = lx->pos;
    while (s[p] == ' ' || s[p] == '\t')
        p++;
    tok->at = p;
    tok->len = 1;
    tok->num = 0.0;
    char c = s[p];
    if (c == '\0') {
        tok->kind = GI_TOK_END;
        tok->len = 0;
        lx->pos = p;
        return 0;
    }
    if (is_digit(c) || (c == '.' && is_digit(s[p + 1]))) {
        int end = scan_number(s, p);
        if (end < 0 || is_ident_start(s[end]) || s[end] == '.') {
            int q = p;
            while (is_digit(s[q]) || is_ident_start(s[q]) || s[q] == '.')
                q++;
            char text[40];
            snprintf(text, sizeof text, "%.*s%s", q - p > 24 ? 24 : q - p, s + p,
                     q - p > 24 ? "…" : "");
            return fail(err, p, "malformed number '%.28s'", text);
        }
        char text[GI_EXPR_MAX_LENGTH + 1];
        memcpy(text, s + p, (size_t)(end - p));
        text[end - p] = '\0';
        double v = c_strtod(text);
        if (!isfinite(v)) {
            text[end - p > 24 ? 24 : end - p] = '\0';
            return fail(err, p, "number '%.24s' is out of the range of doubles", text);
        }
        tok->kind = GI_TOK_NUM;
        tok->num = v;
        tok->len = end - p;
        lx->pos = end;
        return 0;
    }
    if (is_ident_start(c)) {
        int q = p;
        while (is_ident_start(s[q]) || is_digit(s[q]))
            q++;
        tok->kind = GI_TOK_IDENT;
        tok->len = q - p;
        lx->pos = q;
        return 0;
    }
    char next = s[p + 1];
    switch (c) {
    case '+':
        tok->kind = GI_TOK_PLUS;
        break;
    case '-':
        tok->kind = GI_TOK_MINUS;
        break;
    case '*':
        tok->kind = GI_TOK_STAR;
        break;
    case '/':
        tok->kind = GI_TOK_SLASH;
        break;
    case '^':
        tok->kind = GI_TOK_CARET;
        break;
    case '(':
        tok->kind = GI_TOK_LPAREN;
        break;
    case ')':
        tok->kind = GI_TOK_RPAREN;
        break;
    case ',':
        tok->kind = GI_TOK_COMMA;
        break;
    case '<':
        tok->kind = next == '=' ? GI_TOK_LE : GI_TOK_LT;
        break;
    case '>':
        tok->kind = next == '=' ? GI_TOK_GE : GI_TOK_GT;
        break;
    case '=':
    case '!':
        if (next != '=')
            return fail(err, p,
                        c == '=' ? "'=' is not an operator (comparison is '==')%s"
                                 : "'!' is not an operator (comparison is '!=')%s",
                        "");
        tok->kind = c == '=' ? GI_TOK_EQ : GI_TOK_NE;
        break;
    default: {
        char what[16];
        if (c >= 0x21 && c < 0x7f)
            snprintf(what, sizeof what, "'%c'", c);
        else
            snprintf(what, sizeof what, "byte 0x%02x", (unsigned)(unsigned char)c);
        return fail(err, p, "unexpected character %s", what);
    }
    }
    if (tok->kind == GI_TOK_LE || tok->kind == GI_TOK_GE || tok->kind == GI_TOK_EQ ||
        tok->kind == GI_TOK_NE)
        tok->len = 2;
    lx->pos = p + tok->len;
    return 0;
}

void gi_tok_describe(const char *src, const gi_token *tok, char *buf, size_t size)
{
    if (tok->kind == GI_TOK_END)
        snprintf(buf, size, "end of expression");
    else
        snprintf(buf, size, "'%.*s%s'", tok->len > 24 ? 24 : tok->len, src + tok->at,
                 tok->len > 24 ? "…" : "");
}
