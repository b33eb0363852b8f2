/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_dgemm's argument checks: reference BLAS's order (the first bad argument wins), each
 * message word for word, NULL pointers, and that a rejected call touches nothing.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

static gi_context *ctx;
static double A[64], B[64], C[64];

static void setup(void)
{
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, "serial"), GI_STATUS_OK);
    for (int i = 0; i < 64; i++)
        C[i] = NAN;
}

static void teardown(void)
{
    gi_context_destroy(ctx);
}

TestSuite(dgemm_args, .init = setup, .fini = teardown);

typedef struct bad_call {
    char ta, tb;
    int64_t m, n, k, lda, ldb, ldc;
    const char *message;
} bad_call;

static const bad_call bad_calls[] = {
    {'X', 'N', 2, 2, 2, 2, 2, 2,
     "gi_dgemm: argument 1 (transa) = 'X' must be one of N, T, C (either case)"},
    {'\n', 'N', 2, 2, 2, 2, 2, 2,
     "gi_dgemm: argument 1 (transa) = character 10 must be one of N, T, C (either case)"},
    {'N', 'y', 2, 2, 2, 2, 2, 2,
     "gi_dgemm: argument 2 (transb) = 'y' must be one of N, T, C (either case)"},
    {'N', 'N', -1, 2, 2, 2, 2, 2, "gi_dgemm: argument 3 (m) = -1 must be >= 0"},
    {'N', 'N', 2, -5, 2, 2, 2, 2, "gi_dgemm: argument 4 (n) = -5 must be >= 0"},
    {'N', 'N', 2, 2, -2, 2, 2, 2, "gi_dgemm: argument 5 (k) = -2 must be >= 0"},
    {'N', 'N', 3, 2, 2, 2, 2, 3, "gi_dgemm: argument 8 (lda) = 2 must be >= max(1, m) = 3"},
    {'T', 'N', 3, 2, 4, 3, 4, 3, "gi_dgemm: argument 8 (lda) = 3 must be >= max(1, k) = 4"},
    {'N', 'N', 0, 2, 0, 0, 1, 1, "gi_dgemm: argument 8 (lda) = 0 must be >= max(1, m) = 1"},
    {'N', 'N', 2, 2, 5, 2, 4, 2, "gi_dgemm: argument 10 (ldb) = 4 must be >= max(1, k) = 5"},
    {'N', 'T', 2, 6, 5, 2, 5, 2, "gi_dgemm: argument 10 (ldb) = 5 must be >= max(1, n) = 6"},
    {'N', 'N', 4, 2, 2, 4, 2, 3, "gi_dgemm: argument 13 (ldc) = 3 must be >= max(1, m) = 4"},
    {'N', 'N', 0, 0, 0, 1, 1, 0, "gi_dgemm: argument 13 (ldc) = 0 must be >= max(1, m) = 1"},
    /* Several bad ones: the first in BLAS's order is named, as XERBLA would. */
    {'Q', 'Q', -1, -1, -1, 0, 0, 0, "argument 1 (transa)"},
    {'N', 'N', -1, -1, -1, 0, 0, 0, "argument 3 (m)"},
    {'N', 'N', 5, 5, -1, 1, 1, 1, "argument 5 (k)"},
    {'N', 'N', 5, 5, 5, 1, 1, 1, "argument 8 (lda)"},
    {'T', 'T', 5, 5, 5, 5, 1, 1, "argument 10 (ldb)"},
};

Test(dgemm_args, each_bad_argument_named_in_blas_order)
{
    for (size_t i = 0; i < sizeof bad_calls / sizeof bad_calls[0]; i++) {
        const bad_call *c = &bad_calls[i];
        gi_status st = gi_dgemm(ctx, c->ta, c->tb, c->m, c->n, c->k, 1.0, A, c->lda, B, c->ldb, 0.0,
                                C, c->ldc);
        cr_assert_eq(st, GI_STATUS_INVALID_ARGUMENT, "case %zu: status %d", i, st);
        const char *msg = gi_last_error(ctx);
        if (strncmp(c->message, "gi_dgemm:", 9) == 0)
            cr_assert_str_eq(msg, c->message, "case %zu", i);
        else
            cr_assert(strstr(msg, c->message), "case %zu: '%s' lacks '%s'", i, msg, c->message);
        for (int e = 0; e < 64; e++)
            cr_assert(isnan(C[e]), "case %zu: a rejected call wrote C[%d]", i, e);
    }
}

Test(dgemm_args, verify_checks_the_same_way_and_ldc0)
{
    gi_dgemm_check check;
    memset(&check, 0x5a, sizeof check);
    cr_assert_eq(
        gi_dgemm_verify(ctx, 'N', 'N', 3, 2, 2, 1.0, A, 2, B, 2, 0.0, NULL, 1, C, 3, &check),
        GI_STATUS_INVALID_ARGUMENT);
    cr_assert_str_eq(gi_last_error(ctx),
                     "gi_dgemm_verify: argument 8 (lda) = 2 must be >= max(1, m) = 3");
    cr_assert_eq(check.max_rel_residual, 0.0, "check must be zeroed on failure");
    cr_assert_eq(check.vectors, 0);
    cr_assert_eq(gi_dgemm_verify(ctx, 'N', 'N', 3, 2, 2, 1.0, A, 3, B, 2, 0.5, C, 2, C, 3, NULL),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_assert_str_eq(gi_last_error(ctx),
                     "gi_dgemm_verify: argument 14 (ldc0) = 2 must be >= max(1, m) = 3");
    /* ldc0 is not looked at when beta = 0: C0 is not used. */
    cr_assert_eq(gi_dgemm_verify(ctx, 'N', 'N', 3, 2, 2, 0.0, NULL, 3, NULL, 2, 0.0, NULL, 0,
                                 (double[6]){0}, 3, NULL),
                 GI_STATUS_OK, "%s", gi_last_error(ctx));
    cr_assert_eq(gi_dgemm_verify(ctx, 'N', 'N', 3, 2, 2, 1.0, A, 3, B, 2, 0.5, NULL, 3, C, 3, NULL),
                 GI_STATUS_MISUSE);
    cr_assert_str_eq(gi_last_error(ctx), "gi_dgemm_verify: C0 is NULL but beta = 0.5 needs it");
    cr_assert_eq(
        gi_dgemm_verify(NULL, 'N', 'N', 1, 1, 1, 1.0, A, 1, B, 1, 0.0, NULL, 1, C, 1, NULL),
        GI_STATUS_MISUSE);
}

Test(dgemm_args, null_matrices_the_call_needs)
{
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 2, 2, 2, 1.0, NULL, 2, B, 2, 0.0, C, 2), GI_STATUS_MISUSE);
    cr_assert_str_eq(gi_last_error(ctx),
                     "gi_dgemm: argument 7 (A) is NULL but alpha = 1 and k = 2 need it");
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 2, 2, 2, -0.5, A, 2, NULL, 2, 0.0, C, 2),
                 GI_STATUS_MISUSE);
    cr_assert_str_eq(gi_last_error(ctx),
                     "gi_dgemm: argument 9 (B) is NULL but alpha = -0.5 and k = 2 need it");
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 2, 3, 2, 1.0, A, 2, B, 2, 0.0, NULL, 2), GI_STATUS_MISUSE);
    cr_assert_str_eq(gi_last_error(ctx), "gi_dgemm: argument 12 (C) is NULL but m = 2, n = 3");
    /* C is needed even when only scaled. */
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 2, 3, 2, 0.0, NULL, 2, NULL, 2, 0.0, NULL, 2),
                 GI_STATUS_MISUSE);
    cr_assert_eq(gi_dgemm(NULL, 'N', 'N', 2, 2, 2, 1.0, A, 2, B, 2, 0.0, C, 2), GI_STATUS_MISUSE);
    cr_assert_str_eq(gi_last_error(NULL), "no context");
}

Test(dgemm_args, success_clears_the_message_and_records_timing)
{
    cr_assert_eq(gi_dgemm(ctx, 'Z', 'N', 2, 2, 2, 1.0, A, 2, B, 2, 0.0, C, 2),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_assert_neq(gi_last_error(ctx)[0], '\0');
    for (int i = 0; i < 4; i++)
        A[i] = B[i] = 1.0;
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 2, 2, 2, 1.0, A, 2, B, 2, 0.0, C, 2), GI_STATUS_OK);
    cr_assert_str_empty(gi_last_error(ctx));
    for (int i = 0; i < 4; i++)
        cr_assert_eq(C[i], 2.0);
    gi_timing t;
    cr_assert_eq(gi_last_timing(ctx, &t), GI_STATUS_OK);
    cr_assert_str_eq(t.backend, "serial");
    cr_assert_eq(t.threads, 1);
    cr_assert_geq(t.time_s, t.kernel_time_s);
    cr_assert_eq(t.transfer_time_s, 0.0);
}

Test(dgemm_args, interrupted_serial_call)
{
    static double a[256 * 256], b[256 * 256], c[256 * 256];
    gi_context_interrupt(ctx);
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 256, 256, 256, 1.0, a, 256, b, 256, 0.0, c, 256),
                 GI_STATUS_INTERRUPTED);
    cr_assert(strstr(gi_last_error(ctx), "serial: dgemm stopped on request"), "%s",
              gi_last_error(ctx));
    gi_context_clear_interrupt(ctx);
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 256, 256, 256, 1.0, a, 256, b, 256, 0.0, c, 256),
                 GI_STATUS_OK);
}

Test(dgemm_args, last_error_argument_is_the_position_xerbla_gets)
{
    for (size_t i = 0; i < sizeof bad_calls / sizeof bad_calls[0]; i++) {
        const bad_call *c = &bad_calls[i];
        int want = 0;
        const char *at = strstr(c->message, "argument ");
        cr_assert(at && sscanf(at, "argument %d", &want) == 1, "case %zu", i);
        gi_dgemm(ctx, c->ta, c->tb, c->m, c->n, c->k, 1.0, A, c->lda, B, c->ldb, 0.0, C, c->ldc);
        cr_expect_eq(gi_last_error_argument(ctx), want, "case %zu: %s", i, gi_last_error(ctx));
        /* Reading it, or the message, changes neither. */
        cr_expect_eq(gi_last_error_argument(ctx), want);
    }
    cr_assert_eq(gi_dgemm_verify(ctx, 'N', 'N', 3, 2, 2, 1.0, A, 3, B, 2, 0.5, C, 2, C, 3, NULL),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_expect_eq(gi_last_error_argument(ctx), 14);
    /* A NULL matrix is misuse, not an illegal value: XERBLA has no number for it. */
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 2, 2, 2, 1.0, NULL, 2, B, 2, 0.0, C, 2), GI_STATUS_MISUSE);
    cr_expect_eq(gi_last_error_argument(ctx), 0);
    double c2[4] = {0};
    cr_assert_eq(gi_dgemm(ctx, 'Q', 'N', 2, 2, 2, 1.0, A, 2, B, 2, 0.0, c2, 2),
                 GI_STATUS_INVALID_ARGUMENT);
    cr_assert_eq(gi_dgemm(ctx, 'N', 'N', 2, 2, 2, 1.0, A, 2, B, 2, 0.0, c2, 2), GI_STATUS_OK);
    cr_expect_eq(gi_last_error_argument(ctx), 0, "success clears it");
    cr_expect_eq(gi_last_error_argument(NULL), 0);
}
