/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/expr/functions.h — the allow-list of functions an expression may call.
 *
 * Nothing outside this table can be called. Each entry has the same name in the expression, in
 * C (<math.h>), in OpenCL C and in CUDA, and the same meaning in all four.
 */
#ifndef GI_EXPR_FUNCTIONS_H
#define GI_EXPR_FUNCTIONS_H

typedef enum gi_fn {
    GI_FN_SIN,
    GI_FN_COS,
    GI_FN_TAN,
    GI_FN_ASIN,
    GI_FN_ACOS,
    GI_FN_ATAN,
    GI_FN_ATAN2,
    GI_FN_SINH,
    GI_FN_COSH,
    GI_FN_TANH,
    GI_FN_EXP,
    GI_FN_EXPM1,
    GI_FN_LOG,
    GI_FN_LOG1P,
    GI_FN_LOG2,
    GI_FN_LOG10,
    GI_FN_SQRT,
    GI_FN_CBRT,
    GI_FN_POW,
    GI_FN_HYPOT,
    GI_FN_FABS,
    GI_FN_FLOOR,
    GI_FN_CEIL,
    GI_FN_FMIN,
    GI_FN_FMAX,
    GI_FN_ERF,
    GI_FN_ERFC,
    GI_FN_TGAMMA,
    GI_FN_LGAMMA,
    GI_FN_COUNT
} gi_fn;

typedef struct gi_fn_info {
    const char *name; /* in expressions and in C, OpenCL C and CUDA */
    int arity;        /* 1 or 2 */
} gi_fn_info;

/* The entry of function f (0 ≤ f < GI_FN_COUNT). */
const gi_fn_info *gi_fn_get(int f);

/* The function named by the len characters at name, or -1. */
int gi_fn_find(const char *name, int len);

/* f at a (and b when it takes two arguments), with the C library's scalar function. */
double gi_fn_eval(int f, double a, double b);

#endif /* GI_EXPR_FUNCTIONS_H */
