/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/expr/parser.h — source text to an unchecked tree (recursive descent, bounded depth).
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | power
 *   power   := primary ('^' unary)?            right-associative: 2^3^2 = 2^(3^2), -x^2 = -(x^2)
 *   primary := NUMBER | NAME | NAME '(' args ')' | 'if' '(' expr CMP expr ',' expr ',' expr ')'
 *            | '(' expr ')'
 *   args    := expr (',' expr)*                CMP := '<' | '<=' | '>' | '>=' | '==' | '!='
 */
#ifndef GI_EXPR_PARSER_H
#define GI_EXPR_PARSER_H

#include "tree.h"

/* Parses e->source into e->nodes / e->count / e->root. Returns 0, or -1 with *err filled. Names
 * stay unresolved (GI_NODE_NAME, GI_NODE_CALL with index -1): that is the checker's job. */
int gi_expr_parse(gi_expr *e, gi_expr_error *err);

#endif /* GI_EXPR_PARSER_H */
