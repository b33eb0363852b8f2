/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The user's integrand on a CUDA device: the program NVRTC compiled (cuda_nvrtc.c) loaded with
 * the runtime's library API, kept per device and source, and launched over batches of tiles;
 * the tiles' (s, c) pairs go to the host, which combines them in tile order as for every
 * backend. The compile (or the cache read) and the load are timed apart, as prepare_time_s.
 */
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/error.h"
#include "cuda_errors.h"
#include "cuda_nvrtc.h"
#include "cuda_state.h"

/* The kernel's argument block: kernels/cuda/integrate_rule.cuh's gi_rule_args, field for
 * field (C and CUDA lay out these types alike on x86-64 and the GPU). */
typedef struct rule_axis_arg {
    double lo, h, w_end;
    long long k, points;
    int ends;
    double t[GI_RULE_MAX_NODES], w[GI_RULE_MAX_NODES];
} rule_axis_arg;

typedef struct rule_args {
    long long tile_nx, tile_ny, cols, first, tile_base;
    rule_axis_arg x, y;
} rule_args;

/* Block size: the kernel's lanes are fixed (256); the block only says how many run at once. */
#define RULE_BLOCK 256
/* Builds kept per device before the least recently used is unloaded. */
#define RULE_CACHE 8

struct gi_cuda_rule_kernel {
    char *source;
    cudaLibrary_t library;
    cudaKernel_t kernel;
    struct gi_cuda_rule_kernel *next;
};

static void kernel_free(struct gi_cuda_rule_kernel *k)
{
    if (k->library)
        cudaLibraryUnload(k->library);
    free(k->source);
    free(k);
}

void gi_cuda_rule_release(gi_cuda_workspace *ws)
{
    while (ws->rules) {
        struct gi_cuda_rule_kernel *next = ws->rules->next;
        kernel_free(ws->rules);
        ws->rules = next;
    }
}

static dim3 dim3_of(int64_t n)
{
    dim3 d = {(unsigned)n, 1, 1};
    return d;
}

static rule_axis_arg axis_arg(const gi_rule_axis *a)
{
    rule_axis_arg r;
    memset(&r, 0, sizeof r);
    r.lo = a->lo;
    r.h = a->h;
    r.w_end = a->w_end;
    r.k = a->k;
    r.points = a->points;
    r.ends = a->ends;
    memcpy(r.t, a->t, sizeof r.t);
    memcpy(r.w, a->w, sizeof r.w);
    return r;
}

/* The device's loaded build of `source`: from the list, else compiled (or read from the disk
 * cache) and loaded; *prepare_s gets the time that took. */
static gi_status find_or_load(gi_cuda_workspace *ws, int device, const char *source,
                              struct gi_cuda_rule_kernel **out, double *prepare_s, gi_error *err)
{
    struct gi_cuda_rule_kernel **link = &ws->rules;
    int n = 0;
    for (; *link; link = &(*link)->next, n++)
        if (strcmp((*link)->source, source) == 0) {
            struct gi_cuda_rule_kernel *k = *link;
            *link = k->next;
            k->next = ws->rules;
            ws->rules = k;
            *out = k;
            return GI_STATUS_OK;
        }
    double start = gi_now();
    struct cudaDeviceProp prop;
    gi_status st = gi_cuda_check(err, cudaGetDeviceProperties(&prop, device),
                                 "cudaGetDeviceProperties(%d)", device);
    if (st != GI_STATUS_OK)
        return st;
    gi_nvrtc_target target = {prop.major, prop.minor, prop.name};
    gi_nvrtc_result built;
    if ((st = gi_nvrtc_compile(source, &target, &built, err)) != GI_STATUS_OK)
        return st;
    struct gi_cuda_rule_kernel *k = calloc(1, sizeof *k);
    if (!k || !(k->source = strdup(source))) {
        free(k);
        free(built.cubin);
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY, "cuda: out of memory");
    }
    cudaError_t e = cudaLibraryLoadData(&k->library, built.cubin, NULL, NULL, 0, NULL, NULL, 0);
    if (e != cudaSuccess && built.from_cache) {
        /* a stale or damaged cache file: compile afresh once */
        cudaGetLastError();
        gi_nvrtc_forget(&built);
        free(built.cubin);
        if ((st = gi_nvrtc_compile(source, &target, &built, err)) != GI_STATUS_OK) {
            kernel_free(k);
            return st;
        }
        e = cudaLibraryLoadData(&k->library, built.cubin, NULL, NULL, 0, NULL, NULL, 0);
    }
    free(built.cubin);
    if ((st = gi_cuda_check(err, e, "cudaLibraryLoadData(the integrand, sm_%d%d)", prop.major,
                            prop.minor)) != GI_STATUS_OK ||
        (st = gi_cuda_check(err,
                            cudaLibraryGetKernel(&k->kernel, k->library, "gi_integrate_rule_tiles"),
                            "cudaLibraryGetKernel(gi_integrate_rule_tiles)")) != GI_STATUS_OK) {
        k->library = e == cudaSuccess ? k->library : NULL;
        kernel_free(k);
        return st;
    }
    if (n >= RULE_CACHE) {
        struct gi_cuda_rule_kernel **last = &ws->rules;
        while ((*last)->next)
            last = &(*last)->next;
        kernel_free(*last);
        *last = NULL;
    }
    k->next = ws->rules;
    ws->rules = k;
    *out = k;
    *prepare_s = gi_now() - start;
    return GI_STATUS_OK;
}

gi_status gi_cuda_integrate_rule_tiles(void *state, int device, const gi_run_config *cfg,
                                       const gi_integrand_desc *f, const gi_rule_layout *R,
                                       int64_t first, int64_t count, gi_sum *out,
                                       gi_workload_timing *t, gi_error *err)
{
    if (!f->cuda_source)
        return gi_error_set(err, GI_STATUS_NOT_SUPPORTED,
                            "cuda: a %s runs on the CPU backends only (serial, openmp); give the "
                            "integrand as an expression to run it on CUDA",
                            f->text);
    cuda_state *s = state;
    gi_cuda_workspace *ws;
    gi_status st = gi_cuda_workspace_get(s, device, &ws, err);
    if (st != GI_STATUS_OK)
        return st;
    struct gi_cuda_rule_kernel *k = NULL;
    double prepare = 0.0;
    if ((st = find_or_load(ws, device, f->cuda_source, &k, &prepare, err)) != GI_STATUS_OK)
        return st;
    t->prepare_time_s = prepare;
    size_t bytes = (size_t)count * sizeof(gi_sum);
    if ((st = gi_cuda_buffer_reserve(&ws->tile_sums, bytes, "tile sums", err)) != GI_STATUS_OK)
        return st;

    rule_args args;
    memset(&args, 0, sizeof args);
    args.tile_nx = R->tiles.tile_nx;
    args.tile_ny = R->tiles.tile_ny;
    args.cols = R->tiles.cols;
    args.first = first;
    args.x = axis_arg(&R->x);
    args.y = axis_arg(&R->y);
    double *dev_out = ws->tile_sums.ptr;
    int64_t per_tile = R->tiles.tile_nx * R->tiles.tile_ny;
    int64_t batch = s->launch_evals / (per_tile > 0 ? per_tile : 1);
    batch = batch < 1 ? 1 : batch > count ? count : batch;
    double kernel_s = 0.0;
    for (int64_t b = 0; b < count && st == GI_STATUS_OK; b += batch) {
        if (atomic_load_explicit(cfg->stop, memory_order_relaxed)) {
            st = gi_error_set(err, GI_STATUS_INTERRUPTED,
                              "cuda: integrate stopped on request after %lld of %lld tiles",
                              (long long)b, (long long)count);
            break;
        }
        int64_t n = count - b < batch ? count - b : batch;
        args.tile_base = first + b;
        void *params[] = {&args, &dev_out};
        st = gi_cuda_check(err, cudaEventRecord(ws->launch_start[0], ws->compute),
                           "cudaEventRecord");
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(err,
                               cudaLaunchKernel((const void *)k->kernel, dim3_of(n),
                                                dim3_of(RULE_BLOCK), params, 0, ws->compute),
                               "cudaLaunchKernel(gi_integrate_rule_tiles, %lld blocks)",
                               (long long)n);
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(err, cudaEventRecord(ws->launch_end[0], ws->compute),
                               "cudaEventRecord");
        if (st == GI_STATUS_OK)
            st = gi_cuda_check(err, cudaEventSynchronize(ws->launch_end[0]),
                               "cudaEventSynchronize(gi_integrate_rule_tiles)");
        float ms = 0.0f;
        if (st == GI_STATUS_OK &&
            cudaEventElapsedTime(&ms, ws->launch_start[0], ws->launch_end[0]) == cudaSuccess)
            kernel_s += ms / 1e3;
    }
    if (st != GI_STATUS_OK) {
        gi_cuda_workspace_drain(ws);
        return st;
    }
    double copy_start = gi_now();
    st = gi_cuda_check(err,
                       cudaMemcpyAsync(out, dev_out, bytes, cudaMemcpyDeviceToHost, ws->compute),
                       "cudaMemcpyAsync(tile sums, %zu bytes)", bytes);
    if (st == GI_STATUS_OK)
        st = gi_cuda_check(err, cudaStreamSynchronize(ws->compute),
                           "cudaStreamSynchronize(tile sums)");
    t->kernel_time_s = kernel_s;
    t->transfer_time_s = gi_now() - copy_start;
    t->threads_used = 1;
    return st;
}
