#include "core/registry.h"

#ifndef GI_BUILT_CUDA
#define GI_BUILT_CUDA 0
#endif
#ifndef GI_BUILT_OPENCL
#define GI_BUILT_OPENCL 0
#endif

/* Preference order for "auto": GPUs first, then the fastest CPU backend, then the reference. */
static const gi_registry_entry registry[] = {
    {.name = "cuda",
     .built = GI_BUILT_CUDA,
     .address_len = 1,
     .gpu_only_for_auto = 1,
     .option = "GI_WITH_CUDA"},
    {.name = "opencl",
     .built = GI_BUILT_OPENCL,
     .address_len = 2,
     .gpu_only_for_auto = 1,
     .option = "GI_WITH_OPENCL"},
#ifdef GI_WITH_OPENMP
    {.name = "openmp", .builtin = gi_backend_openmp, .built = 1, .option = "GI_WITH_OPENMP"},
#else
    {.name = "openmp", .built = 0, .option = "GI_WITH_OPENMP"},
#endif
    {.name = "serial", .builtin = gi_backend_serial, .built = 1, .option = "(always built)"},
};

_Static_assert(sizeof registry / sizeof registry[0] <= GI_REGISTRY_MAX, "raise GI_REGISTRY_MAX");

const gi_registry_entry *gi_registry(size_t *count)
{
    *count = sizeof registry / sizeof registry[0];
    return registry;
}
