/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg/random.h — reproducible test data: uniform doubles in [0, 1) from a seed.
 *
 * The generator is counter-based (SplitMix64: number i of a stream is a mix of seed + i), so
 * any part of a stream can be produced on its own: MPI ranks or devices that fill their own
 * blocks of a matrix get the same numbers as one process filling all of it. Not for
 * cryptography. The stream for a seed is fixed: it will not change between versions.
 */
#ifndef GPUINTEG_RANDOM_H
#define GPUINTEG_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#include <gpuinteg/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Writes numbers offset, offset+1, …, offset+count-1 of stream `seed` to out[0..count):
 * uniform in [0, 1), multiples of 2⁻⁵³ like numpy's rand. Filling an array in pieces gives
 * the same numbers as filling it at once.
 *
 * Returns GI_STATUS_OK, or GI_STATUS_MISUSE when out is NULL and count > 0.
 * Thread safety: safe from any thread (no state). Since 0.1.
 */
GI_API gi_status gi_random_uniform(uint64_t seed, uint64_t offset, double *out, size_t count);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_RANDOM_H */
