/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_integrand: an expression (checked tree, CPU program, OpenCL and CUDA sources) or a C
 * callback, and the gi_integrand_desc the backends receive.
 */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "core/context_impl.h"
#include "core/integrand_impl.h"
#include "expr/expr.h"
#include "expr/program.h"

_Static_assert(GI_EXPRESSION_MAX_LENGTH == GI_EXPR_MAX_LENGTH, "one length limit");
_Static_assert(GI_EXPRESSION_MAX_PARAMS == GI_EXPR_MAX_PARAMS, "one parameter limit");
_Static_assert(GI_INTEGRAND_BLOCK == GI_EXPR_BLOCK, "one block size");
_Static_assert(GI_RULE_GAUSS_MAX_ORDER == GI_RULE_MAX_NODES, "one order limit");

static void expr_row(const void *impl, double x, void *scratch)
{
    gi_expr_program_row(((const gi_integrand *)impl)->program, x, scratch);
}

static void expr_block(const void *impl, double x, const double *y, size_t n, double *out,
                       void *scratch)
{
    (void)x; /* the row's, already in the registers */
    gi_expr_program_block(((const gi_integrand *)impl)->program, y, n, out, scratch);
}

static void fn_block(const void *impl, double x, const double *y, size_t n, double *out,
                     void *scratch)
{
    (void)scratch;
    const gi_integrand *f = impl;
    for (size_t k = 0; k < n; k++)
        out[k] = f->fn(x, y[k], f->user);
}

static void vector_fn_block(const void *impl, double x, const double *y, size_t n, double *out,
                            void *scratch)
{
    const gi_integrand *f = impl;
    double *xs = scratch;
    for (size_t k = 0; k < n; k++)
        xs[k] = x;
    f->vector_fn(n, xs, y, out, f->user);
}

void gi_integrand_destroy(gi_integrand *f)
{
    if (!f)
        return;
    gi_expr_program_free(f->program);
    gi_expr_free(f->expr);
    free(f->opencl_source);
    free(f->cuda_source);
    free(f);
}

gi_status gi_integrand_from_expression(gi_context *ctx, const char *expr, const char *const *names,
                                       const double *values, int count, gi_integrand **out)
{
    if (out)
        *out = NULL;
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    if (!expr || !out || (count > 0 && (!names || !values)))
        return gi_error_set(&ctx->err, GI_STATUS_MISUSE, "gi_integrand_from_expression: %s is NULL",
                            !expr    ? "expr"
                            : !out   ? "out"
                            : !names ? "names"
                                     : "values");
    gi_expr_error why;
    gi_expr *e = gi_expr_compile(expr, names, values, count, &why);
    if (!e)
        return gi_error_set(&ctx->err,
                            strcmp(why.msg, "out of memory") == 0 ? GI_STATUS_OUT_OF_MEMORY
                                                                  : GI_STATUS_INVALID_ARGUMENT,
                            "%s", why.msg);
    gi_integrand *f = calloc(1, sizeof *f);
    if (!f || !(f->program = gi_expr_program_build(e)) ||
        !(f->opencl_source = gi_expr_emit_c(e, GI_EXPR_OPENCL)) ||
        !(f->cuda_source = gi_expr_emit_c(e, GI_EXPR_CUDA))) {
        if (f)
            f->expr = e;
        else
            gi_expr_free(e);
        gi_integrand_destroy(f);
        return gi_error_set(&ctx->err, GI_STATUS_OUT_OF_MEMORY,
                            "gi_integrand_from_expression: out of memory");
    }
    f->expr = e;
    f->desc = (gi_integrand_desc){
        .scratch_bytes = gi_expr_program_scratch_bytes(f->program),
        .row = expr_row,
        .block = expr_block,
        .impl = f,
        .opencl_source = f->opencl_source,
        .cuda_source = f->cuda_source,
        .text = gi_expr_source(e),
    };
    *out = f;
    return GI_STATUS_OK;
}

static gi_status from_callback(gi_context *ctx, gi_integrand_fn fn, gi_integrand_vector_fn vfn,
                               void *user, gi_integrand **out, const char *call)
{
    if (out)
        *out = NULL;
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    if ((!fn && !vfn) || !out)
        return gi_error_set(&ctx->err, GI_STATUS_MISUSE, "%s: %s is NULL", call,
                            !out ? "out" : "f");
    gi_integrand *f = calloc(1, sizeof *f);
    if (!f)
        return gi_error_set(&ctx->err, GI_STATUS_OUT_OF_MEMORY, "%s: out of memory", call);
    f->fn = fn;
    f->vector_fn = vfn;
    f->user = user;
    f->desc = (gi_integrand_desc){
        .scratch_bytes = vfn ? GI_INTEGRAND_BLOCK * sizeof(double) : 0,
        .row = NULL,
        .block = vfn ? vector_fn_block : fn_block,
        .impl = f,
        .text = vfn ? "C vector callback" : "C callback",
    };
    *out = f;
    return GI_STATUS_OK;
}

gi_status gi_integrand_from_function(gi_context *ctx, gi_integrand_fn f, void *user,
                                     gi_integrand **out)
{
    return from_callback(ctx, f, NULL, user, out, "gi_integrand_from_function");
}

gi_status gi_integrand_from_vector_function(gi_context *ctx, gi_integrand_vector_fn f, void *user,
                                            gi_integrand **out)
{
    return from_callback(ctx, NULL, f, user, out, "gi_integrand_from_vector_function");
}
