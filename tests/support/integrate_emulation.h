/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * tests/support/integrate_emulation.h — the CUDA integrate kernel's summation, transcribed to C
 * from the order fixed in kernels/cuda/integrate_kernel.h, with the same sine (sine.h, whose
 * operations round alike on the CPU and the GPU). For a grid within sine.h's range it gives the
 * kernel's result bit for bit, which the GPU tests compare with; the mock runtime runs it as the
 * kernel.
 */
#ifndef GI_TEST_INTEGRATE_EMULATION_H
#define GI_TEST_INTEGRATE_EMULATION_H

#include <gpuinteg/integrate.h>

#include "integrate_kernel.h"

/* Does what one launch of the kernel does to a->lane_state and a->tile_sums. Where
 * a->fast_sine is 0 it uses the C library's sin in place of CUDA's (then not bit-exact). */
void gi_emulate_integrate_launch(const gi_cuda_integrate_launch *a);

/* The whole integrate of p as the cuda backend computes it: one launch over every tile, then the
 * tiles combined in order. Returns NaN if memory runs out. */
double gi_emulate_integrate(const gi_integrate_params *p);

/* 1 when the cuda backend evaluates p with sine.h (every |x + y| within its range). */
int gi_emulate_fast_sine(const gi_integrate_params *p);

#endif /* GI_TEST_INTEGRATE_EMULATION_H */
