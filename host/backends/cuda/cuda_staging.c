/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host-side copies for the CUDA backend's transfers. One CPU core copies pageable memory at
 * ~10 GB/s, a fifth of what PCIe 5 moves: the copy into and out of pinned slots is spread over
 * the call's threads, each taking one contiguous share of the piece.
 */
#include "cuda_staging.h"

#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

/* Below this many doubles per thread, starting threads costs more than it saves. */
#define GI_CUDA_COPY_GRAIN 32768

int64_t gi_cuda_piece_count(int64_t rows, int64_t cols, int64_t capacity)
{
    if (rows <= capacity) {
        int64_t per = capacity / rows;
        return (cols + per - 1) / per;
    }
    return cols * ((rows + capacity - 1) / capacity);
}

gi_cuda_piece gi_cuda_piece_get(int64_t rows, int64_t cols, int64_t capacity, int64_t k)
{
    gi_cuda_piece p;
    if (rows <= capacity) {
        int64_t per = capacity / rows;
        p.r0 = 0;
        p.nr = rows;
        p.q0 = k * per;
        p.nq = cols - p.q0 < per ? cols - p.q0 : per;
    } else {
        int64_t segs = (rows + capacity - 1) / capacity;
        p.q0 = k / segs;
        p.nq = 1;
        p.r0 = (k % segs) * capacity;
        p.nr = rows - p.r0 < capacity ? rows - p.r0 : capacity;
    }
    return p;
}

/* Copies elements [e0, e1) of the packed order of an nr-row block: packed ↔ strided. */
static void copy_range(double *packed, double *strided, int64_t ld, int64_t nr, int64_t e0,
                       int64_t e1, int to_packed)
{
    while (e0 < e1) {
        int64_t q = e0 / nr, r = e0 % nr;
        int64_t len = nr - r < e1 - e0 ? nr - r : e1 - e0;
        double *p = packed + e0, *s = strided + q * ld + r;
        if (to_packed)
            memcpy(p, s, (size_t)len * sizeof(double));
        else
            memcpy(s, p, (size_t)len * sizeof(double));
        e0 += len;
    }
}

static void copy_block(double *packed, double *strided, int64_t ld, int64_t nr, int64_t nq,
                       int threads, int to_packed)
{
    int64_t total = nr * nq;
    int64_t useful = total / GI_CUDA_COPY_GRAIN;
    int n = threads < 1 ? 1 : threads;
    if ((int64_t)n > useful)
        n = useful < 1 ? 1 : (int)useful;
    if (n == 1) {
        copy_range(packed, strided, ld, nr, 0, total, to_packed);
        return;
    }
#ifdef _OPENMP
#pragma omp parallel num_threads(n)
    {
        int me = omp_get_thread_num(), team = omp_get_num_threads();
        copy_range(packed, strided, ld, nr, total * me / team, total * (me + 1) / team, to_packed);
    }
#else
    copy_range(packed, strided, ld, nr, 0, total, to_packed);
#endif
}

void gi_cuda_pack(double *dst, const double *src, int64_t ld, int64_t nr, int64_t nq, int threads)
{
    /* The source is only read (to_packed = 1); the cast lets one routine do both directions. */
    copy_block(dst, (double *)(uintptr_t)src, ld, nr, nq, threads, 1);
}

void gi_cuda_unpack(double *dst, int64_t ld, const double *src, int64_t nr, int64_t nq, int threads)
{
    copy_block((double *)(uintptr_t)src, dst, ld, nr, nq, threads, 0);
}
