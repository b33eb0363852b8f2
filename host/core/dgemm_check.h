/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/core/dgemm_check.h — the argument checks gi_dgemm and gi_dgemm_verify share: reference
 * BLAS's DGEMM checks, in its order, with its argument numbers.
 */
#ifndef GI_CORE_DGEMM_CHECK_H
#define GI_CORE_DGEMM_CHECK_H

#include <stdint.h>

#include "core/backend.h"

/* Normalises a transpose letter: 'N'/'n' → 'N'; 'T'/'t'/'C'/'c' → 'T'; anything else → 0. */
char gi_dgemm_trans(char t);

/* Checks the arguments of DGEMM numbered 1–5, 8, 10 and 13 (transa, transb, m, n, k, lda, ldb,
 * ldc), stopping at the first bad one as XERBLA would. `call` prefixes the message
 * ("gi_dgemm"). Returns GI_STATUS_OK or GI_STATUS_INVALID_ARGUMENT with err filled, e.g.
 * "gi_dgemm: argument 8 (lda) = 2 must be >= max(1, m) = 3". *position (may be NULL) gets the
 * bad argument's number, the INFO XERBLA would get, or 0 when all are good. */
gi_status gi_dgemm_check_args(gi_error *err, const char *call, char transa, char transb, int64_t m,
                              int64_t n, int64_t k, int64_t lda, int64_t ldb, int64_t ldc,
                              int *position /* OUT */);

/* Checks a leading dimension ld of an m-row matrix given as argument number `position` under
 * `name`; the same message form as above. */
gi_status gi_dgemm_check_ld(gi_error *err, const char *call, int position, const char *name,
                            int64_t ld, int64_t rows, const char *rows_name);

#endif /* GI_CORE_DGEMM_CHECK_H */
