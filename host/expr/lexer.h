/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/expr/lexer.h — the expression's tokens.
 */
#ifndef GI_EXPR_LEXER_H
#define GI_EXPR_LEXER_H

#include "expr.h"

typedef enum gi_tok_kind {
    GI_TOK_END,
    GI_TOK_NUM,
    GI_TOK_IDENT,
    GI_TOK_PLUS,
    GI_TOK_MINUS,
    GI_TOK_STAR,
    GI_TOK_SLASH,
    GI_TOK_CARET,
    GI_TOK_LPAREN,
    GI_TOK_RPAREN,
    GI_TOK_COMMA,
    GI_TOK_LT,
    GI_TOK_LE,
    GI_TOK_GT,
    GI_TOK_GE,
    GI_TOK_EQ,
    GI_TOK_NE,
} gi_tok_kind;

typedef struct gi_token {
    gi_tok_kind kind;
    int at, len; /* byte offset and length in the source */
    double num;  /* GI_TOK_NUM: the value, finite */
} gi_token;

typedef struct gi_lexer {
    const char *src;
    int pos;
} gi_lexer;

/* Reads the next token at lx->pos (spaces skipped). Returns 0, or -1 with *err filled (a
 * character outside the grammar, a malformed or out-of-range number). */
int gi_lex_next(gi_lexer *lx, gi_token *tok, gi_expr_error *err);

/* The token's text for messages: "end of expression", "'+'", "'sinn'". */
void gi_tok_describe(const char *src, const gi_token *tok, char *buf, size_t size);

#endif /* GI_EXPR_LEXER_H */
