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

/* Fills this rank's blocks of A and B with the numbers one process would have: A is stream
 * `seed` from offset 0 (m×k column-major), B the same stream from offset m·k
 * (gi_random_uniform), as `gpuinteg gemm --seed` fills them. */
void gi_mpi_gemm_fill(const gi_mpi_gemm_layout *l, uint64_t seed, gi_mpi_gemm_blocks *b);

/* Collective. C := A·B over the ranks (SUMMA above), each panel product on ctx's selected
 * device with gi_dgemm. *kernel_s gets this rank's time inside gi_dgemm, *comm_s its time in
 * broadcasts. Returns the agreed status (gi_mpi_agree: the lowest failing rank printed its
 * message), the same on every rank. */
gi_status gi_mpi_dgemm(const gi_mpi_job *job, gi_context *ctx, const gi_mpi_gemm_layout *l,
                       gi_mpi_gemm_blocks *b, double *kernel_s /* OUT */, double *comm_s /* OUT */);

/* Collective. Freivalds' check of the distributed C against A·B with GI_DGEMM_VERIFY_VECTORS
 * random ±(½…1) vectors, row by row: |C·x − A·(B·x)|_i ≤ 2·γ_{2k+n+5}·(|C||x| + |A|(|B||x|))_i,
 * the bound gi_dgemm_verify derives (it holds for any order of the sums, so also for sums
 * that MPI_Allreduce adds in its own order). Fills *check on every rank; worst_row is a row
 * of the whole C. Returns GI_STATUS_OK or GI_STATUS_VERIFICATION_FAILED (every rank), or
 * GI_STATUS_OUT_OF_MEMORY (agreed). */
gi_status gi_mpi_dgemm_verify(const gi_mpi_job *job, const gi_mpi_gemm_layout *l,
                              const gi_mpi_gemm_blocks *b, gi_dgemm_check *check /* OUT */);

#endif /* GI_MPI_GEMM_RANKS_H */
