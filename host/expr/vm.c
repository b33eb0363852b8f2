/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU interpreter of program.h: scalar instructions once per row, vector instructions
 * once per block, each a loop the compiler vectorises.
 *
 * Compiled with -O3 -fopenmp-simd -fno-math-errno -ffp-contract=off (CMakeLists.txt), as the
 * built-in kernel's sin_row.c: no reassociation, no contraction, so every point is computed
 * with exactly the operations the tree states, in the same order on every run, thread and
 * block; -fno-math-errno lets libm calls be pure so that `omp simd` loops call libmvec.
 */
#include "program.h"

#include <math.h>
#include <string.h>

#include "../backends/common/simd.h"
#include "functions.h"
#include "tree.h"

#if defined(__x86_64__) && defined(__GLIBC__)
/* glibc declares its vector functions only under -ffast-math (bits/math-vector.h); declaring
 * the same SIMD variants here gets libmvec without fast-math's reassociation. */
#pragma omp declare simd notinbranch
extern double sin(double);
#pragma omp declare simd notinbranch
extern double cos(double);
#pragma omp declare simd notinbranch
extern double exp(double);
#pragma omp declare simd notinbranch
extern double log(double);
#pragma omp declare simd notinbranch
extern double pow(double, double);
#if __GLIBC_PREREQ(2, 35) /* libmvec's second wave of functions */
#pragma omp declare simd notinbranch
extern double tan(double);
#pragma omp declare simd notinbranch
extern double asin(double);
#pragma omp declare simd notinbranch
extern double acos(double);
#pragma omp declare simd notinbranch
extern double atan(double);
#pragma omp declare simd notinbranch
extern double atan2(double, double);
#pragma omp declare simd notinbranch
extern double sinh(double);
#pragma omp declare simd notinbranch
extern double cosh(double);
#pragma omp declare simd notinbranch
extern double tanh(double);
#pragma omp declare simd notinbranch
extern double expm1(double);
#pragma omp declare simd notinbranch
extern double log1p(double);
#pragma omp declare simd notinbranch
extern double log2(double);
#pragma omp declare simd notinbranch
extern double log10(double);
#pragma omp declare simd notinbranch
extern double cbrt(double);
#pragma omp declare simd notinbranch
extern double hypot(double, double);
#pragma omp declare simd notinbranch
extern double erf(double);
#pragma omp declare simd notinbranch
extern double erfc(double);
#endif
#endif

#define B GI_EXPR_BLOCK

static size_t scalar_slots(const gi_expr_program *p)
{
    return ((size_t)p->nscalar + 7) / 8 * 8;
}

static inline double scalar_op(const gi_ins *in, const double *S)
{
    const int32_t *a = in->arg;
    switch ((gi_op)in->op) {
    case GI_OP_NEG:
        return -S[a[0]];
    case GI_OP_ADD:
        return S[a[0]] + S[a[1]];
    case GI_OP_SUB:
        return S[a[0]] - S[a[1]];
    case GI_OP_MUL:
        return S[a[0]] * S[a[1]];
    case GI_OP_DIV:
        return S[a[0]] / S[a[1]];
    case GI_OP_CALL:
        return gi_fn_eval(in->fn, S[a[0]], gi_fn_get(in->fn)->arity > 1 ? S[a[1]] : 0);
    case GI_OP_SEL: {
        double l = S[a[0]], r = S[a[1]];
        int c = in->cmp == GI_CMP_LT   ? l < r
                : in->cmp == GI_CMP_LE ? l <= r
                : in->cmp == GI_CMP_GT ? l > r
                : in->cmp == GI_CMP_GE ? l >= r
                : in->cmp == GI_CMP_EQ ? l == r
                                       : l != r;
        return c ? S[a[2]] : S[a[3]];
    }
    case GI_OP_MOV:
        return S[a[0]];
    }
    return NAN;
}

void gi_expr_program_row(const gi_expr_program *p, double x, void *scratch)
{
    double *S = scratch;
    memcpy(S, p->constants, (size_t)p->nscalar * sizeof *S);
    S[0] = x;
    for (int k = 0; k < p->nrow; k++)
        S[p->row[k].dst] = scalar_op(&p->row[k], S);
}

#define LOOP _Pragma("omp simd") for (size_t k = 0; k < n; k++)

/* No restrict: the destination may be an operand's register (each point reads, then writes,
 * its own slot). */
GI_VECTOR_CLONES
static void call1(int fn, const double *a, double *d, size_t n)
{
    switch ((gi_fn)fn) {
    case GI_FN_SIN:
        LOOP d[k] = sin(a[k]);
        break;
    case GI_FN_COS:
        LOOP d[k] = cos(a[k]);
        break;
    case GI_FN_TAN:
        LOOP d[k] = tan(a[k]);
        break;
    case GI_FN_ASIN:
        LOOP d[k] = asin(a[k]);
        break;
    case GI_FN_ACOS:
        LOOP d[k] = acos(a[k]);
        break;
    case GI_FN_ATAN:
        LOOP d[k] = atan(a[k]);
        break;
    case GI_FN_SINH:
        LOOP d[k] = sinh(a[k]);
        break;
    case GI_FN_COSH:
        LOOP d[k] = cosh(a[k]);
        break;
    case GI_FN_TANH:
        LOOP d[k] = tanh(a[k]);
        break;
    case GI_FN_EXP:
        LOOP d[k] = exp(a[k]);
        break;
    case GI_FN_EXPM1:
        LOOP d[k] = expm1(a[k]);
        break;
    case GI_FN_LOG:
        LOOP d[k] = log(a[k]);
        break;
    case GI_FN_LOG1P:
        LOOP d[k] = log1p(a[k]);
        break;
    case GI_FN_LOG2:
        LOOP d[k] = log2(a[k]);
        break;
    case GI_FN_LOG10:
        LOOP d[k] = log10(a[k]);
        break;
    case GI_FN_SQRT:
        LOOP d[k] = sqrt(a[k]);
        break;
    case GI_FN_CBRT:
        LOOP d[k] = cbrt(a[k]);
        break;
    case GI_FN_FABS:
        LOOP d[k] = fabs(a[k]);
        break;
    case GI_FN_FLOOR:
        LOOP d[k] = floor(a[k]);
        break;
    case GI_FN_CEIL:
        LOOP d[k] = ceil(a[k]);
        break;
    case GI_FN_ERF:
        LOOP d[k] = erf(a[k]);
        break;
    case GI_FN_ERFC:
        LOOP d[k] = erfc(a[k]);
        break;
    case GI_FN_TGAMMA:
        for (size_t k = 0; k < n; k++)
            d[k] = tgamma(a[k]);
        break;
    default: /* lgamma: the reentrant form, one at a time */
        for (size_t k = 0; k < n; k++)
            d[k] = gi_fn_eval(fn, a[k], 0.0);
        break;
    }
}

GI_VECTOR_CLONES
static void call2(int fn, const double *a, const double *b, double *d, size_t n)
{
    switch ((gi_fn)fn) {
    case GI_FN_POW:
        LOOP d[k] = pow(a[k], b[k]);
        break;
    case GI_FN_ATAN2:
        LOOP d[k] = atan2(a[k], b[k]);
        break;
    case GI_FN_HYPOT:
        LOOP d[k] = hypot(a[k], b[k]);
        break;
    case GI_FN_FMIN:
        LOOP d[k] = fmin(a[k], b[k]);
        break;
    case GI_FN_FMAX:
        LOOP d[k] = fmax(a[k], b[k]);
        break;
    default:
        break;
    }
}

GI_VECTOR_CLONES
static void select_cmp(int cmp, const double *l, const double *r, const double *t, const double *f,
                       double *d, size_t n)
{
    switch ((gi_cmp)cmp) {
    case GI_CMP_LT:
        LOOP d[k] = l[k] < r[k] ? t[k] : f[k];
        break;
    case GI_CMP_LE:
        LOOP d[k] = l[k] <= r[k] ? t[k] : f[k];
        break;
    case GI_CMP_GT:
        LOOP d[k] = l[k] > r[k] ? t[k] : f[k];
        break;
    case GI_CMP_GE:
        LOOP d[k] = l[k] >= r[k] ? t[k] : f[k];
        break;
    case GI_CMP_EQ:
        LOOP d[k] = l[k] == r[k] ? t[k] : f[k];
        break;
    case GI_CMP_NE:
        LOOP d[k] = l[k] != r[k] ? t[k] : f[k];
        break;
    }
}

/* The four arithmetic operators with a scalar on either side, without spreading it first:
 * x + y and a * y are the common shapes. (Both scalar cannot happen: that is a row value.) */
#define ARITH(OP)                                                                                  \
    do {                                                                                           \
        if (in->flags & GI_ARG_SCALAR(0)) {                                                        \
            const double s = S[in->arg[0]];                                                        \
            const double *b = V(in->arg[1]);                                                       \
            LOOP d[k] = s OP b[k];                                                                 \
        } else if (in->flags & GI_ARG_SCALAR(1)) {                                                 \
            const double *a = V(in->arg[0]);                                                       \
            const double s = S[in->arg[1]];                                                        \
            LOOP d[k] = a[k] OP s;                                                                 \
        } else {                                                                                   \
            const double *a = V(in->arg[0]), *b = V(in->arg[1]);                                   \
            LOOP d[k] = a[k] OP b[k];                                                              \
        }                                                                                          \
    } while (0)

/* The clones are static: an extern clone set is an ifunc symbol, which escapes
 * -fvisibility=hidden into libgpuinteg's exported symbols; gi_expr_program_block below is a
 * plain hidden function calling it. */
GI_VECTOR_CLONES
static void program_block_clones(const gi_expr_program *p, const double *y, size_t n,
                                 double *out, void *scratch)
{
    double *S = scratch;
    double *R = S + scalar_slots(p);        /* vector registers; R[0…B) unused */
    double *T = R + (size_t)p->nvector * B; /* four blocks for spread scalars */
#define V(r) ((r) == 0 ? y : R + (size_t)(r)*B)
    /* The root's instruction is the last (post-order): it writes into out directly, which
     * saves a pass over the block. */
    const int direct = !p->result_scalar && p->nblock > 0;
    for (int i = 0; i < p->nblock; i++) {
        const gi_ins *in = &p->block[i];
        double *d = direct && i == p->nblock - 1 ? out : R + (size_t)in->dst * B;
        switch ((gi_op)in->op) {
        case GI_OP_ADD:
            ARITH(+);
            break;
        case GI_OP_SUB:
            ARITH(-);
            break;
        case GI_OP_MUL:
            ARITH(*);
            break;
        case GI_OP_DIV:
            ARITH(/);
            break;
        case GI_OP_NEG: {
            const double *a = V(in->arg[0]);
            LOOP d[k] = -a[k];
            break;
        }
        default: {
            /* Calls and selects take vectors: spread scalar operands into T first. */
            const double *a[4];
            int args = in->op == GI_OP_SEL ? 4 : gi_fn_get(in->fn)->arity;
            for (int k = 0; k < args; k++) {
                if (in->flags & GI_ARG_SCALAR(k)) {
                    double *t = T + (size_t)k * B, s = S[in->arg[k]];
                    for (size_t j = 0; j < n; j++)
                        t[j] = s;
                    a[k] = t;
                } else {
                    a[k] = V(in->arg[k]);
                }
            }
            if (in->op == GI_OP_SEL)
                select_cmp(in->cmp, a[0], a[1], a[2], a[3], d, n);
            else if (args == 1)
                call1(in->fn, a[0], d, n);
            else
                call2(in->fn, a[0], a[1], d, n);
            break;
        }
        }
    }
    if (p->result_scalar) {
        const double s = S[p->result];
        LOOP out[k] = s;
    } else if (!direct) { /* f = y */
        memcpy(out, V(p->result), n * sizeof *out);
    }
#undef V
}

void gi_expr_program_block(const gi_expr_program *p, const double *y, size_t n, double *out,
                           void *scratch)
{
    program_block_clones(p, y, n, out, scratch);
}
