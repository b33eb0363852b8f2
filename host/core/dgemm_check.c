/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * DGEMM's argument checks as reference BLAS makes them (dgemm.f: INFO 1, 2, 3, 4, 5, 8, 10, 13,
 * the first failure wins), with messages that say the rule instead of only the number.
 */
#include "core/dgemm_check.h"

#include "util/error.h"

char gi_dgemm_trans(char t)
{
    switch (t) {
    case 'N':
    case 'n':
        return 'N';
    case 'T':
    case 't':
    case 'C':
    case 'c':
        return 'T';
    default:
        return 0;
    }
}

static gi_status bad_trans(gi_error *err, const char *call, int position, const char *name, char t)
{
    if (t >= 0x20 && t < 0x7f)
        return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                            "%s: argument %d (%s) = '%c' must be one of N, T, C (either case)",
                            call, position, name, t);
    return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                        "%s: argument %d (%s) = character %d must be one of N, T, C (either case)",
                        call, position, name, (int)(unsigned char)t);
}

static gi_status negative(gi_error *err, const char *call, int position, const char *name,
                          int64_t v)
{
    return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT, "%s: argument %d (%s) = %lld must be >= 0",
                        call, position, name, (long long)v);
}

gi_status gi_dgemm_check_ld(gi_error *err, const char *call, int position, const char *name,
                            int64_t ld, int64_t rows, const char *rows_name)
{
    int64_t need = rows > 1 ? rows : 1;
    if (ld >= need)
        return GI_STATUS_OK;
    return gi_error_set(err, GI_STATUS_INVALID_ARGUMENT,
                        "%s: argument %d (%s) = %lld must be >= max(1, %s) = %lld", call, position,
                        name, (long long)ld, rows_name, (long long)need);
}

static gi_status checked(gi_status st, int *position, int at)
{
    if (position)
        *position = st == GI_STATUS_OK ? 0 : at;
    return st;
}

gi_status gi_dgemm_check_args(gi_error *err, const char *call, char transa, char transb, int64_t m,
                              int64_t n, int64_t k, int64_t lda, int64_t ldb, int64_t ldc,
                              int *position)
{
    char ta = gi_dgemm_trans(transa), tb = gi_dgemm_trans(transb);
    if (!ta)
        return checked(bad_trans(err, call, 1, "transa", transa), position, 1);
    if (!tb)
        return checked(bad_trans(err, call, 2, "transb", transb), position, 2);
    if (m < 0)
        return checked(negative(err, call, 3, "m", m), position, 3);
    if (n < 0)
        return checked(negative(err, call, 4, "n", n), position, 4);
    if (k < 0)
        return checked(negative(err, call, 5, "k", k), position, 5);
    /* A is stored m×k for 'N' and k×m for 'T'; B is k×n for 'N' and n×k for 'T'. */
    gi_status st =
        gi_dgemm_check_ld(err, call, 8, "lda", lda, ta == 'N' ? m : k, ta == 'N' ? "m" : "k");
    if (st != GI_STATUS_OK)
        return checked(st, position, 8);
    st = gi_dgemm_check_ld(err, call, 10, "ldb", ldb, tb == 'N' ? k : n, tb == 'N' ? "k" : "n");
    if (st != GI_STATUS_OK)
        return checked(st, position, 10);
    st = gi_dgemm_check_ld(err, call, 13, "ldc", ldc, m, "m");
    return checked(st, position, 13);
}
