/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/cuda/cuda_kernels.h — CUDA sources compiled at run time (NVRTC), embedded at build
 * time by cmake/GiEmbedText.cmake.
 */
#ifndef GI_CUDA_KERNELS_H
#define GI_CUDA_KERNELS_H

/* kernels/cuda/integrate_rule.cuh, NUL-terminated, and its length without the NUL. */
extern const unsigned char cuda_kernel_integrate_rule[];
extern const unsigned long cuda_kernel_integrate_rule_len;

#endif /* GI_CUDA_KERNELS_H */
