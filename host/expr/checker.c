/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "checker.h"

#include <stdio.h>
#include <string.h>

#include "functions.h"

static int fail(gi_expr_error *err, const gi_node *n, const char *text)
{
    err->column = n->column;
    snprintf(err->msg, sizeof err->msg, "%s at column %d", text, n->column);
    return -1;
}

static int find_param(const gi_expr *e, const char *name, int len)
{
    for (int p = 0; p < e->nparams; p++)
        if ((int)strlen(e->names[p]) == len && memcmp(e->names[p], name, (size_t)len) == 0)
            return p;
    return -1;
}

/* "x, y" or "x, y and the parameters a, b": what a name may be, for the message. */
static void allowed_names(const gi_expr *e, char *buf, size_t size)
{
    int w = snprintf(buf, size, "x, y");
    for (int p = 0; p < e->nparams && w >= 0 && (size_t)w < size; p++)
        w += snprintf(buf + w, size - (size_t)w, "%s%s", p == 0 ? " and the parameters " : ", ",
                      e->names[p]);
}

static int check_name(gi_expr *e, gi_node *n, gi_expr_error *err)
{
    const char *name = e->source + n->name_at;
    int len = n->name_len;
    char text[300];
    if (len == 1 && (name[0] == 'x' || name[0] == 'y')) {
        n->kind = name[0] == 'x' ? GI_NODE_X : GI_NODE_Y;
        return 0;
    }
    int p = find_param(e, name, len);
    if (p >= 0) {
        n->kind = GI_NODE_PARAM;
        n->index = p;
        return 0;
    }
    if (gi_fn_find(name, len) >= 0) {
        snprintf(text, sizeof text, "function '%.*s' needs its arguments in parentheses: %.*s(…)",
                 len, name, len, name);
        return fail(err, n, text);
    }
    if (len == 2 && memcmp(name, "if", 2) == 0)
        return fail(err, n, "'if' needs its arguments: if(a < b, then, else)");
    char allowed[200];
    allowed_names(e, allowed, sizeof allowed);
    snprintf(text, sizeof text, "unknown name '%.*s' (a name is %s; declare others with --param)",
             len > 32 ? 32 : len, name, allowed);
    return fail(err, n, text);
}

static int check_call(gi_expr *e, gi_node *n, gi_expr_error *err)
{
    const char *name = e->source + n->name_at;
    int len = n->name_len;
    char text[300];
    int f = gi_fn_find(name, len);
    if (f < 0) {
        if ((len == 1 && (name[0] == 'x' || name[0] == 'y')) || find_param(e, name, len) >= 0)
            snprintf(text, sizeof text, "'%.*s' is not a function (write '*' to multiply)", len,
                     name);
        else
            snprintf(text, sizeof text, "unknown function '%.*s'", len > 32 ? 32 : len, name);
        return fail(err, n, text);
    }
    int arity = gi_fn_get(f)->arity;
    if (n->nargs != arity) {
        snprintf(text, sizeof text, "wrong number of arguments: %s takes %d, given %d",
                 gi_fn_get(f)->name, arity, n->nargs);
        return fail(err, n, text);
    }
    n->index = f;
    return 0;
}

int gi_expr_check(gi_expr *e, gi_expr_error *err)
{
    /* Nodes are stored children first, so the first failure in array order is the leftmost
     * innermost one; report in source order instead: the lowest column. */
    int worst = -1;
    gi_expr_error first = {0};
    for (int i = 0; i < e->count; i++) {
        gi_node *n = &e->nodes[i];
        gi_expr_error here;
        int rc = 0;
        if (n->kind == GI_NODE_NAME)
            rc = check_name(e, n, &here);
        else if (n->kind == GI_NODE_CALL)
            rc = check_call(e, n, &here);
        if (rc < 0 && (worst < 0 || here.column < first.column)) {
            worst = i;
            first = here;
        }
    }
    if (worst >= 0) {
        *err = first;
        return -1;
    }
    return 0;
}
