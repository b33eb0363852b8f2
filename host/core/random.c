/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_random_uniform: SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014) used as a counter-based generator: number i of stream s is the
 * SplitMix64 output for the state s + (i+1)·γ. That is exactly the sequence SplitMix64 yields
 * when seeded with s, and any number of it can be computed without the ones before.
 */
#include <gpuinteg/random.h>

#include "core/random_impl.h"

gi_status gi_random_uniform(uint64_t seed, uint64_t offset, double *out, size_t count)
{
    if (!out && count > 0)
        return GI_STATUS_MISUSE;
    for (size_t i = 0; i < count; i++)
        out[i] = gi_random_unit(gi_splitmix64(seed, offset + i));
    return GI_STATUS_OK;
}
