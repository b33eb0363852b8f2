/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The openmp backend: tiles shared among OpenMP threads, each tile's compensated sum stored in
 * its slot, the slots combined in tile order afterwards — the value does not depend on the
 * thread count, and equals the serial backend's to the bit. Its dgemm is OpenBLAS's
 * (openmp_dgemm.c), when the build found OpenBLAS.
 */
#include <errno.h>
#include <omp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/address_space.h"
#include "util/clock.h"
#include "common/cpu_backend.h"
#include "common/cpu_rule_tile.h"
#include "common/cpu_tile.h"
#include "util/error.h"
#include "util/fork_watch.h"
#include "core/backend.h"
#ifdef GI_HAVE_OPENBLAS
#include "openblas_threads.h"
#include "openmp_dgemm.h"
#include "openmp_version.h"
#define OPENMP_DGEMM openmp_dgemm
#else
#define OPENMP_DGEMM NULL
#endif

static gi_status openmp_describe(void *state, int device, gi_backend_device *out, gi_error *err)
{
    (void)state;
    (void)device;
    (void)err;
    int procs = omp_get_num_procs();
    char what[32], blas[160] = "none (built without OpenBLAS)", detail[256];
    snprintf(what, sizeof what, "%d CPU%s", procs, procs == 1 ? "" : "s");
#ifdef GI_HAVE_OPENBLAS
    gi_openblas_describe(blas, sizeof blas);
#endif
    snprintf(detail, sizeof detail, "OpenMP %d, default %d thread%s; dgemm: %s", _OPENMP,
             omp_get_max_threads(), omp_get_max_threads() == 1 ? "" : "s", blas);
    gi_cpu_describe(out, what, procs, detail);
#ifdef GI_HAVE_OPENBLAS
    /* OpenBLAS's threads each map a 128 MiB buffer, and retry for ever when they cannot. */
    out->host_bytes_per_thread = (uint64_t)128 << 20;
    snprintf(out->host_bytes_what, sizeof out->host_bytes_what,
             "OpenBLAS's buffers, 128 MiB per thread");
#endif
    return GI_STATUS_OK;
}

/* The stack libgomp maps for each thread it starts: OMP_STACKSIZE (GOMP_STACKSIZE; a number
 * with B, K, M or G, K when none), else the threads' default (from RLIMIT_STACK). */
static uint64_t thread_stack_bytes(void)
{
    const char *v = getenv("OMP_STACKSIZE");
    if (!v || !*v)
        v = getenv("GOMP_STACKSIZE");
    if (v && *v) {
        errno = 0;
        char *end;
        unsigned long long n = strtoull(v, &end, 10);
        while (*end == ' ')
            end++;
        int shift = *end == 'B' || *end == 'b'   ? 0
                    : *end == 'M' || *end == 'm' ? 20
                    : *end == 'G' || *end == 'g' ? 30
                                                 : 10;
        if (errno == 0 && end != v && n < (1ULL << 40))
            return (uint64_t)n << shift;
    }
    pthread_attr_t a;
    size_t size = 0;
    if (pthread_getattr_default_np(&a) == 0) {
        pthread_attr_getstacksize(&a, &size);
        pthread_attr_destroy(&a);
    }
    return size ? size : (uint64_t)8 << 20;
}

/* The largest team started so far: its threads' stacks are mapped already. */
static atomic_int team_started;

/* GNU libgomp's threads do not survive fork(): in a child of a process whose team had started,
 * the first parallel region of more than one thread waits for ever on threads that are not
 * there (util/fork_watch.h). Such a child computes on its calling thread alone, which gives the
 * same bits (they do not depend on the thread count) and reports 1 thread used. */
static int team_size(const gi_run_config *cfg)
{
    return gi_fork_watch_forked() ? 1 : cfg->threads;
}

/* Records that a team of `threads` has run (the largest so far is kept); from a team of two
 * threads on, a forked child must not start one. */
static void note_team(int threads)
{
    if (threads > 1)
        gi_fork_watch_arm();
    for (int have = atomic_load(&team_started);
         threads > have && !atomic_compare_exchange_weak(&team_started, &have, threads);)
        ;
}

/* Under an address-space limit (ulimit -v) libgomp ends the whole program ("Thread creation
 * failed", exit 1) when it cannot map a new thread's stack: refuse before the first parallel
 * region instead, with the figures. */
static gi_status check_thread_room(int threads, gi_error *err)
{
    int have = atomic_load(&team_started);
    if (threads <= have)
        return GI_STATUS_OK;
    char from[160];
    uint64_t room = gi_address_space_room(from, sizeof from);
    if (room == UINT64_MAX)
        return GI_STATUS_OK;
    int running = have > 1 ? have : 1;           /* the calling thread needs no new stack */
    uint64_t per = thread_stack_bytes() + 65536; /* and its guard */
    uint64_t need = per * (uint64_t)(threads - running);
    if (need <= room)
        return GI_STATUS_OK;
    return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                        "openmp: %d threads need about %.0f MiB of stack, but the address-space "
                        "limit leaves %.0f MiB (%s); use fewer --threads or raise ulimit -v",
                        threads, (double)need / 1048576.0, (double)room / 1048576.0, from);
}

/* Starts the OpenMP runtime's thread team of the size the workloads will use, so that the
 * first parallel region does not pay for creating it. */
static gi_status openmp_prepare(void *state, int device, const gi_run_config *cfg,
                                unsigned workloads, gi_error *err)
{
    (void)state;
    (void)device;
    (void)workloads; /* the team serves both workloads */
    const int threads = team_size(cfg);
    gi_status st = check_thread_room(threads, err);
    if (st != GI_STATUS_OK)
        return st;
#ifdef GI_HAVE_OPENBLAS
    /* OpenBLAS and its thread pool, opened by describe already; a failure is gemm's to report. */
    (void)gi_openblas_lib_get(NULL);
#endif
    int started = 0;
#pragma omp parallel num_threads(threads) reduction(+ : started)
    started += 1;
    note_team(started);
    return GI_STATUS_OK;
}

/* Tiles shared among the threads, each tile's pair stored in its own slot. */
static gi_status openmp_integrate_tiles(void *state, int device, const gi_run_config *cfg,
                                        const gi_tile_layout *L, int64_t first, int64_t count,
                                        gi_sum *out, gi_workload_timing *t, gi_error *err)
{
    (void)state;
    (void)device;
    const int threads = team_size(cfg);
    double start = gi_now();
    int stopped = 0;
    /* Dynamic scheduling balances the shorter edge tiles; it cannot change the result, since
     * every tile lands in its own slot. */
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) reduction(| : stopped)
    for (int64_t k = 0; k < count; k++)
        stopped |= gi_cpu_tile_sum(L, first + k, cfg->stop, &out[k]);
    note_team(threads);
    return gi_cpu_tiles_done("openmp", stopped, start, threads, t, err);
}

/* The user's integrand: tiles shared among the threads as for sin(x+y), each thread with its
 * own scratch for the integrand's registers. */
static gi_status openmp_integrate_rule_tiles(void *state, int device, const gi_run_config *cfg,
                                             const gi_integrand_desc *f, const gi_rule_layout *R,
                                             int64_t first, int64_t count, gi_sum *out,
                                             gi_workload_timing *t, gi_error *err)
{
    (void)state;
    (void)device;
    size_t bytes = gi_cpu_rule_scratch_bytes(f);
    const int threads = team_size(cfg);
    double start = gi_now();
    int stopped = 0, nomem = 0;
#pragma omp parallel num_threads(threads) reduction(| : stopped, nomem)
    {
        void *scratch = aligned_alloc(64, bytes);
        nomem = !scratch;
#pragma omp for schedule(dynamic, 1)
        for (int64_t k = 0; k < count; k++)
            if (scratch)
                stopped |= gi_cpu_rule_tile_sum(R, f, first + k, cfg->stop, scratch, &out[k]);
        free(scratch);
    }
    note_team(threads);
    if (nomem)
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY, "openmp: malloc of %zu bytes failed",
                            bytes);
    return gi_cpu_tiles_done("openmp", stopped, start, threads, t, err);
}

const gi_backend_ops *gi_backend_openmp(void)
{
    static const gi_backend_ops ops = {
        .abi_version = GI_BACKEND_ABI_VERSION,
        .size = sizeof(gi_backend_ops),
        .name = "openmp",
        .help = "OpenMP threads on this CPU (--threads), OpenBLAS for gemm",
        .address = "",
        .address_len = 0,
        .flags = GI_BACKEND_CPU_THREADS | GI_BACKEND_GI_SINE,
        .probe = gi_cpu_probe,
        .release = NULL,
        .describe = openmp_describe,
        .prepare = openmp_prepare,
        .dgemm = OPENMP_DGEMM,
        .integrate_tiles = openmp_integrate_tiles,
        .integrate_rule_tiles = openmp_integrate_rule_tiles,
        .version = openmp_version,
    };
    return &ops;
}
