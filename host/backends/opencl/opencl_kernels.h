/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/opencl/opencl_kernels.h — the OpenCL C sources of kernels/opencl, embedded at
 * build time by cmake/GiEmbedText.cmake (one generated .c file per kernel).
 */
#ifndef GI_OPENCL_KERNELS_H
#define GI_OPENCL_KERNELS_H

/* kernels/opencl/integrate.cl, NUL-terminated, and its length without the NUL. */
extern const unsigned char opencl_kernel_integrate[];
extern const unsigned long opencl_kernel_integrate_len;

/* kernels/opencl/integrate_rule.cl: the tile sums of the user's integrand under a rule. */
extern const unsigned char opencl_kernel_integrate_rule[];
extern const unsigned long opencl_kernel_integrate_rule_len;

/* kernels/opencl/integrate_fixed.cl, the gi sine's tile sums, which follows kernels/gi_sine.h. */
extern const unsigned char opencl_kernel_integrate_fixed[];
extern const unsigned long opencl_kernel_integrate_fixed_len;
extern const unsigned char opencl_kernel_gi_sine[];
extern const unsigned long opencl_kernel_gi_sine_len;

#endif /* GI_OPENCL_KERNELS_H */
