/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_expr_program_build: the checked tree to register instructions (see program.h).
 */
#include "program.h"

#include <stdlib.h>
#include <string.h>

#include "functions.h"
#include "tree.h"

enum { DEP_X = 1, DEP_Y = 2 };

typedef struct builder {
    const gi_expr *e;
    gi_expr_program *p;
    unsigned char *dep; /* per node: DEP_X | DEP_Y of its subtree */
    int *free_vec;      /* stack of free vector registers */
    int nfree;
} builder;

/* A value: a register and whether it is scalar. */
typedef struct operand {
    int reg, scalar;
} operand;

static unsigned char depends(builder *B, int i)
{
    const gi_node *n = &B->e->nodes[i];
    unsigned char d = n->kind == GI_NODE_X ? DEP_X : n->kind == GI_NODE_Y ? DEP_Y : 0;
    for (int k = 0; k < gi_node_kids(n); k++)
        d |= depends(B, n->kid[k]);
    B->dep[i] = d;
    return d;
}

static int new_scalar(builder *B)
{
    return B->p->nscalar++;
}

static int new_vector(builder *B)
{
    if (B->nfree > 0)
        return B->free_vec[--B->nfree];
    return B->p->nvector++;
}

static void release(builder *B, operand o)
{
    if (!o.scalar && o.reg != 0) /* vector 0 is y, the input */
        B->free_vec[B->nfree++] = o.reg;
}

static operand compile(builder *B, int i)
{
    const gi_node *n = &B->e->nodes[i];
    gi_expr_program *p = B->p;
    if (B->dep[i] == 0) { /* folded once, with the same scalar functions as the row values */
        int r = new_scalar(B);
        p->constants[r] = gi_expr_eval_node(B->e, i, 0.0, 0.0);
        return (operand){r, 1};
    }
    if (n->kind == GI_NODE_X)
        return (operand){0, 1};
    if (n->kind == GI_NODE_Y)
        return (operand){0, 0};

    operand kid[4];
    int kids = gi_node_kids(n);
    for (int k = 0; k < kids; k++)
        kid[k] = compile(B, n->kid[k]);
    gi_ins ins = {0};
    switch (n->kind) {
    case GI_NODE_NEG:
        ins.op = GI_OP_NEG;
        break;
    case GI_NODE_ADD:
        ins.op = GI_OP_ADD;
        break;
    case GI_NODE_SUB:
        ins.op = GI_OP_SUB;
        break;
    case GI_NODE_MUL:
        ins.op = GI_OP_MUL;
        break;
    case GI_NODE_DIV:
        ins.op = GI_OP_DIV;
        break;
    case GI_NODE_POW:
        ins.op = GI_OP_CALL, ins.fn = GI_FN_POW;
        break;
    case GI_NODE_CALL:
        ins.op = GI_OP_CALL, ins.fn = (uint8_t)n->index;
        break;
    case GI_NODE_IF:
        ins.op = GI_OP_SEL, ins.cmp = (uint8_t)n->index;
        break;
    default:
        break;
    }
    for (int k = 0; k < kids; k++) {
        ins.arg[k] = kid[k].reg;
        if (kid[k].scalar)
            ins.flags |= (uint8_t)GI_ARG_SCALAR(k);
    }
    operand out;
    if (B->dep[i] & DEP_Y) {
        for (int k = 0; k < kids; k++)
            release(B, kid[k]);
        out = (operand){new_vector(B), 0};
        p->block[p->nblock++] = (ins.dst = out.reg, ins);
    } else {
        out = (operand){new_scalar(B), 1};
        p->row[p->nrow++] = (ins.dst = out.reg, ins);
    }
    return out;
}

gi_expr_program *gi_expr_program_build(const gi_expr *e)
{
    size_t n = (size_t)e->count + 1;
    gi_expr_program *p = calloc(1, sizeof *p);
    builder B = {.e = e, .p = p};
    if (!p || !(p->constants = calloc(n, sizeof *p->constants)) ||
        !(p->row = calloc(n, sizeof *p->row)) || !(p->block = calloc(n, sizeof *p->block)) ||
        !(B.dep = calloc(n, 1)) || !(B.free_vec = calloc(n, sizeof *B.free_vec))) {
        free(B.dep);
        free(B.free_vec);
        gi_expr_program_free(p);
        return NULL;
    }
    p->nscalar = 1; /* x */
    p->nvector = 1; /* y */
    depends(&B, e->root);
    operand r = compile(&B, e->root);
    p->result = r.reg;
    p->result_scalar = r.scalar;
    free(B.dep);
    free(B.free_vec);
    return p;
}

void gi_expr_program_free(gi_expr_program *p)
{
    if (!p)
        return;
    free(p->constants);
    free(p->row);
    free(p->block);
    free(p);
}

/* Scalar registers (rounded up to whole cache lines), then vector registers 1 … nvector-1,
 * then four blocks into which the interpreter spreads scalar operands of calls and selects. */
size_t gi_expr_program_scratch_bytes(const gi_expr_program *p)
{
    size_t scalars = ((size_t)p->nscalar + 7) / 8 * 8;
    return (scalars + ((size_t)p->nvector + 4) * GI_EXPR_BLOCK) * sizeof(double);
}
