/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/cuda/cuda_nvrtc.h — the user's integrand compiled for one GPU by NVRTC, with a
 * cache on disk.
 *
 * NVRTC is opened with dlopen on first use (libnvrtc.so.<toolkit major>), so the plugin loads
 * and runs sin(x+y) and gemm where NVRTC is not installed; then only the user's integrand is
 * unavailable, with the reason. The CUBIN is cached in a file named by a 64-bit hash of the
 * source, the options, the GPU's name and compute capability and NVRTC's version:
 * $GPUINTEG_CUDA_CACHE, else $XDG_CACHE_HOME/gpuinteg/nvrtc, else ~/.cache/gpuinteg/nvrtc.
 * Nothing of a cache file is trusted beyond being handed to the CUDA loader, which checks it;
 * a file that fails to load is compiled again and replaced.
 */
#ifndef GI_CUDA_NVRTC_H
#define GI_CUDA_NVRTC_H

#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"

typedef struct gi_nvrtc_target {
    int major, minor;     /* compute capability: the CUBIN is built for sm_<major><minor> */
    const char *gpu_name; /* the device's name, part of the cache key */
} gi_nvrtc_target;

typedef struct gi_nvrtc_result {
    void *cubin; /* malloc'd: the caller frees it */
    size_t size;
    int from_cache;       /* 1: read from the disk cache, no compile */
    double compile_s;     /* NVRTC's time (0 from the cache) */
    char cache_path[512]; /* the cache file ("" when there is no usable cache folder) */
} gi_nvrtc_result;

/* The kernel text NVRTC compiles for an emitted gi_user_f, and the options: what the key
 * covers. */
char *gi_nvrtc_program_text(const char *user_source);
extern const char *const gi_nvrtc_options[];

/* The cache key: FNV-1a over the program text, the options, the target and NVRTC's version. */
uint64_t gi_nvrtc_key(const char *text, const gi_nvrtc_target *target, int nvrtc_major,
                      int nvrtc_minor);

/* Compiles (or reads from the cache) the program for the user source. GI_STATUS_NOT_SUPPORTED
 * when NVRTC cannot be opened (dlerror's text); GI_STATUS_DEVICE_ERROR when it fails to compile
 * (its log); GI_STATUS_OUT_OF_MEMORY. A cache that cannot be written is not an error. */
gi_status gi_nvrtc_compile(const char *user_source, const gi_nvrtc_target *target,
                           gi_nvrtc_result *out, gi_error *err);

/* Forgets a cache file whose CUBIN the loader refused (so the next call compiles). */
void gi_nvrtc_forget(const gi_nvrtc_result *r);

#endif /* GI_CUDA_NVRTC_H */
