/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cuda backend: its ops table, probe, describe and release. The workloads are in
 * cuda_integrate.c and cuda_dgemm.c.
 *
 * The CUDA runtime is linked statically; it opens the driver (libcuda.so.1) on the first call.
 * On a machine without a driver, probe() reports the runtime's own error, with the reason
 * behind it when it can be told (no libcuda.so.1, or a driver older than this runtime).
 * CUDA_VISIBLE_DEVICES (as Slurm sets it) is applied by the runtime: device D is the D-th
 * visible one.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "cuda_device_lost.h"
#include "cuda_errors.h"
#include "cuda_state.h"
#include "integrate_kernel.h"

#ifndef GI_CUDA_MIN_ARCH
#define GI_CUDA_MIN_ARCH 0
#endif

/* Why cudaGetDeviceCount failed, in the user's terms, appended to why. */
static void explain_no_driver(cudaError_t e, gi_error *why)
{
    if (e == cudaErrorInsufficientDriver) {
        /* The runtime says "insufficient" both when there is no driver at all and when it is
         * too old; tell the two apart. */
        void *h = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL);
        if (!h) {
            const char *d = dlerror();
            gi_error_append(why, " (no NVIDIA driver here: %s)", d ? d : "libcuda.so.1 not found");
            return;
        }
        dlclose(h);
        int v = 0;
        if (cudaDriverGetVersion(&v) == cudaSuccess && v > 0)
            gi_error_append(why, " (the driver supports CUDA %d.%d; this gpuinteg needs %d.%d)",
                            v / 1000, v % 1000 / 10, CUDART_VERSION / 1000,
                            CUDART_VERSION % 1000 / 10);
    } else if (e == cudaErrorNoDevice) {
        const char *vis = getenv("CUDA_VISIBLE_DEVICES");
        if (vis)
            gi_error_append(why, " (CUDA_VISIBLE_DEVICES=\"%s\")", vis);
    }
}

static int64_t launch_evals_from_env(void)
{
    const char *s = getenv("GPUINTEG_CUDA_LAUNCH_EVALS");
    if (!s || !*s)
        return GI_CUDA_LAUNCH_EVALS;
    char *end;
    long long v = strtoll(s, &end, 10);
    /* Not a whole number ≥ 1: the default, as for an unset variable. */
    return *end || v < 1 ? GI_CUDA_LAUNCH_EVALS : (int64_t)v;
}

static int cuda_probe(void **state, gi_error *why)
{
    *state = NULL;
    int count = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) {
        gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE, "cudaGetDeviceCount: %s: %s",
                     cudaGetErrorName(e), cudaGetErrorString(e));
        explain_no_driver(e, why);
        gi_cuda_explain_fork(why);
        (void)cudaGetLastError();
        return 0;
    }
    gi_cuda_note_initialized();
    if (count <= 0) {
        gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE, "cudaGetDeviceCount: no CUDA device");
        return 0;
    }
    cuda_state *st = calloc(1, sizeof *st);
    gi_cuda_workspace *ws = calloc((size_t)count, sizeof *ws);
    if (!st || !ws) {
        free(st);
        free(ws);
        gi_error_set(why, GI_STATUS_OUT_OF_MEMORY, "out of memory for %d CUDA devices", count);
        return 0;
    }
    st->count = count;
    st->ws = ws;
    st->launch_evals = launch_evals_from_env();
    /* For comparing the kernel's sine with CUDA's on a GPU (bench/gpu/run-gpu-checks.sh). */
    const char *sine = getenv("GPUINTEG_CUDA_SINE");
    st->cuda_sine_only = sine && strcmp(sine, "cuda") == 0;
    *state = st;
    return count;
}

static void cuda_release(void *state)
{
    cuda_state *st = state;
    if (!st)
        return;
    for (int d = 0; d < st->count; d++) {
        if (!st->ws[d].ready)
            continue;
        /* On a lost device every call fails with its fault; the handles are let go all the
         * same (the calls are harmless), so that nothing of this process's side is kept. */
        if (cudaSetDevice(d) == cudaSuccess || gi_cuda_device_lost(d, NULL, 0)) {
            gi_cuda_rule_release(&st->ws[d]);
            gi_cuda_workspace_free(&st->ws[d]);
        }
    }
    (void)cudaGetLastError();
    free(st->ws);
    free(st);
}

static gi_status cuda_describe(void *state, int device, gi_backend_device *out, gi_error *err)
{
    (void)state;
    char fault[512];
    int lost = gi_cuda_device_lost(device, fault, sizeof fault);
    struct cudaDeviceProp prop;
    gi_status st = gi_cuda_check(err, cudaGetDeviceProperties(&prop, device),
                                 "cudaGetDeviceProperties(%d)", device);
    if (st != GI_STATUS_OK && lost) {
        /* The fault may keep even the properties from being read: the record still says why. */
        (void)cudaGetLastError();
        memset(&prop, 0, sizeof prop);
        snprintf(prop.name, sizeof prop.name, "CUDA device %d", device);
    } else if (st != GI_STATUS_OK) {
        return st;
    }
    gi_text_copy(out->name, sizeof out->name, prop.name);
    snprintf(out->vendor, sizeof out->vendor, "NVIDIA");
    int drv = 0;
    if (cudaDriverGetVersion(&drv) != cudaSuccess)
        drv = 0;
    snprintf(out->driver_version, sizeof out->driver_version, "CUDA %d.%d (runtime %d.%d)",
             drv / 1000, drv % 1000 / 10, CUDART_VERSION / 1000, CUDART_VERSION % 1000 / 10);
    snprintf(out->detail, sizeof out->detail,
             "compute capability %d.%d, %d SMs, PCI %04x:%02x:%02x.0", prop.major, prop.minor,
             prop.multiProcessorCount, (unsigned)prop.pciDomainID, (unsigned)prop.pciBusID,
             (unsigned)prop.pciDeviceID);
    out->address[0] = device;
    out->address_len = 1;
    /* The runtime counts the devices CUDA_VISIBLE_DEVICES leaves, as NVML's process view does. */
    out->gpu_ordinal = device;
    out->kind = GI_DEVICE_GPU;
    out->compute_units = prop.multiProcessorCount;
    out->global_mem_bytes = (uint64_t)prop.totalGlobalMem;
    out->fp64 = 1;
    out->available = 1;
    int arch = prop.major * 10 + prop.minor;
    if (arch < GI_CUDA_MIN_ARCH) {
        out->available = 0;
        snprintf(out->reason, sizeof out->reason,
                 "compute capability %d.%d is older than %d.%d, the oldest this gpuinteg has "
                 "code for (CMAKE_CUDA_ARCHITECTURES)",
                 prop.major, prop.minor, GI_CUDA_MIN_ARCH / 10, GI_CUDA_MIN_ARCH % 10);
    }
    if (lost) {
        char why[sizeof fault + 128];
        snprintf(why, sizeof why,
                 "lost to this process after a fault (%s); it must be reset: restart the program",
                 fault);
        out->available = 0;
        gi_text_copy(out->reason, sizeof out->reason, why);
    }
    (void)cudaGetLastError();
    return GI_STATUS_OK;
}

/* The device's context (made by the runtime on first use), streams and events, and for the
 * workloads asked for: the integrate kernels loaded; cuBLAS's handle and workspace and the
 * pinned staging. What a first call would otherwise set up inside its time. */
static gi_status cuda_prepare(void *state, int device, const gi_run_config *cfg, unsigned workloads,
                              gi_error *err)
{
    (void)cfg;
    gi_cuda_workspace *ws;
    gi_status st = gi_cuda_workspace_get(state, device, &ws, err);
    if (st == GI_STATUS_OK && (workloads & GI_WORKLOAD_INTEGRATE))
        st = gi_cuda_check(err, gi_cuda_integrate_load(),
                           "cudaFuncGetAttributes(integrate kernels)");
    if (st == GI_STATUS_OK && (workloads & GI_WORKLOAD_DGEMM))
        st = gi_cuda_workspace_gemm_ready(ws, err);
    return st;
}

static const gi_backend_ops *cuda_ops(void)
{
    static const gi_backend_ops ops = {
        .abi_version = GI_BACKEND_ABI_VERSION,
        .size = sizeof(gi_backend_ops),
        .name = "cuda",
        .help = "CUDA device D (default 0), counted among the visible devices; cuBLAS for gemm",
        .address = "[:D]",
        .address_len = 1,
        .flags = GI_BACKEND_AUTO_GPU_ONLY | GI_BACKEND_GI_SINE,
        .probe = cuda_probe,
        .release = cuda_release,
        .describe = cuda_describe,
        .prepare = cuda_prepare,
        .dgemm = gi_cuda_dgemm,
        .dgemm_device = gi_cuda_dgemm_device,
        .integrate_tiles = gi_cuda_integrate_tiles,
        .integrate_rule_tiles = gi_cuda_integrate_rule_tiles,
        .version = gi_cuda_version,
    };
    return &ops;
}

GI_BACKEND_PLUGIN(cuda_ops)
