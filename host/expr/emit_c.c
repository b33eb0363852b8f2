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
#include "util/text_buffer.h"

static const char *const cmp_ops[] = {"<", "<=", ">", ">=", "==", "!="};

/* Emits node i and its children; returns i (the temporary tN holds its value). */
static int emit_node(const gi_expr *e, int i, gi_text_buffer *b)
{
    const gi_node *n = &e->nodes[i];
    int k[4] = {0};
    int kids = gi_node_kids(n);
    for (int c = 0; c < kids; c++)
        k[c] = emit_node(e, n->kid[c], b);
    gi_text_buffer_printf(b, "    const double t%d = ", i);
    switch (n->kind) {
    case GI_NODE_NUM:
        gi_text_buffer_printf(b, "%a;\n", n->num);
        break;
    case GI_NODE_PARAM:
        gi_text_buffer_printf(b, "%a; /* parameter %d */\n", e->values[n->index], n->index);
        break;
    case GI_NODE_X:
        gi_text_buffer_printf(b, "x;\n");
        break;
    case GI_NODE_Y:
        gi_text_buffer_printf(b, "y;\n");
        break;
    case GI_NODE_NEG:
        gi_text_buffer_printf(b, "-t%d;\n", k[0]);
        break;
    case GI_NODE_ADD:
        gi_text_buffer_printf(b, "t%d + t%d;\n", k[0], k[1]);
        break;
    case GI_NODE_SUB:
        gi_text_buffer_printf(b, "t%d - t%d;\n", k[0], k[1]);
        break;
    case GI_NODE_MUL:
        gi_text_buffer_printf(b, "t%d * t%d;\n", k[0], k[1]);
        break;
    case GI_NODE_DIV:
        gi_text_buffer_printf(b, "t%d / t%d;\n", k[0], k[1]);
        break;
    case GI_NODE_POW:
        gi_text_buffer_printf(b, "pow(t%d, t%d);\n", k[0], k[1]);
        break;
    case GI_NODE_CALL:
        if (n->nargs == 1)
            gi_text_buffer_printf(b, "%s(t%d);\n", gi_fn_get(n->index)->name, k[0]);
        else
            gi_text_buffer_printf(b, "%s(t%d, t%d);\n", gi_fn_get(n->index)->name, k[0], k[1]);
        break;
    case GI_NODE_IF:
        gi_text_buffer_printf(b, "t%d %s t%d ? t%d : t%d;\n", k[0], cmp_ops[n->index], k[1], k[2],
                              k[3]);
        break;
    case GI_NODE_NAME:
        b->failed = 1;
        break;
    }
    return i;
}

char *gi_expr_emit_c(const gi_expr *e, gi_expr_dialect dialect)
{
    gi_text_buffer b = {.s = malloc(4096), .cap = 4096};
    if (!b.s)
        return NULL;
    b.s[0] = '\0';
    gi_text_buffer_printf(&b, "/* f(x, y) = %s */\n",
                          "(the user's integrand, compiled from its checked tree)");
    gi_text_buffer_printf(
        &b, "%sdouble gi_user_f(double x, double y)\n{\n    (void)x;\n    (void)y;\n",
        dialect == GI_EXPR_CUDA ? "__device__ static __forceinline__ " : "inline ");
    int root = emit_node(e, e->root, &b);
    gi_text_buffer_printf(&b, "    return t%d;\n}\n", root);
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
