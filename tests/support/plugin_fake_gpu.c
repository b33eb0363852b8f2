/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A stand-in "cuda" plugin with available fp64 GPUs (one, or GI_FAKE_GPU_DEVICES), for paths that
 * need a backend other than the CPU ones without a GPU: built with FAKE_DGEMM_CORRUPT its dgemm
 * computes the right product and then adds 1 to C(0,0) (so `gpuinteg gemm --verify` must exit 4);
 * built without it, it has no dgemm at all (gi_dgemm must say GI_STATUS_NOT_SUPPORTED).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/backend.h"

/* A number from the environment, or fallback. */
static int env_int(const char *name, int fallback)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : fallback;
}

static int fake_probe(void **state, gi_error *why)
{
    (void)why;
    *state = NULL;
    return env_int("GI_FAKE_GPU_DEVICES", 1);
}

/* GI_FAKE_GPU_PREPARE_MS: the set-up takes that long (a stand-in for context creation);
 * GI_FAKE_GPU_PREPARE_COUNT names a file that gets one line per call, "prepare W" with W the
 * workloads asked for. */
static gi_status fake_prepare(void *state, int device, const gi_run_config *cfg, unsigned workloads,
                              gi_error *err)
{
    (void)state, (void)device, (void)cfg, (void)err;
    int ms = env_int("GI_FAKE_GPU_PREPARE_MS", 0);
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (ms > 0 && nanosleep(&ts, &ts) != 0)
        ;
    const char *count = getenv("GI_FAKE_GPU_PREPARE_COUNT");
    FILE *f = count ? fopen(count, "a") : NULL;
    if (f) {
        fprintf(f, "prepare %u\n", workloads);
        fclose(f);
    }
    return GI_STATUS_OK;
}

static gi_status fake_describe(void *state, int device, gi_backend_device *out, gi_error *err)
{
    (void)state;
    if (device == env_int("GI_FAKE_GPU_DESCRIBE_FAILS", -1)) {
        snprintf(err->msg, sizeof err->msg, "cuda: cudaGetDeviceProperties(%d): a fake failure",
                 device);
        return GI_STATUS_DEVICE_ERROR;
    }
    snprintf(out->name, sizeof out->name, "Fake GPU %d (test plugin)", device);
    snprintf(out->vendor, sizeof out->vendor, "gpuinteg tests");
    out->address[0] = device;
    out->address_len = 1;
    out->kind = GI_DEVICE_GPU;
    out->available = 1;
    out->compute_units = 1;
    out->fp64 = 1;
    return GI_STATUS_OK;
}

static gi_status fake_integrate_tiles(void *state, int device, const gi_run_config *cfg,
                                      const gi_tile_layout *L, int64_t first, int64_t count,
                                      gi_sum *out, gi_workload_timing *t, gi_error *err)
{
    (void)state, (void)device, (void)cfg, (void)L, (void)first, (void)count, (void)out, (void)t;
    snprintf(err->msg, sizeof err->msg, "cuda: the fake test plugin does not integrate");
    return GI_STATUS_NOT_SUPPORTED;
}

#ifdef FAKE_DGEMM_CORRUPT
static double op(char trans, const double *X, int64_t ld, int64_t i, int64_t j)
{
    return trans == 'N' ? X[i + j * ld] : X[j + i * ld];
}

static gi_status fake_dgemm(void *state, int device, const gi_run_config *cfg,
                            const gi_dgemm_args *a, gi_workload_timing *t, gi_error *err)
{
    (void)state, (void)device, (void)cfg, (void)err;
    for (int64_t j = 0; j < a->n; j++)
        for (int64_t i = 0; i < a->m; i++) {
            double s = 0.0;
            for (int64_t p = 0; p < a->k && a->alpha != 0.0; p++)
                s += op(a->transa, a->A, a->lda, i, p) * op(a->transb, a->B, a->ldb, p, j);
            double *c = &a->C[i + j * a->ldc];
            *c = a->alpha * s + (a->beta == 0.0 ? 0.0 : a->beta * *c);
        }
    a->C[0] += 1.0;
    t->kernel_time_s = 1e-6;
    t->transfer_time_s = 2e-6;
    t->threads_used = 1;
    return GI_STATUS_OK;
}
#define FAKE_DGEMM fake_dgemm
#else
#define FAKE_DGEMM NULL
#endif

static const gi_backend_ops *fake_ops(void)
{
    static const gi_backend_ops ops = {
        .abi_version = GI_BACKEND_ABI_VERSION,
        .size = sizeof(gi_backend_ops),
        .name = "cuda",
        .help = "a stand-in GPU for tests",
        .address = "[:D]",
        .address_len = 1,
        .flags = GI_BACKEND_AUTO_GPU_ONLY,
        .probe = fake_probe,
        .describe = fake_describe,
        .prepare = fake_prepare,
        .integrate_tiles = fake_integrate_tiles,
        .dgemm = FAKE_DGEMM,
    };
    return &ops;
}

GI_BACKEND_PLUGIN(fake_ops)
