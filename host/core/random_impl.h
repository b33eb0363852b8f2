/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/core/random_impl.h — the SplitMix64 mix behind gi_random_uniform, for the files of
 * host/core that need random numbers without an array (gi_dgemm_verify's vectors).
 */
#ifndef GI_CORE_RANDOM_IMPL_H
#define GI_CORE_RANDOM_IMPL_H

#include <stdint.h>

/* Number i of SplitMix64 stream `seed`: its (i+1)-th output when seeded with seed. */
static inline uint64_t gi_splitmix64(uint64_t seed, uint64_t i)
{
    uint64_t z = seed + (i + 1) * UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* The top 53 bits as a double in [0, 1): exact, every multiple of 2⁻⁵³ equally likely. */
static inline double gi_random_unit(uint64_t bits)
{
    return (double)(bits >> 11) * 0x1.0p-53;
}

#endif /* GI_CORE_RANDOM_IMPL_H */
