/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/mpi/gemm_ranks.h — C = A·B spread over the ranks of an MPI job, for products whose
 * matrices do not fit one device or one node: 2-D SUMMA on an r×c process grid, every rank
 * multiplying its panels with its own backend's gi_dgemm, and Freivalds' check computed on the
 * distributed blocks with gi_dgemm_verify's tolerance.
 *
 * Layout. Ranks form the most square r×c grid (r ≤ c, r·c = ranks), rank = pr·c + pc. Rows of
 * A and C are split in r blocks, columns of B and C in c blocks; the inner dimension k is split
 * in c blocks for A's columns and in r blocks for B's rows (all splits by gi_mpi_tile_share:
 * contiguous, sizes differing by at most one). Rank (pr, pc) holds A[rows pr, k-block pc],
 * B[k-block pr, cols pc] and C[rows pr, cols pc], column-major with the block's own row count
 * as leading dimension.
 *
 * SUMMA. The k range is cut at every boundary of both k splits (at most r + c − 1 panels).
 * For each panel, the rank of the process row that holds A's part broadcasts it along the row,
 * the rank of the process column that holds B's part broadcasts it down the column, and every
 * rank adds the panels' product to its C block with gi_dgemm. Traffic per rank: its share of
 * A's rows (m/r × k) and of B's columns (k × n/c); no rank ever holds a whole matrix.
 */
#ifndef GI_MPI_GEMM_RANKS_H
#define GI_MPI_GEMM_RANKS_H

#include <stdint.h>

#include <gpuinteg/gpuinteg.h>

#include "job.h"

/* One rank's place in the product, from gi_mpi_gemm_layout. */
typedef struct gi_mpi_gemm_layout {
    int r, c;   /* the process grid */
    int pr, pc; /* this rank's row and column in it */
    int64_t m, n, k;
    int64_t row0, rows; /* rows of A and C held: row0 … row0+rows-1 */
    int64_t col0, cols; /* columns of B and C held */
    int64_t ka0, ka;    /* columns of A held (k-block pc of c) */
    int64_t kb0, kb;    /* rows of B held (k-block pr of r) */
    MPI_Comm row_comm;  /* the ranks of this process row, ordered by pc */
    MPI_Comm col_comm;  /* the ranks of this process column, ordered by pr */
} gi_mpi_gemm_layout;

/* Collective. The most square grid for job->ranks and this rank's blocks of an m×k by k×n
 * product (m, n, k ≥ 1). Free with gi_mpi_gemm_layout_free (collective). */
void gi_mpi_gemm_layout_make(const gi_mpi_job *job, int64_t m, int64_t n, int64_t k,
                             gi_mpi_gemm_layout *out /* OUT */);
void gi_mpi_gemm_layout_free(gi_mpi_gemm_layout *l);

/* One rank's blocks: A is rows×ka, B kb×cols, C rows×cols, column-major, leading dimensions
 * rows, kb and rows. Owned by the caller. */
typedef struct gi_mpi_gemm_blocks {
    double *A, *B, *C;
} gi_mpi_gemm_blocks;

/* Fills this rank's blocks of op(A) and op(B) with the numbers one process would have, as
 * `gpuinteg gemm --seed --transa --transb` fills them: A as stored (m×k for 'N', k×m for 'T',
 * column-major) is stream `seed` from offset 0, B as stored (k×n or n×k) the same stream from
 * offset m·k (gi_random_uniform). The blocks hold op(A) and op(B): no rank transposes. */
void gi_mpi_gemm_fill(const gi_mpi_gemm_layout *l, uint64_t seed, char transa, char transb,
                      gi_mpi_gemm_blocks *b);

/* Bytes this rank allocates for a product: its blocks and gi_mpi_dgemm's panel buffers. */
uint64_t gi_mpi_gemm_rank_bytes(const gi_mpi_gemm_layout *l);

/* What one rank spent in one gi_mpi_dgemm. */
typedef struct gi_mpi_gemm_times {
    double dgemm_s;    /* wall time inside gi_dgemm (the panel products) */
    double kernel_s;   /* of which the backend computed (gi_last_timing, summed) */
    double transfer_s; /* and copied between host and device without overlap */
    double comm_s;     /* wall time in the panels' broadcasts */
    int panels;        /* panel products (the k range's cuts) */
} gi_mpi_gemm_times;

/* Collective. C := A·B over the ranks (SUMMA above), each panel product on ctx's selected
 * device with gi_dgemm; *t gets this rank's times. Returns the agreed status (gi_mpi_agree:
 * the lowest failing rank printed its message), the same on every rank. */
gi_status gi_mpi_dgemm(const gi_mpi_job *job, gi_context *ctx, const gi_mpi_gemm_layout *l,
                       gi_mpi_gemm_blocks *b, gi_mpi_gemm_times *t /* OUT */);

/* Collective. Freivalds' check of the distributed C against A·B with GI_DGEMM_VERIFY_VECTORS
 * random ±(½…1) vectors, row by row: |C·x − A·(B·x)|_i ≤ 2·γ_{2k+n+5}·(|C||x| + |A|(|B||x|))_i,
 * the bound gi_dgemm_verify derives (it holds for any order of the sums, so also for sums
 * that MPI_Allreduce adds in its own order). Fills *check on every rank; worst_row is a row
 * of the whole C. Returns GI_STATUS_OK or GI_STATUS_VERIFICATION_FAILED (every rank), or
 * GI_STATUS_OUT_OF_MEMORY (agreed). */
gi_status gi_mpi_dgemm_verify(const gi_mpi_job *job, const gi_mpi_gemm_layout *l,
                              const gi_mpi_gemm_blocks *b, gi_dgemm_check *check /* OUT */);

#endif /* GI_MPI_GEMM_RANKS_H */
