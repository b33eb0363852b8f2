/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The serial backend's dgemm: a cache-blocked product in the shape of Goto and van de Geijn,
 * "Anatomy of High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008), kept simple
 * enough to serve as the oracle of the tests.
 *
 * op(B) is packed KC×NC at a time into panels of NR columns, op(A) MC×KC at a time into panels
 * of MR rows (zero-padded at the edges), so the innermost loop reads both contiguously
 * whatever the transposes. An MR×NR micro-kernel sums KC products per element, p in order,
 * into registers; the block sums of an element are added to C in p order:
 *     C := beta·C + alpha·S₀, then C := C + alpha·S₁, …   (S_b = Σ of block b's products)
 * so each element's rounding depends on k and KC only (beta = 0 stores alpha·S₀, never
 * reading C). Transposes change only how the panels are packed, never the arithmetic.
 */
#include "serial_dgemm.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "util/clock.h"
#include "common/dgemm_scale.h"
#include "util/error.h"
#include "common/simd.h"

/* 8×6 accumulators take 6 AVX-512 or 12 AVX2 registers, leaving room for a column of A and a
 * broadcast of B (AVX-512 does as well with 8×8 or 8×12 on the machine measured, AVX2 would
 * spill); an MC×KC panel of A (256 KiB) stays in L2, a KC×NC panel of B in L3. */
enum { MR = 8, NR = 6, KC = 256, MC = 128, NC = 512 * NR };

static inline int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* Packs op(A)[ic : ic+mc, pc : pc+kc] into ceil(mc/MR) panels, each kc×MR, row i of a panel
 * at [p·MR + i]; rows past mc are zero. */
static void pack_a(const gi_dgemm_args *g, int64_t ic, int64_t pc, int64_t mc, int64_t kc,
                   double *restrict Ap)
{
    for (int64_t ir = 0; ir < mc; ir += MR) {
        int64_t mr = min64(MR, mc - ir);
        double *dst = Ap + ir * kc;
        for (int64_t p = 0; p < kc; p++) {
            for (int64_t i = 0; i < mr; i++) {
                int64_t row = ic + ir + i, col = pc + p;
                dst[p * MR + i] =
                    g->transa == 'N' ? g->A[row + col * g->lda] : g->A[col + row * g->lda];
            }
            for (int64_t i = mr; i < MR; i++)
                dst[p * MR + i] = 0.0;
        }
    }
}

/* Packs op(B)[pc : pc+kc, jc : jc+nc] into ceil(nc/NR) panels, each kc×NR, column j of a
 * panel at [p·NR + j]; columns past nc are zero. */
static void pack_b(const gi_dgemm_args *g, int64_t pc, int64_t jc, int64_t kc, int64_t nc,
                   double *restrict Bp)
{
    for (int64_t jr = 0; jr < nc; jr += NR) {
        int64_t nr = min64(NR, nc - jr);
        double *dst = Bp + jr * kc;
        for (int64_t p = 0; p < kc; p++) {
            for (int64_t j = 0; j < nr; j++) {
                int64_t row = pc + p, col = jc + jr + j;
                dst[p * NR + j] =
                    g->transb == 'N' ? g->B[row + col * g->ldb] : g->B[col + row * g->ldb];
            }
            for (int64_t j = nr; j < NR; j++)
                dst[p * NR + j] = 0.0;
        }
    }
}

/* One column of an MR-row panel as a GCC vector: element-wise arithmetic, lowered to
 * whatever registers the clone has (one zmm, two ymm, four xmm). */
typedef double column __attribute__((vector_size(MR * sizeof(double))));

/* ab[j][i] = Σ_p a[p·MR + i]·b[p·NR + j], p = 0, 1, …, kc-1 in that order. a is aligned to
 * a column. */
static inline void micro_kernel(int64_t kc, const double *restrict a, const double *restrict b,
                                column ab[NR])
{
    column acc[NR];
    for (int j = 0; j < NR; j++)
        acc[j] = (column){0.0};
    for (int64_t p = 0; p < kc; p++) {
        column ap = *(const column *)(a + p * MR);
        for (int j = 0; j < NR; j++)
            acc[j] += ap * b[p * NR + j];
    }
    for (int j = 0; j < NR; j++)
        ab[j] = acc[j];
}

/* C[0:mc, 0:nc] := (first ? beta·C : C) + alpha·(packed A)·(packed B). Built once per vector
 * width (simd.h); every clone does the same operations in the same order. Static: an extern
 * clone set is an ifunc symbol, which escapes -fvisibility=hidden into libgpuinteg's
 * exported symbols. */
GI_VECTOR_CLONES
static void gi_serial_dgemm_block(int64_t mc, int64_t nc, int64_t kc, const double *restrict Ap,
                                  const double *restrict Bp, double alpha, double beta, int first,
                                  double *restrict C, int64_t ldc)
{
    for (int64_t jr = 0; jr < nc; jr += NR) {
        int64_t nr = min64(NR, nc - jr);
        for (int64_t ir = 0; ir < mc; ir += MR) {
            int64_t mr = min64(MR, mc - ir);
            column ab[NR];
            micro_kernel(kc, Ap + ir * kc, Bp + jr * kc, ab);
            for (int64_t j = 0; j < nr; j++) {
                double *c = C + ir + (jr + j) * ldc;
                for (int64_t i = 0; i < mr; i++) {
                    double v = alpha * ab[j][i];
                    if (!first)
                        c[i] = c[i] + v;
                    else if (beta == 0.0)
                        c[i] = v;
                    else
                        c[i] = beta * c[i] + v;
                }
            }
        }
    }
}

gi_status serial_dgemm(void *state, int device, const gi_run_config *cfg, const gi_dgemm_args *g,
                       gi_workload_timing *t, gi_error *err)
{
    (void)state;
    (void)device;
    double start = gi_now();
    t->threads_used = 1;
    t->transfer_time_s = 0.0;
    if (g->alpha == 0.0 || g->k == 0) {
        gi_dgemm_scale_c(g->m, g->n, g->beta, g->C, g->ldc);
        t->kernel_time_s = gi_now() - start;
        return GI_STATUS_OK;
    }

    /* Buffers sized for the blocks this call uses, not the maxima, so small calls stay small. */
    int64_t mc_max = min64(MC, g->m), nc_max = min64(NC, g->n), kc_max = min64(KC, g->k);
    size_t a_len = (size_t)((mc_max + MR - 1) / MR * MR * kc_max);
    size_t b_len = (size_t)((nc_max + NR - 1) / NR * NR * kc_max);
    double *Ap = aligned_alloc(sizeof(column), a_len * sizeof *Ap);
    double *Bp = malloc(b_len * sizeof *Bp);
    if (!Ap || !Bp) {
        free(Ap);
        free(Bp);
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                            "serial: dgemm: cannot allocate %zu bytes of packing buffers",
                            (a_len + b_len) * sizeof(double));
    }

    gi_status st = GI_STATUS_OK;
    for (int64_t jc = 0; jc < g->n && st == GI_STATUS_OK; jc += NC) {
        int64_t nc = min64(NC, g->n - jc);
        for (int64_t pc = 0; pc < g->k && st == GI_STATUS_OK; pc += KC) {
            int64_t kc = min64(KC, g->k - pc);
            pack_b(g, pc, jc, kc, nc, Bp);
            for (int64_t ic = 0; ic < g->m; ic += MC) {
                if (atomic_load(cfg->stop)) {
                    st = gi_error_set(err, GI_STATUS_INTERRUPTED,
                                      "serial: dgemm stopped on request at column block %lld, "
                                      "depth %lld, row %lld",
                                      (long long)jc, (long long)pc, (long long)ic);
                    break;
                }
                int64_t mc = min64(MC, g->m - ic);
                pack_a(g, ic, pc, mc, kc, Ap);
                gi_serial_dgemm_block(mc, nc, kc, Ap, Bp, g->alpha, g->beta, pc == 0,
                                      g->C + ic + jc * g->ldc, g->ldc);
            }
        }
    }
    free(Ap);
    free(Bp);
    t->kernel_time_s = gi_now() - start;
    return st;
}
