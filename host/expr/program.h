/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/expr/program.h — the CPU form of a checked tree: a register program run over blocks of
 * points by a vectorised interpreter (in the manner of numexpr).
 *
 * The tree is split by what each node depends on:
 *   constants (no x, no y)  folded once when the program is built;
 *   row values (x only)     computed once per grid row, with scalar libm, into scalar registers;
 *   point values (y)        computed for a block of up to GI_EXPR_BLOCK points of one row,
 *                           one instruction at a time, each a loop over the block that the
 *                           compiler vectorises (glibc's libmvec for sin, cos, exp, log, pow, …).
 * The interpreter's dispatch is paid once per instruction per block, not per point.
 */
#ifndef GI_EXPR_PROGRAM_H
#define GI_EXPR_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "expr.h"

#define GI_EXPR_BLOCK 256 /* points per block */

typedef struct gi_expr_program gi_expr_program;

/* Builds the program of a checked tree; NULL when out of memory. Free with
 * gi_expr_program_free. The program does not refer to e afterwards. */
gi_expr_program *gi_expr_program_build(const gi_expr *e);
void gi_expr_program_free(gi_expr_program *p);

/* Bytes of scratch memory one evaluating thread needs (its registers); 64-byte aligned. */
size_t gi_expr_program_scratch_bytes(const gi_expr_program *p);

/* Computes the row values for this x into scratch. Call before the blocks of that row. */
void gi_expr_program_row(const gi_expr_program *p, double x, void *scratch);

/* out[k] = f(x, y[k]) for 0 ≤ k < n ≤ GI_EXPR_BLOCK, x being the last row's. y and out must
 * not alias scratch. Thread-safe for distinct scratch. */
void gi_expr_program_block(const gi_expr_program *p, const double *y, size_t n, double *out,
                           void *scratch);

/* ---- internal to host/expr: the instruction set ---------------------------------------- */

typedef enum gi_op {
    GI_OP_NEG,
    GI_OP_ADD,
    GI_OP_SUB,
    GI_OP_MUL,
    GI_OP_DIV,
    GI_OP_CALL, /* fn: a function of functions.h (pow for '^') */
    GI_OP_SEL,  /* a cmp b ? c : d */
    GI_OP_MOV,  /* a */
} gi_op;

/* Operand flag: the operand is a scalar register (else a vector register). */
#define GI_ARG_SCALAR(k) (1u << (k))

typedef struct gi_ins {
    uint8_t op, fn, cmp, flags;
    int32_t dst, arg[4];
} gi_ins;

struct gi_expr_program {
    int nscalar, nvector; /* register counts; scalar 0 is x, vector 0 is y */
    double *constants;    /* nscalar values: folded constants at their registers */
    gi_ins *row;          /* scalar instructions run per row */
    int nrow;
    gi_ins *block; /* vector instructions run per block */
    int nblock;
    int result;        /* register of f */
    int result_scalar; /* 1 when f does not depend on y (result is a scalar register) */
};

#endif /* GI_EXPR_PROGRAM_H */
