/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/* The transfer model of blas_threshold.h. */
#include "blas_threshold.h"

double gi_blas_bytes_moved(int64_t m, int64_t n, int64_t k, int beta_nonzero)
{
    double a = (double)m * (double)k, b = (double)k * (double)n, c = (double)m * (double)n;
    return 8.0 * (a + b + c * (beta_nonzero ? 2.0 : 1.0));
}

int gi_blas_offload_pays(int64_t m, int64_t n, int64_t k, int beta_nonzero, int cpu_threads)
{
    if (m <= 0 || n <= 0 || k <= 0)
        return 0;
    double flops = 2.0 * (double)m * (double)n * (double)k;
    double cpu = flops / (GI_BLAS_CPU_FLOPS_PER_THREAD * (cpu_threads > 0 ? cpu_threads : 1));
    double device = GI_BLAS_OFFLOAD_LATENCY_S +
                    gi_blas_bytes_moved(m, n, k, beta_nonzero) / GI_BLAS_LINK_BYTES_PER_S;
    return device < cpu;
}
