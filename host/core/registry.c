/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "core/registry.h"

#ifndef GI_BUILT_CUDA
#define GI_BUILT_CUDA 0
#endif
#ifndef GI_BUILT_OPENCL
#define GI_BUILT_OPENCL 0
#endif

/* Preference order for "auto": GPUs first, then the fastest CPU backend, then the reference.
 * One line per backend; everything else about a backend comes from its ops. Plugins found on
 * the plugin path that are not listed here follow, usable when named. */
static const gi_registry_entry registry[] = {
    {.name = "cuda", .built = GI_BUILT_CUDA},
    {.name = "opencl", .built = GI_BUILT_OPENCL},
#ifdef GI_WITH_OPENMP
    {.name = "openmp", .builtin = gi_backend_openmp, .built = 1},
#else
    {.name = "openmp"},
#endif
    {.name = "serial", .builtin = gi_backend_serial, .built = 1},
};

_Static_assert(sizeof registry / sizeof registry[0] <= GI_SLOTS_MAX, "raise GI_SLOTS_MAX");

const gi_registry_entry *gi_registry(size_t *count)
{
    *count = sizeof registry / sizeof registry[0];
    return registry;
}
