/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_expr_emit_c: the checked tree as OpenCL C or CUDA C.
 *
 * One statement per node (`const double tN = …;`, children first) rather than one nested
 * expression: a chain of 1000 additions would otherwise nest 1000 parentheses deep, past
 * clang's bracket limit (256) that PoCL's compiler enforces. Every value is a literal written
 * from the tree (numbers and parameters as exact hexadecimal floating literals) or a function
 * name from the allow-list: nothing of the user's text is copied into the code.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "functions.h"
#include "tree.h"

typedef struct buffer {
    char *s;
    size_t len, cap;
    int failed;
} buffer;

static void put(buffer *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap * 2 + (size_t)n;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

static const char *const cmp_ops[] = {"<", "<=", ">", ">=", "==", "!="};

/* Emits node i and its children; returns i (the temporary tN holds its value). */
static int emit_node(const gi_expr *e, int i, buffer *b)
{
    const gi_node *n = &e->nodes[i];
    int k[4] = {0};
    int kids = gi_node_kids(n);
    for (int c = 0; c < kids; c++)
        k[c] = emit_node(e, n->kid[c], b);
    put(b, "    const double t%d = ", i);
    switch (n->kind) {
    case GI_NODE_NUM:
        put(b, "%a;\n", n->num);
        break;
    case GI_NODE_PARAM:
        put(b, "%a; /* parameter %d */\n", e->values[n->index], n->index);
        break;
    case GI_NODE_X:
        put(b, "x;\n");
        break;
    case GI_NODE_Y:
        put(b, "y;\n");
        break;
    case GI_NODE_NEG:
        put(b, "-t%d;\n", k[0]);
        break;
    case GI_NODE_ADD:
        put(b, "t%d + t%d;\n", k[0], k[1]);
        break;
    case GI_NODE_SUB:
        put(b, "t%d - t%d;\n", k[0], k[1]);
        break;
    case GI_NODE_MUL:
        put(b, "t%d * t%d;\n", k[0], k[1]);
        break;
    case GI_NODE_DIV:
        put(b, "t%d / t%d;\n", k[0], k[1]);
        break;
    case GI_NODE_POW:
        put(b, "pow(t%d, t%d);\n", k[0], k[1]);
        break;
    case GI_NODE_CALL:
        if (n->nargs == 1)
            put(b, "%s(t%d);\n", gi_fn_get(n->index)->name, k[0]);
        else
            put(b, "%s(t%d, t%d);\n", gi_fn_get(n->index)->name, k[0], k[1]);
        break;
    case GI_NODE_IF:
        put(b, "t%d %s t%d ? t%d : t%d;\n", k[0], cmp_ops[n->index], k[1], k[2], k[3]);
        break;
    case GI_NODE_NAME:
        b->failed = 1;
        break;
    }
    return i;
}

char *gi_expr_emit_c(const gi_expr *e, gi_expr_dialect dialect)
{
    buffer b = {.s = malloc(4096), .cap = 4096};
    if (!b.s)
        return NULL;
    b.s[0] = '\0';
    put(&b, "/* f(x, y) = %s */\n", "(the user's integrand, compiled from its checked tree)");
    put(&b, "%sdouble gi_user_f(double x, double y)\n{\n    (void)x;\n    (void)y;\n",
        dialect == GI_EXPR_CUDA ? "__device__ static __forceinline__ " : "inline ");
    int root = emit_node(e, e->root, &b);
    put(&b, "    return t%d;\n}\n", root);
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
