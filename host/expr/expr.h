/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/expr/expr.h — the integrand expression language: one checked tree, compiled for every
 * backend.
 *
 * The grammar is the security boundary. A string becomes a tree only through the lexer, parser
 * and checker below, and only the allow-listed constructs exist in a tree: numbers, x, y, named
 * parameters, + - * / ^, unary minus, parentheses, the functions of functions.c and
 * if(a CMP b, then, else). The emitters write code from the tree alone, never from the user's
 * text, so no user string can become code of its own.
 *
 *     source ──lexer──▶ tokens ──parser──▶ tree ──checker──▶ checked tree
 *                                                           ├─▶ OpenCL C / CUDA C (emit_c.c)
 *                                                           └─▶ CPU register program (program.c)
 *
 * Internal to libgpuinteg. Thread safety: every function here works on its arguments only.
 */
#ifndef GI_EXPR_EXPR_H
#define GI_EXPR_EXPR_H

#include <stddef.h>

/* Limits, stated in the messages that enforce them. */
#define GI_EXPR_MAX_LENGTH 4096 /* characters of source */
#define GI_EXPR_MAX_DEPTH  64   /* nesting of parentheses, calls, operators */
#define GI_EXPR_MAX_NODES  1024 /* tree nodes */
#define GI_EXPR_MAX_PARAMS 32   /* named parameters */
#define GI_EXPR_MAX_NAME   32   /* characters of a parameter name */

/* Why a string is not an expression: one line, with the 1-based column it points at (0 when
 * the fault has no position, e.g. the length limit). */
typedef struct gi_expr_error {
    int column;
    char msg[320];
} gi_expr_error;

typedef struct gi_expr gi_expr; /* a checked tree with its parameters' values */

/*
 * Parses and checks `source` against the grammar with parameters names[0 … count-1] bound to
 * values[0 … count-1]. Returns the tree (free with gi_expr_free) or NULL with *err filled
 * (also for out of memory: "out of memory"). Parameter names must pass gi_expr_check_name.
 */
gi_expr *gi_expr_compile(const char *source, const char *const *names, const double *values,
                         int count, gi_expr_error *err);

void gi_expr_free(gi_expr *e);

/* 0 when `name` may name a parameter (an identifier of at most GI_EXPR_MAX_NAME characters that
 * is not x, y, if or a function); otherwise -1 with the reason in *err. */
int gi_expr_check_name(const char *name, gi_expr_error *err);

/* The source text as given (owned by e). */
const char *gi_expr_source(const gi_expr *e);

/* Evaluates the tree at one point with the C library's scalar functions: the reference the
 * other forms are tested against. */
double gi_expr_eval(const gi_expr *e, double x, double y);

/* The code dialects of gi_expr_emit_c. */
typedef enum gi_expr_dialect { GI_EXPR_OPENCL, GI_EXPR_CUDA } gi_expr_dialect;

/*
 * Writes the definition of a device function `double gi_user_f(double x, double y)` computing
 * the tree (parameters as exact hexadecimal literals) in the given dialect. Returns a malloc'd
 * string the caller frees, or NULL when out of memory.
 */
char *gi_expr_emit_c(const gi_expr *e, gi_expr_dialect dialect);

#endif /* GI_EXPR_EXPR_H */
