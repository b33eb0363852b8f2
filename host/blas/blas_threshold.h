/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/blas/blas_threshold.h — when a product is worth sending to a device with its own memory.
 *
 * The model (stated, not tuned): the CPU computes at R_cpu = GI_BLAS_CPU_FLOPS_PER_THREAD per
 * OpenBLAS thread; the offload costs a fixed latency L (allocation, launch, synchronisation)
 * plus the copies of A, B and C (C twice when beta ≠ 0) over a link of GI_BLAS_LINK_BYTES_PER_S,
 * and the device's own compute time is taken as negligible beside them (an H100 does a
 * 3000³ DGEMM in 1 ms, its copies take ~30 ms). The call goes to the device when
 *     L + bytes / B_link  <  2·m·n·k / (R_cpu · threads).
 * For square n×n products with beta = 0 on 2 threads this is n ≥ 208; on 16 threads n ≥ 1214.
 */
#ifndef GI_BLAS_THRESHOLD_H
#define GI_BLAS_THRESHOLD_H

#include <stdint.h>

/* OpenBLAS's Haswell kernel measured on this project's AVX2 VM: 52 GFLOP/s per core. */
#define GI_BLAS_CPU_FLOPS_PER_THREAD 50e9
/* Copies from pageable host memory over PCIe, as measured on an H100 node (~7 GB/s). */
#define GI_BLAS_LINK_BYTES_PER_S 8e9
/* Device allocation, launch and synchronisation per call. */
#define GI_BLAS_OFFLOAD_LATENCY_S 50e-6

/* Bytes a device with its own memory moves for the call: A, B, C back, and C in if beta ≠ 0. */
double gi_blas_bytes_moved(int64_t m, int64_t n, int64_t k, int beta_nonzero);

/* 1 if the model sends the call to the device, 0 if the CPU is faster. */
int gi_blas_offload_pays(int64_t m, int64_t n, int64_t k, int beta_nonzero, int cpu_threads);

#endif /* GI_BLAS_THRESHOLD_H */
