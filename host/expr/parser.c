/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

typedef struct parser {
    gi_expr *e;
    gi_lexer lx;
    gi_token tok; /* the current token */
    int depth;
    gi_expr_error *err;
} parser;

static int failf(parser *P, int at, const char *fmt, const char *a, const char *b)
{
    char text[256];
    snprintf(text, sizeof text, fmt, a, b);
    P->err->column = at + 1;
    snprintf(P->err->msg, sizeof P->err->msg, "%s at column %d", text, at + 1);
    return -1;
}

static int advance(parser *P)
{
    return gi_lex_next(&P->lx, &P->tok, P->err);
}

static int new_node(parser *P, gi_node_kind kind, int at)
{
    if (P->e->count >= GI_EXPR_MAX_NODES) {
        char limit[16];
        snprintf(limit, sizeof limit, "%d", GI_EXPR_MAX_NODES);
        return failf(P, at, "expression has more than %s numbers, names and operators%s", limit,
                     "");
    }
    gi_node *n = &P->e->nodes[P->e->count];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->column = at + 1;
    n->index = -1;
    return P->e->count++;
}

static int enter(parser *P)
{
    if (++P->depth > GI_EXPR_MAX_DEPTH) {
        char limit[16];
        snprintf(limit, sizeof limit, "%d", GI_EXPR_MAX_DEPTH);
        return failf(P, P->tok.at, "expression nested deeper than %s levels%s", limit, "");
    }
    return 0;
}

static int parse_expr(parser *P);

static int is_cmp(gi_tok_kind k)
{
    return k >= GI_TOK_LT && k <= GI_TOK_NE;
}

static int unexpected(parser *P, const char *wanted)
{
    char found[64];
    gi_tok_describe(P->lx.src, &P->tok, found, sizeof found);
    if (is_cmp(P->tok.kind))
        return failf(P, P->tok.at,
                     "comparison %s is allowed only as the condition of if(a < b, "
                     "then, else)%s",
                     found, "");
    return failf(P, P->tok.at, "expected %s but found %s", wanted, found);
}

/* Expects ')' closing the '(' at open_at. */
static int close_paren(parser *P, int open_at)
{
    if (P->tok.kind == GI_TOK_RPAREN)
        return advance(P);
    if (P->tok.kind == GI_TOK_END)
        return failf(P, open_at, "unbalanced parentheses: '(' is never closed%s%s", "", "");
    return unexpected(P, "')'");
}

static int binary(parser *P, gi_node_kind kind, int at, int a, int b)
{
    int n = new_node(P, kind, at);
    if (n < 0)
        return -1;
    P->e->nodes[n].kid[0] = a;
    P->e->nodes[n].kid[1] = b;
    return n;
}

static int parse_if(parser *P, int at)
{
    int open_at = P->tok.at;
    if (advance(P) < 0) /* past '(' */
        return -1;
    int n = new_node(P, GI_NODE_IF, at);
    if (n < 0)
        return -1;
    int a = parse_expr(P);
    if (a < 0)
        return -1;
    if (!is_cmp(P->tok.kind))
        return unexpected(P, "a comparison (< <= > >= == !=) in if(a < b, then, else)");
    int cmp = (int)(P->tok.kind - GI_TOK_LT) + GI_CMP_LT;
    if (advance(P) < 0)
        return -1;
    int b = parse_expr(P);
    if (b < 0)
        return -1;
    int kids[2];
    for (int i = 0; i < 2; i++) {
        if (P->tok.kind != GI_TOK_COMMA) {
            if (P->tok.kind == GI_TOK_RPAREN)
                return failf(P, P->tok.at,
                             "wrong number of arguments: if takes 3 (a comparison, "
                             "then, else)%s%s",
                             "", "");
            if (P->tok.kind == GI_TOK_END)
                return failf(P, open_at, "unbalanced parentheses: '(' is never closed%s%s", "", "");
            return unexpected(P, "','");
        }
        if (advance(P) < 0)
            return -1;
        if ((kids[i] = parse_expr(P)) < 0)
            return -1;
    }
    if (P->tok.kind == GI_TOK_COMMA)
        return failf(P, P->tok.at,
                     "wrong number of arguments: if takes 3 (a comparison, then, "
                     "else)%s%s",
                     "", "");
    if (close_paren(P, open_at) < 0)
        return -1;
    gi_node *node = &P->e->nodes[n];
    node->index = cmp;
    node->kid[0] = a;
    node->kid[1] = b;
    node->kid[2] = kids[0];
    node->kid[3] = kids[1];
    return n;
}

static int parse_primary(parser *P)
{
    gi_token t = P->tok;
    if (t.kind == GI_TOK_NUM) {
        int n = new_node(P, GI_NODE_NUM, t.at);
        if (n < 0 || advance(P) < 0)
            return -1;
        P->e->nodes[n].num = t.num;
        return n;
    }
    if (t.kind == GI_TOK_LPAREN) {
        if (enter(P) < 0 || advance(P) < 0)
            return -1;
        int n = parse_expr(P);
        if (n < 0 || close_paren(P, t.at) < 0)
            return -1;
        P->depth--;
        return n;
    }
    if (t.kind != GI_TOK_IDENT)
        return unexpected(P, "a number, x, y, a parameter, a function or '('");
    if (advance(P) < 0)
        return -1;
    if (P->tok.kind != GI_TOK_LPAREN) {
        int n = new_node(P, GI_NODE_NAME, t.at);
        if (n < 0)
            return -1;
        P->e->nodes[n].name_at = t.at;
        P->e->nodes[n].name_len = t.len;
        return n;
    }
    if (enter(P) < 0)
        return -1;
    if (t.len == 2 && memcmp(P->lx.src + t.at, "if", 2) == 0) {
        int n = parse_if(P, t.at);
        P->depth--;
        return n;
    }
    int open_at = P->tok.at;
    if (advance(P) < 0)
        return -1;
    int n = new_node(P, GI_NODE_CALL, t.at);
    if (n < 0)
        return -1;
    P->e->nodes[n].name_at = t.at;
    P->e->nodes[n].name_len = t.len;
    if (P->tok.kind != GI_TOK_RPAREN) {
        for (;;) {
            int a = parse_expr(P);
            if (a < 0)
                return -1;
            gi_node *node = &P->e->nodes[n];
            if (node->nargs < 4)
                node->kid[node->nargs] = a;
            node->nargs++;
            if (P->tok.kind != GI_TOK_COMMA)
                break;
            if (advance(P) < 0)
                return -1;
        }
    }
    if (close_paren(P, open_at) < 0)
        return -1;
    P->depth--;
    return n;
}

static int parse_unary(parser *P);

static int parse_power(parser *P)
{
    int a = parse_primary(P);
    if (a < 0 || P->tok.kind != GI_TOK_CARET)
        return a;
    int at = P->tok.at;
    if (enter(P) < 0 || advance(P) < 0)
        return -1;
    int b = parse_unary(P);
    if (b < 0)
        return -1;
    P->depth--;
    return binary(P, GI_NODE_POW, at, a, b);
}

static int parse_unary(parser *P)
{
    if (P->tok.kind != GI_TOK_MINUS)
        return parse_power(P);
    int at = P->tok.at;
    if (enter(P) < 0 || advance(P) < 0)
        return -1;
    int a = parse_unary(P);
    if (a < 0)
        return -1;
    P->depth--;
    int n = new_node(P, GI_NODE_NEG, at);
    if (n >= 0)
        P->e->nodes[n].kid[0] = a;
    return n;
}

static int parse_term(parser *P)
{
    int a = parse_unary(P);
    while (a >= 0 && (P->tok.kind == GI_TOK_STAR || P->tok.kind == GI_TOK_SLASH)) {
        gi_node_kind k = P->tok.kind == GI_TOK_STAR ? GI_NODE_MUL : GI_NODE_DIV;
        int at = P->tok.at;
        if (advance(P) < 0)
            return -1;
        int b = parse_unary(P);
        if (b < 0)
            return -1;
        a = binary(P, k, at, a, b);
    }
    return a;
}

static int parse_expr(parser *P)
{
    int a = parse_term(P);
    while (a >= 0 && (P->tok.kind == GI_TOK_PLUS || P->tok.kind == GI_TOK_MINUS)) {
        gi_node_kind k = P->tok.kind == GI_TOK_PLUS ? GI_NODE_ADD : GI_NODE_SUB;
        int at = P->tok.at;
        if (advance(P) < 0)
            return -1;
        int b = parse_term(P);
        if (b < 0)
            return -1;
        a = binary(P, k, at, a, b);
    }
    return a;
}

int gi_expr_parse(gi_expr *e, gi_expr_error *err)
{
    e->nodes = malloc(GI_EXPR_MAX_NODES * sizeof *e->nodes);
    if (!e->nodes) {
        err->column = 0;
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return -1;
    }
    e->count = 0;
    parser P = {.e = e, .lx = {.src = e->source, .pos = 0}, .depth = 0, .err = err};
    if (advance(&P) < 0)
        return -1;
    if (P.tok.kind == GI_TOK_END) {
        err->column = 0;
        snprintf(err->msg, sizeof err->msg, "empty expression");
        return -1;
    }
    int root = parse_expr(&P);
    if (root < 0)
        return -1;
    if (P.tok.kind == GI_TOK_RPAREN)
        return failf(&P, P.tok.at, "unbalanced parentheses: ')' has no matching '('%s%s", "", "");
    if (P.tok.kind != GI_TOK_END)
        return unexpected(&P, "an operator (+ - * / ^) or the end of the expression");
    e->root = root;
    return 0;
}
