/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_expr_compile and friends: the pipeline of expr.h, and the reference evaluator.
 */
#include "expr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "functions.h"
#include "parser.h"
#include "tree.h"

static void set_error(gi_expr_error *err, int column, const char *msg)
{
    err->column = column;
    snprintf(err->msg, sizeof err->msg, "%s", msg);
}

int gi_expr_check_name(const char *name, gi_expr_error *err)
{
    char text[200];
    size_t len = strlen(name);
    int ok = len > 0 && len <= GI_EXPR_MAX_NAME &&
             ((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') ||
              name[0] == '_');
    for (size_t i = 1; ok && i < len; i++) {
        char c = name[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (!ok) {
        snprintf(text, sizeof text,
                 "parameter name '%.40s' must be a letter or '_' followed by letters, digits or "
                 "'_', at most %d characters",
                 name, GI_EXPR_MAX_NAME);
        set_error(err, 0, text);
        return -1;
    }
    if (strcmp(name, "x") == 0 || strcmp(name, "y") == 0 || strcmp(name, "if") == 0 ||
        gi_fn_find(name, (int)len) >= 0) {
        snprintf(text, sizeof text,
                 "parameter name '%s' is reserved (x, y, if and the function "
                 "names are)",
                 name);
        set_error(err, 0, text);
        return -1;
    }
    return 0;
}

void gi_expr_free(gi_expr *e)
{
    if (!e)
        return;
    free(e->source);
    free(e->nodes);
    free(e->names);
    free(e->values);
    free(e);
}

gi_expr *gi_expr_compile(const char *source, const char *const *names, const double *values,
                         int count, gi_expr_error *err)
{
    memset(err, 0, sizeof *err);
    size_t len = strlen(source);
    if (len > GI_EXPR_MAX_LENGTH) {
        char text[120];
        snprintf(text, sizeof text, "expression is %zu characters long; the limit is %d", len,
                 GI_EXPR_MAX_LENGTH);
        set_error(err, 0, text);
        return NULL;
    }
    if (count < 0 || count > GI_EXPR_MAX_PARAMS) {
        char text[120];
        snprintf(text, sizeof text, "%d parameters given; the limit is %d", count,
                 GI_EXPR_MAX_PARAMS);
        set_error(err, 0, text);
        return NULL;
    }
    for (int p = 0; p < count; p++) {
        if (gi_expr_check_name(names[p], err) < 0)
            return NULL;
        for (int q = 0; q < p; q++)
            if (strcmp(names[p], names[q]) == 0) {
                char text[120];
                snprintf(text, sizeof text, "parameter '%s' is given twice", names[p]);
                set_error(err, 0, text);
                return NULL;
            }
        if (!isfinite(values[p])) {
            char text[120];
            snprintf(text, sizeof text, "parameter '%s' = %g must be a finite number", names[p],
                     values[p]);
            set_error(err, 0, text);
            return NULL;
        }
    }

    gi_expr *e = calloc(1, sizeof *e);
    if (!e || !(e->source = malloc(len + 1)) ||
        (count > 0 && (!(e->names = calloc((size_t)count, sizeof *e->names)) ||
                       !(e->values = calloc((size_t)count, sizeof *e->values))))) {
        gi_expr_free(e);
        set_error(err, 0, "out of memory");
        return NULL;
    }
    memcpy(e->source, source, len + 1);
    e->nparams = count;
    for (int p = 0; p < count; p++) {
        snprintf(e->names[p], sizeof e->names[p], "%s", names[p]);
        e->values[p] = values[p];
    }
    if (gi_expr_parse(e, err) < 0 || gi_expr_check(e, err) < 0) {
        gi_expr_free(e);
        return NULL;
    }
    return e;
}

const char *gi_expr_source(const gi_expr *e)
{
    return e->source;
}

double gi_expr_eval_node(const gi_expr *e, int i, double x, double y)
{
    const gi_node *n = &e->nodes[i];
    switch (n->kind) {
    case GI_NODE_NUM:
        return n->num;
    case GI_NODE_X:
        return x;
    case GI_NODE_Y:
        return y;
    case GI_NODE_PARAM:
        return e->values[n->index];
    case GI_NODE_NEG:
        return -gi_expr_eval_node(e, n->kid[0], x, y);
    case GI_NODE_ADD:
        return gi_expr_eval_node(e, n->kid[0], x, y) + gi_expr_eval_node(e, n->kid[1], x, y);
    case GI_NODE_SUB:
        return gi_expr_eval_node(e, n->kid[0], x, y) - gi_expr_eval_node(e, n->kid[1], x, y);
    case GI_NODE_MUL:
        return gi_expr_eval_node(e, n->kid[0], x, y) * gi_expr_eval_node(e, n->kid[1], x, y);
    case GI_NODE_DIV:
        return gi_expr_eval_node(e, n->kid[0], x, y) / gi_expr_eval_node(e, n->kid[1], x, y);
    case GI_NODE_POW:
        return pow(gi_expr_eval_node(e, n->kid[0], x, y), gi_expr_eval_node(e, n->kid[1], x, y));
    case GI_NODE_CALL: {
        double a = gi_expr_eval_node(e, n->kid[0], x, y);
        double b = n->nargs > 1 ? gi_expr_eval_node(e, n->kid[1], x, y) : 0.0;
        return gi_fn_eval(n->index, a, b);
    }
    case GI_NODE_IF: {
        double a = gi_expr_eval_node(e, n->kid[0], x, y), b = gi_expr_eval_node(e, n->kid[1], x, y);
        int c = 0;
        switch ((gi_cmp)n->index) {
        case GI_CMP_LT:
            c = a < b;
            break;
        case GI_CMP_LE:
            c = a <= b;
            break;
        case GI_CMP_GT:
            c = a > b;
            break;
        case GI_CMP_GE:
            c = a >= b;
            break;
        case GI_CMP_EQ:
            c = a == b;
            break;
        case GI_CMP_NE:
            c = a != b;
            break;
        }
        return gi_expr_eval_node(e, n->kid[c ? 2 : 3], x, y);
    }
    case GI_NODE_NAME:
        break;
    }
    return NAN;
}

double gi_expr_eval(const gi_expr *e, double x, double y)
{
    return gi_expr_eval_node(e, e->root, x, y);
}
