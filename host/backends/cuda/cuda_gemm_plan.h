/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/cuda/cuda_gemm_plan.h — how a gemm is cut to fit the device and to overlap its
 * transfers with its products (cuda_dgemm.c runs the plan).
 *
 * C (m × n) is computed in tiles: `strips` row strips of at most strip_rows rows, each cut into
 * `blocks` column blocks of at most `width` columns. A row strip's part of op(A) (strip_rows × k)
 * stays on the device while the strip's tiles are computed; each tile needs its block of op(B)
 * (k × width) and, when beta ≠ 0, its block of C. The first tile of a strip is multiplied in
 * `panels` products over slices of k (panel_k wide), so that it starts as soon as op(A)'s first
 * panel is on the device rather than all of it; the strip's other tiles are one product each.
 *
 * In core (A, B and C fit the device's memory): one strip, every block of B and C has its own
 * place (slots = blocks), and nothing is uploaded twice. Out of core: the strip is as tall as
 * lets tiles of at least GI_CUDA_GEMM_MIN_COLS columns (or all of n) fit beside it, and B's and
 * C's blocks rotate through GI_CUDA_GEMM_OOC_SLOTS places each, so that a tile's uploads overlap
 * the previous tile's product; B is uploaded once per strip.
 */
#ifndef GI_CUDA_GEMM_PLAN_H
#define GI_CUDA_GEMM_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"

/* Column blocks per strip at most when in core: enough to overlap, few enough to keep each
 * product large. */
#define GI_CUDA_GEMM_BLOCKS 8
/* Columns per block at least (when n allows): narrower products run well below cuBLAS's peak. */
#define GI_CUDA_GEMM_MIN_COLS 256
/* Panels of the first tile of a strip at most, each at least GI_CUDA_GEMM_MIN_COLS deep. */
#define GI_CUDA_GEMM_PANELS 4
/* Out of core: places for B's and C's blocks on the device. */
#define GI_CUDA_GEMM_OOC_SLOTS 2

typedef struct gi_cuda_gemm_plan {
    int64_t strip_rows, strips; /* C's row strips: strip_rows rows each, the last may be fewer */
    int64_t width, blocks;      /* a strip's column blocks: width columns, the last may be fewer */
    int64_t slots;              /* places for B's and C's blocks on the device */
    int64_t panel_k, panels;    /* the first tile's products: panel_k of k each */
    int out_of_core;
    size_t a_bytes, b_bytes, c_bytes; /* device buffers: a strip of op(A), slots of B and C */
} gi_cuda_gemm_plan;

/* The plan for C := alpha·op(A)·op(B) + beta·C of m × n × k (all ≥ 1) in at most `budget` bytes
 * of device memory. GI_STATUS_OUT_OF_MEMORY, with the bytes needed at least, when even tiles of
 * one row and one column do not fit. */
gi_status gi_cuda_gemm_plan_make(int64_t m, int64_t n, int64_t k, size_t budget,
                                 gi_cuda_gemm_plan *plan, gi_error *err);

#endif /* GI_CUDA_GEMM_PLAN_H */
