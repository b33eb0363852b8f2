/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/cuda/cuda_staging.h — moving column-major blocks between the user's (pageable)
 * arrays and pinned staging slots, in pieces that fit a slot.
 *
 * A block is rows × cols doubles of a column-major array with leading dimension ld. On the GPU
 * it is stored packed (leading dimension rows), so each piece below is one contiguous range
 * there: either whole columns, or, when one column is larger than a slot, part of one column.
 */
#ifndef GI_CUDA_STAGING_H
#define GI_CUDA_STAGING_H

#include <stdint.h>

/* Piece k of a rows × cols block: rows [r0, r0+nr) of columns [q0, q0+nq). */
typedef struct gi_cuda_piece {
    int64_t r0, nr, q0, nq;
} gi_cuda_piece;

/* Number of pieces of at most `capacity` doubles that a rows × cols block is cut into. */
int64_t gi_cuda_piece_count(int64_t rows, int64_t cols, int64_t capacity);

/* Piece k (0 ≤ k < count) of that cut; its offset in the packed block is q0·rows + r0. */
gi_cuda_piece gi_cuda_piece_get(int64_t rows, int64_t cols, int64_t capacity, int64_t k);

/* dst (packed, leading dimension nr) ← the nr × nq block at src (leading dimension ld), on up
 * to `threads` CPU threads. */
void gi_cuda_pack(double *dst, const double *src, int64_t ld, int64_t nr, int64_t nq, int threads);

/* dst (leading dimension ld) ← the packed nr × nq block at src, on up to `threads` threads. */
void gi_cuda_unpack(double *dst, int64_t ld, const double *src, int64_t nr, int64_t nq,
                    int threads);

#endif /* GI_CUDA_STAGING_H */
