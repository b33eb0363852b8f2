/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/expr/tree.h — the expression tree: nodes in one array, children by index.
 *
 * The parser fills it, the checker resolves names and arities in place, the emitters and the
 * program compiler read it. Internal to host/expr.
 */
#ifndef GI_EXPR_TREE_H
#define GI_EXPR_TREE_H

#include "expr.h"

typedef enum gi_node_kind {
    GI_NODE_NUM,   /* num */
    GI_NODE_X,     /* the point's x */
    GI_NODE_Y,     /* the point's y */
    GI_NODE_PARAM, /* parameter `index` */
    GI_NODE_NAME,  /* an identifier not yet resolved (parser output only) */
    GI_NODE_NEG,   /* -kid[0] */
    GI_NODE_ADD,
    GI_NODE_SUB,
    GI_NODE_MUL,
    GI_NODE_DIV,
    GI_NODE_POW,  /* kid[0] ^ kid[1] */
    GI_NODE_CALL, /* function `index` (functions.h) of kid[0 … nargs-1] */
    GI_NODE_IF,   /* kid[0] CMP kid[1] ? kid[2] : kid[3]; cmp in `index` */
} gi_node_kind;

typedef enum gi_cmp { GI_CMP_LT, GI_CMP_LE, GI_CMP_GT, GI_CMP_GE, GI_CMP_EQ, GI_CMP_NE } gi_cmp;

typedef struct gi_node {
    gi_node_kind kind;
    int column;   /* where its token starts in the source, 1-based */
    int name_at;  /* NAME and CALL: offset of the identifier in the source */
    int name_len; /* its length */
    int index;    /* PARAM: parameter; CALL: function; IF: gi_cmp */
    int nargs;    /* CALL: arguments written (may exceed 2 until the checker rejects it) */
    int kid[4];   /* children, node indices */
    double num;   /* NUM: the value */
} gi_node;

struct gi_expr {
    char *source;
    gi_node *nodes;
    int count, root;
    int nparams;
    char (*names)[GI_EXPR_MAX_NAME + 1];
    double *values;
};

/* The value of node i's subtree at (x, y), with the C library's scalar functions (expr.c). */
double gi_expr_eval_node(const gi_expr *e, int i, double x, double y);

/* How many children node n has (0 … 4). */
static inline int gi_node_kids(const gi_node *n)
{
    switch (n->kind) {
    case GI_NODE_CALL:
        return n->nargs;
    case GI_NODE_IF:
        return 4;
    case GI_NODE_NEG:
        return 1;
    case GI_NODE_ADD:
    case GI_NODE_SUB:
    case GI_NODE_MUL:
    case GI_NODE_DIV:
    case GI_NODE_POW:
        return 2;
    default:
        return 0;
    }
}

#endif /* GI_EXPR_TREE_H */
