/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CUDA backend's host code (the .c files of host/backends/cuda) against the mock runtime of
 * support/mock_cuda.h, on any machine: probe and describe messages, the integrate launch cuts
 * and carried lane sums, the gemm pipeline's pieces, blocks, transposes and leading dimensions,
 * beta = 0 and padding rules, out-of-memory and stop paths. The mock defers every queued copy
 * until something waits for it, so a missing wait shows up as stale or NaN data.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/backend.h"
#include "core/tile_layout.h"
#include "integrate_check.h"
#include "cuda_errors.h"
#include "mock_cuda.h"

const gi_backend_ops *gi_backend_entry(void);

static atomic_int no_stop;

static void *probe_one(void)
{
    void *state = NULL;
    gi_error why = {{0}};
    cr_assert_eq(gi_backend_entry()->probe(&state, &why), 1, "%s", why.msg);
    return state;
}

static gi_run_config config(int threads, const atomic_int *stop)
{
    return (gi_run_config){.threads = threads, .stop = stop};
}

static void same_bits(double a, double b, const char *what)
{
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s: %.17g vs %.17g", what, a, b);
}

/* ---- probe and describe ---------------------------------------------------------------- */

/* CUDA fails in a child forked after its parent initialized it (an initialization error): the
 * messages there say why and what to do; the parent's say nothing of it. */
Test(cuda_host, errors_in_a_forked_child_say_why)
{
    mock_cuda_reset(1);
    void *state = probe_one();
    gi_error err = {{0}};
    gi_cuda_check(&err, cudaErrorInitializationError, "cudaSetDevice(%d)", 0);
    cr_assert(!strstr(err.msg, "forked"), "the parent: %s", err.msg);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        gi_error e = {{0}};
        gi_cuda_check(&e, cudaErrorInitializationError, "cudaSetDevice(%d)", 0);
        int ok = strstr(e.msg, "cuda: cudaSetDevice(0): ") && strstr(e.msg, "forked") &&
                 strstr(e.msg, "'spawn'");
        if (!ok)
            fprintf(stderr, "child: %s\n", e.msg);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "the child's message lacks the reason");
    gi_backend_entry()->release(state);
}

Test(cuda_host, probe_without_driver_names_the_runtime_error)
{
    mock_cuda_reset(1);
    mock_cuda_set_device_count_error(cudaErrorInsufficientDriver);
    void *state = (void *)1;
    gi_error why = {{0}};
    cr_assert_eq(gi_backend_entry()->probe(&state, &why), 0);
    cr_assert_null(state);
    const char *want = "cudaGetDeviceCount: cudaErrorInsufficientDriver: CUDA driver version is "
                       "insufficient for CUDA runtime version (";
    cr_assert(strncmp(why.msg, want, strlen(want)) == 0, "%s", why.msg);
    /* Which of the two causes depends on this machine having libcuda.so.1. */
    cr_assert(strstr(why.msg, "(no NVIDIA driver here: ") ||
                  strstr(why.msg, "(the driver supports CUDA 13.0; this gpuinteg needs "),
              "%s", why.msg);
    gi_backend_entry()->release(NULL);
}

Test(cuda_host, probe_with_no_visible_device_shows_cuda_visible_devices)
{
    mock_cuda_reset(1);
    mock_cuda_set_device_count_error(cudaErrorNoDevice);
    setenv("CUDA_VISIBLE_DEVICES", "", 1);
    void *state;
    gi_error why = {{0}};
    cr_assert_eq(gi_backend_entry()->probe(&state, &why), 0);
    cr_assert_str_eq(why.msg, "cudaGetDeviceCount: cudaErrorNoDevice: no CUDA-capable device is "
                              "detected (CUDA_VISIBLE_DEVICES=\"\")");
    unsetenv("CUDA_VISIBLE_DEVICES");
}

Test(cuda_host, describe_gives_address_and_facts)
{
    mock_cuda_reset(1);
    void *state = probe_one();
    gi_backend_device d;
    memset(&d, 0, sizeof d);
    gi_error err = {{0}};
    cr_assert_eq(gi_backend_entry()->describe(state, 0, &d, &err), GI_STATUS_OK, "%s", err.msg);
    cr_assert_str_eq(d.name, "Mock GPU");
    cr_assert_str_eq(d.vendor, "NVIDIA");
    cr_assert_str_eq(d.detail, "compute capability 9.0, 132 SMs, PCI 0000:1b:00.0");
    cr_assert_eq(d.address_len, 1);
    cr_assert_eq(d.address[0], 0);
    cr_assert_eq(d.kind, GI_DEVICE_GPU);
    cr_assert(d.available && d.fp64 && d.compute_units == 132);
    cr_assert_str_empty(d.reason);
    gi_backend_entry()->release(state);
}

Test(cuda_host, describe_marks_gpus_older_than_the_build)
{
    mock_cuda_reset(1);
    mock_cuda_set_compute_capability(6, 0);
    void *state = probe_one();
    gi_backend_device d;
    memset(&d, 0, sizeof d);
    gi_error err = {{0}};
    cr_assert_eq(gi_backend_entry()->describe(state, 0, &d, &err), GI_STATUS_OK);
    if (GI_CUDA_MIN_ARCH > 60) {
        cr_assert_eq(d.available, 0);
        cr_assert(strstr(d.reason, "compute capability 6.0 is older than "), "%s", d.reason);
    }
    gi_backend_entry()->release(state);
}

/* ---- integrate --------------------------------------------------------------------------- */

/* The whole grid as the core computes it: the plugin's tiles over the core's layout, combined
 * in tile order. */
static int layout_gi; /* 1: the gi sine's layout (the fixed-point kernel), 0: the libm one */

static gi_status integrate_whole(void *state, const gi_run_config *cfg,
                                 const gi_integrate_params *p, double *value, gi_workload_timing *t,
                                 gi_error *err)
{
    gi_tile_layout L = gi_tile_layout_make(p->x0, p->x1, p->y0, p->y1, p->nx, p->ny);
    if (layout_gi) {
        L.sine = GI_TILE_SINE_GI;
        L.sum = GI_TILE_SUM_FIXED;
    }
    gi_sum *sums = calloc((size_t)L.count, sizeof *sums);
    cr_assert(sums);
    gi_status st = gi_backend_entry()->integrate_tiles(state, 0, cfg, &L, 0, L.count, sums, t, err);
    if (st == GI_STATUS_OK)
        *value = gi_tiles_finish(&L, sums);
    free(sums);
    return st;
}

static double integrate(const gi_integrate_params *p, long long launch_evals, int *launches)
{
    char v[32];
    snprintf(v, sizeof v, "%lld", launch_evals);
    setenv("GPUINTEG_CUDA_LAUNCH_EVALS", v, 1);
    mock_cuda_reset(7);
    void *state = probe_one();
    unsetenv("GPUINTEG_CUDA_LAUNCH_EVALS");
    gi_run_config cfg = config(1, &no_stop);
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    double value = NAN;
    cr_assert_eq(integrate_whole(state, &cfg, p, &value, &t, &err), GI_STATUS_OK, "%s", err.msg);
    cr_assert_gt(t.kernel_time_s, 0.0);
    cr_assert_eq(t.threads_used, 1);
    *launches = mock_cuda_launches();
    gi_backend_entry()->release(state);
    return value;
}

/* prepare does what a first call would otherwise do inside its time: the integrate kernels'
 * module loaded (CUDA 12.2+ loads lazily, at the first launch) and cuBLAS's handle with a
 * workspace of its own (cuBLAS's recommendation: 32 MiB on Hopper, 4 MiB before), so that the
 * first product allocates nothing. */
Test(cuda_host, prepare_loads_the_kernels_and_gives_cublas_its_workspace)
{
    const size_t mib = 1 << 20;
    const int major[] = {9, 8};
    const size_t want[] = {32 * mib, 4 * mib};
    for (int i = 0; i < 2; i++) {
        mock_cuda_reset(1);
        mock_cuda_set_compute_capability(major[i], 0);
        void *state = probe_one();
        gi_run_config cfg = config(1, &no_stop);
        gi_error err = {{0}};
        cr_assert_eq(gi_backend_entry()->prepare(state, 0, &cfg,
                                                 GI_WORKLOAD_INTEGRATE | GI_WORKLOAD_DGEMM, &err),
                     GI_STATUS_OK, "%s", err.msg);
        cr_assert_eq(mock_cuda_kernels_loaded(), 12, "sm_%d0", major[i]);
        cr_assert_eq(mock_cuda_launches(), 0, "loading launches nothing");
        cr_assert_eq(mock_cuda_blas_workspace_bytes(), want[i], "sm_%d0: %zu bytes", major[i],
                     mock_cuda_blas_workspace_bytes());
        gi_backend_entry()->release(state);
    }
}

/* Getting ready to integrate leaves cuBLAS alone, and getting ready to multiply leaves the
 * integrate kernels. */
Test(cuda_host, prepare_sets_up_only_the_workloads_asked_for)
{
    mock_cuda_reset(1);
    void *state = probe_one();
    gi_run_config cfg = config(1, &no_stop);
    gi_error err = {{0}};
    cr_assert_eq(gi_backend_entry()->prepare(state, 0, &cfg, GI_WORKLOAD_INTEGRATE, &err),
                 GI_STATUS_OK, "%s", err.msg);
    cr_assert_eq(mock_cuda_kernels_loaded(), 12);
    cr_assert_eq(mock_cuda_blas_workspace_bytes(), 0);
    gi_backend_entry()->release(state);
    mock_cuda_reset(1);
    state = probe_one();
    cr_assert_eq(gi_backend_entry()->prepare(state, 0, &cfg, GI_WORKLOAD_DGEMM, &err), GI_STATUS_OK,
                 "%s", err.msg);
    cr_assert_eq(mock_cuda_kernels_loaded(), 0);
    cr_assert_gt(mock_cuda_blas_workspace_bytes(), 0);
    gi_backend_entry()->release(state);
}

Test(cuda_host, every_cut_into_launches_gives_the_same_bits)
{
    const gi_integrate_params grids[] = {
        {0, 1, 0, 1, 40000, 3},               /* 1000 tiles of 40 rows: rows split */
        {-3.0, 1.0, 2.0, 2.5, 1237, 4099},    /* ragged tiles, three tile columns */
        {10.0, 10.5, -30.0, -1.0, 70001, 30}, /* 69-row tiles, ragged last tile row */
        {0, M_PI, 0, M_PI, 1, 1},             /* one cell */
        {0.5, 1.0, -1.0, 1.5, 40, 300000},    /* wide tiles: cut into column slices */
    };
    const long long cuts[] = {1LL << 40, 1LL << 30, 1LL << 16, 100000, 1};
    for (size_t g = 0; g < sizeof grids / sizeof grids[0]; g++) {
        const gi_integrate_params *p = &grids[g];
        int launches;
        double ref = integrate(p, cuts[0], &launches);
        cr_assert_eq(launches, 1);
        double want = gi_integrate_closed_form(p), tol = gi_test_integrate_tolerance(p);
        cr_assert_leq(fabs(ref - want), tol, "grid %zu: %.17g vs closed form %.17g", g, ref, want);
        for (size_t c = 1; c < sizeof cuts / sizeof cuts[0]; c++) {
            double v = integrate(p, cuts[c], &launches);
            char what[96];
            snprintf(what, sizeof what, "grid %zu cut at %lld evaluations (%d launches)", g,
                     cuts[c], launches);
            same_bits(v, ref, what);
        }
    }
    /* The tall-tile grid really was cut by rows: 1000 tiles of 40 rows, 16 rows a launch. */
    int launches;
    integrate(&grids[0], 48000, &launches);
    cr_assert_eq(launches, 3);
    /* The wide one by columns: 192 tiles of 16 × 4688 cells; 24 tiles × 16 rows × 256 columns
     * (98304 sines) a launch: 8 tile chunks × 19 column slices. */
    integrate(&grids[4], 100000, &launches);
    cr_assert_eq(launches, 8 * 19);
}

/* The gi sine's kernel (its host transcription in support/integrate_emulation.c, which the mock
 * runtime runs): the serial backend's bits for every cut into launches, the lanes' 128-bit sums
 * carried between launches included. */
Test(cuda_host, gi_kernel_gives_the_cpus_bits_for_every_cut)
{
    const gi_integrate_params grids[] = {
        {0, 1, 0, 1, 40000, 3},            /* rows split */
        {-3.0, 1.0, 2.0, 2.5, 1237, 4099}, /* ragged tiles */
        {0.5, 1.0, -1.0, 1.5, 40, 30000},  /* column slices */
    };
    const long long cuts[] = {1LL << 40, 100000, 4096};
    for (size_t g = 0; g < sizeof grids / sizeof grids[0]; g++) {
        gi_context *ctx;
        gi_integrate_result r;
        cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
        cr_assert_eq(gi_context_select(ctx, "serial"), GI_STATUS_OK);
        cr_assert_eq(gi_integrate(ctx, &grids[g], &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
        gi_context_destroy(ctx);
        for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
            int launches;
            layout_gi = 1;
            double v = integrate(&grids[g], cuts[c], &launches);
            layout_gi = 0;
            char what[96];
            snprintf(what, sizeof what, "grid %zu cut at %lld evaluations (%d launches) vs serial",
                     g, cuts[c], launches);
            same_bits(v, r.value, what);
            if (c > 0)
                cr_assert_gt(launches, 1, "%s: the budget must cut the grid", what);
        }
    }
}

/* integrate_tiles (an MPI rank's share): any split of the tiles, combined in tile order, gives
 * integrate's bits; a range that does not start at a launch boundary included. */
Test(cuda_host, tile_ranges_combine_to_the_whole_bits)
{
    gi_integrate_params p = {-3.0, 1.0, 2.0, 2.5, 1237, 4099};
    int launches;
    double whole = integrate(&p, 1LL << 30, &launches);
    gi_tile_layout L = gi_tile_layout_make(p.x0, p.x1, p.y0, p.y1, p.nx, p.ny);
    gi_sum *pairs = calloc((size_t)L.count, sizeof *pairs);
    cr_assert_not_null(pairs);
    const int64_t cuts[] = {0, 1, 7, 100, L.count};
    setenv("GPUINTEG_CUDA_LAUNCH_EVALS", "100000", 1); /* several launches per range */
    mock_cuda_reset(9);
    void *state = probe_one();
    unsetenv("GPUINTEG_CUDA_LAUNCH_EVALS");
    for (size_t k = 0; k + 1 < sizeof cuts / sizeof cuts[0]; k++) {
        gi_run_config cfg = config(1, &no_stop);
        gi_workload_timing t = {0};
        gi_error err = {{0}};
        cr_assert_eq(gi_backend_entry()->integrate_tiles(state, 0, &cfg, &L, cuts[k],
                                                         cuts[k + 1] - cuts[k], pairs + cuts[k], &t,
                                                         &err),
                     GI_STATUS_OK, "%s", err.msg);
    }
    gi_backend_entry()->release(state);
    same_bits(gi_tiles_finish(&L, pairs), whole, "tiles in 4 ranges vs the whole");
    free(pairs);
}

/* Which sine the kernel is told to use: sine.h's within its range, CUDA's beyond it or when
 * GPUINTEG_CUDA_SINE=cuda asks for it. */
Test(cuda_host, sine_choice_follows_the_grid_and_the_environment)
{
    const struct {
        gi_integrate_params p;
        const char *env;
        int fast;
    } cases[] = {
        {{0, M_PI, 0, M_PI, 100, 100}, NULL, 1},
        {{-524288.0, 524288.0, -524288.0, 524288.0, 10, 10}, NULL, 1}, /* |x + y| ≤ 2²⁰ */
        {{0, 1048576.0, 0, 1.0, 10, 10}, NULL, 0},
        {{0, M_PI, 0, M_PI, 100, 100}, "cuda", 0},
        {{0, M_PI, 0, M_PI, 100, 100}, "gpuinteg", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].env)
            setenv("GPUINTEG_CUDA_SINE", cases[i].env, 1);
        mock_cuda_reset(1);
        void *state = probe_one();
        unsetenv("GPUINTEG_CUDA_SINE");
        gi_run_config cfg = config(1, &no_stop);
        gi_workload_timing t = {0};
        gi_error err = {{0}};
        double value;
        cr_assert_eq(integrate_whole(state, &cfg, &cases[i].p, &value, &t, &err), GI_STATUS_OK,
                     "%s", err.msg);
        cr_assert_eq(mock_cuda_last_fast_sine(), cases[i].fast, "case %zu", i);
        gi_backend_entry()->release(state);
    }
}

Test(cuda_host, stop_request_interrupts_between_launches)
{
    setenv("GPUINTEG_CUDA_LAUNCH_EVALS", "1", 1);
    mock_cuda_reset(3);
    void *state = probe_one();
    unsetenv("GPUINTEG_CUDA_LAUNCH_EVALS");
    atomic_int stop;
    atomic_init(&stop, 1);
    gi_run_config cfg = config(1, &stop);
    gi_integrate_params p = {0, 1, 0, 1, 40000, 3};
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    double value = 0.0;
    cr_assert_eq(integrate_whole(state, &cfg, &p, &value, &t, &err), GI_STATUS_INTERRUPTED);
    cr_assert_str_eq(err.msg, "cuda: integrate stopped on request");
    cr_assert_lt(mock_cuda_launches(), 3, "stopped after %d launches", mock_cuda_launches());
    atomic_store(&stop, 0);
    cr_assert_eq(integrate_whole(state, &cfg, &p, &value, &t, &err), GI_STATUS_OK, "%s", err.msg);
    cr_assert_leq(fabs(value - gi_integrate_closed_form(&p)), gi_test_integrate_tolerance(&p));
    gi_backend_entry()->release(state);
}

Test(cuda_host, integrate_out_of_device_memory_names_bytes)
{
    mock_cuda_reset(1);
    mock_cuda_set_device_memory(1000);
    void *state = probe_one();
    gi_run_config cfg = config(1, &no_stop);
    gi_integrate_params p = {0, 1, 0, 1, 20000, 20000}; /* 1000 × 10 tiles: 160000 bytes */
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    double value;
    cr_assert_eq(integrate_whole(state, &cfg, &p, &value, &t, &err), GI_STATUS_OUT_OF_MEMORY);
    cr_assert_str_eq(err.msg, "cuda: cudaMalloc(tile sums) (160000 bytes): "
                              "cudaErrorMemoryAllocation: out of memory "
                              "(device 0: 1000 of 1000 bytes free)");
    gi_backend_entry()->release(state);
}

/* ---- gemm ------------------------------------------------------------------------------------ */

typedef struct gemm_case {
    char ta, tb;
    int64_t m, n, k, pad; /* leading dimensions exceed the minimum by pad */
    double alpha, beta;
} gemm_case;

static double *filled(int64_t count, unsigned seed)
{
    double *x = malloc((size_t)count * sizeof *x);
    cr_assert_not_null(x);
    for (int64_t i = 0; i < count; i++) {
        seed = seed * 1664525u + 1013904223u;
        x[i] = (double)(seed >> 8) / (double)(1u << 24) - 0.5;
    }
    return x;
}

static double *absolute(const double *x, int64_t count)
{
    double *y = malloc((size_t)count * sizeof *y);
    cr_assert_not_null(y);
    for (int64_t i = 0; i < count; i++)
        y[i] = fabs(x[i]);
    return y;
}

/* Runs one case through the backend (device memory `memory` bytes; 0: the mock's 1 GiB) and
 * the reference; C's padding rows hold a sentinel that must survive, and with beta = 0 C holds
 * NaN that must not reach the result. The backend may sum a product's k terms in panels, so
 * each element is compared within the rounding bound of a k-term dot product:
 * |C − want| ≤ (k + 2)·2⁻⁵²·(|alpha|·Σ|a||b| + |beta·c|), with the sums of absolute values
 * from the reference on |A|, |B|, |C|. Only what the call needs crosses the bus: A once, B
 * once per row strip (once in core), C once each way (up only when beta ≠ 0). Returns the
 * number of times B was uploaded. */
/* The mock's seed for check_gemm_in: which work runs early, and when. */
static unsigned gemm_seed = 5;

static double check_gemm_in(const gemm_case *g, int threads, size_t memory)
{
    int64_t ar = g->ta == 'N' ? g->m : g->k, ac = g->ta == 'N' ? g->k : g->m;
    int64_t br = g->tb == 'N' ? g->k : g->n, bc = g->tb == 'N' ? g->n : g->k;
    int64_t lda = ar + g->pad, ldb = br + g->pad, ldc = g->m + g->pad;
    double *A = filled(lda * ac, 11), *B = filled(ldb * bc, 23), *C = filled(ldc * g->n, 37);
    for (int64_t j = 0; j < g->n; j++)
        for (int64_t i = 0; i < ldc; i++)
            if (i >= g->m)
                C[i + j * ldc] = 777.0;
            else if (g->beta == 0.0)
                C[i + j * ldc] = NAN;
    double *want = malloc((size_t)(ldc * g->n) * sizeof *want);
    cr_assert_not_null(want);
    memcpy(want, C, (size_t)(ldc * g->n) * sizeof *want);
    mock_cuda_dgemm_reference(g->ta, g->tb, g->m, g->n, g->k, g->alpha, A, lda, B, ldb, g->beta,
                              want, ldc);
    double *aA = absolute(A, lda * ac), *aB = absolute(B, ldb * bc),
           *bound = absolute(C, ldc * g->n);
    if (g->beta == 0.0)
        for (int64_t i = 0; i < ldc * g->n; i++)
            bound[i] = 0.0;
    mock_cuda_dgemm_reference(g->ta, g->tb, g->m, g->n, g->k, fabs(g->alpha), aA, lda, aB, ldb,
                              fabs(g->beta), bound, ldc);

    mock_cuda_reset(gemm_seed);
    mock_cuda_set_lazy_queries(gemm_seed > 12);
    if (memory)
        mock_cuda_set_device_memory(memory);
    void *state = probe_one();
    gi_run_config cfg = config(threads, &no_stop);
    gi_dgemm_args a = {g->ta, g->tb, g->m, g->n, g->k, g->alpha, A, lda, B, ldb, g->beta, C, ldc};
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    cr_assert_eq(gi_backend_entry()->dgemm(state, 0, &cfg, &a, &t, &err), GI_STATUS_OK, "%s",
                 err.msg);
    const double gamma = (double)(g->k + 2) * 0x1p-52;
    for (int64_t j = 0; j < g->n; j++)
        for (int64_t i = 0; i < ldc; i++) {
            double x = C[i + j * ldc], y = want[i + j * ldc];
            double tol = i < g->m ? gamma * bound[i + j * ldc] : 0.0;
            cr_assert(fabs(x - y) <= tol,
                      "%c%c m=%lld n=%lld k=%lld: C(%lld,%lld) = %.17g, want %.17g (± %.3g)", g->ta,
                      g->tb, (long long)g->m, (long long)g->n, (long long)g->k, (long long)i,
                      (long long)j, x, y, tol);
        }
    size_t mn = (size_t)(g->m * g->n) * sizeof(double), kn = (size_t)(g->k * g->n) * sizeof(double);
    size_t a_and_c = (size_t)(g->m * g->k) * sizeof(double) + (g->beta != 0.0 ? mn : 0);
    cr_assert_eq(mock_cuda_bytes_to_host(), mn);
    size_t up = mock_cuda_bytes_to_device();
    cr_assert(up >= a_and_c + kn && (up - a_and_c) % kn == 0, "%zu bytes uploaded", up);
    cr_assert_gt(t.kernel_time_s, 0.0);
    cr_assert_eq(t.threads_used, threads);
    gi_backend_entry()->release(state);
    free(A);
    free(B);
    free(C);
    free(want);
    free(aA);
    free(aB);
    free(bound);
    return (double)((up - a_and_c) / kn);
}

/* In core: B crosses once. */
static void check_gemm(const gemm_case *g, int threads)
{
    cr_assert_eq(check_gemm_in(g, threads, 0), 1.0);
}

Test(cuda_host, gemm_all_transposes_with_padding)
{
    const char ops[] = {'N', 'T'};
    for (int x = 0; x < 2; x++)
        for (int y = 0; y < 2; y++) {
            gemm_case g = {ops[x], ops[y], 37, 29, 13, 3, 1.5, -0.5};
            check_gemm(&g, 1);
            g.beta = 0.0;
            check_gemm(&g, 2);
        }
}

Test(cuda_host, gemm_wide_c_is_cut_into_blocks)
{
    gemm_case g = {'N', 'N', 5, 3000, 4, 0, 2.0, 1.0};
    check_gemm(&g, 2);
    cr_assert_eq(mock_cuda_gemm_calls(), 8, "%d products", mock_cuda_gemm_calls());
    gemm_case gt = {'T', 'T', 4, 1001, 3, 2, -1.0, 0.0};
    check_gemm(&gt, 2);
    cr_assert_eq(mock_cuda_gemm_calls(), 4, "%d products", mock_cuda_gemm_calls());
}

Test(cuda_host, gemm_columns_longer_than_a_staging_slot)
{
    /* 600001 rows: each column of A and C is cut into two pieces. */
    gemm_case g = {'N', 'N', 600001, 3, 2, 5, 1.0, 0.25};
    check_gemm(&g, 2);
    gemm_case gt = {'T', 'N', 3, 2, 600001, 0, 1.0, 0.0};
    check_gemm(&gt, 1);
}

Test(cuda_host, gemm_square_many_pieces)
{
    /* A is 4.5 MB (two slots), C three blocks of 174 columns, B's blocks are row blocks. */
    gemm_case g = {'N', 'T', 800, 520, 700, 1, 1.0, 1.0};
    check_gemm(&g, 2);
}

Test(cuda_host, gemm_alpha_zero_reads_neither_a_nor_b)
{
    mock_cuda_reset(1);
    void *state = probe_one();
    gi_run_config cfg = config(1, &no_stop);
    double C[6] = {1, 2, 3, 4, 5, 6};
    gi_dgemm_args a = {'N', 'N', 2, 3, 4, 0.0, NULL, 2, NULL, 4, -2.0, C, 2};
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    cr_assert_eq(gi_backend_entry()->dgemm(state, 0, &cfg, &a, &t, &err), GI_STATUS_OK);
    for (int i = 0; i < 6; i++)
        cr_assert_eq(C[i], -2.0 * (i + 1));
    a.beta = 0.0;
    C[0] = NAN;
    cr_assert_eq(gi_backend_entry()->dgemm(state, 0, &cfg, &a, &t, &err), GI_STATUS_OK);
    for (int i = 0; i < 6; i++)
        cr_assert_eq(C[i], 0.0);
    cr_assert_eq(mock_cuda_bytes_to_device() + mock_cuda_bytes_to_host(), 0);
    gi_backend_entry()->release(state);
}

/* When even tiles of one row and one column of C do not fit: OUT_OF_MEMORY with the bytes. */
Test(cuda_host, gemm_too_large_even_tiled_names_the_bytes)
{
    mock_cuda_reset(1);
    mock_cuda_set_device_memory(4000);
    void *state = probe_one();
    gi_run_config cfg = config(1, &no_stop);
    double *A = filled(300 * 300, 1), *B = filled(300 * 300, 2), *C = filled(300 * 300, 3);
    gi_dgemm_args a = {'N', 'N', 300, 300, 300, 1.0, A, 300, B, 300, 0.0, C, 300};
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    cr_assert_eq(gi_backend_entry()->dgemm(state, 0, &cfg, &a, &t, &err), GI_STATUS_OUT_OF_MEMORY);
    /* 4000 bytes less an eighth kept for cuBLAS; 300 + 2·(300 + 1) doubles. */
    cr_assert_str_eq(err.msg, "cuda: gemm of m = 300, n = 300, k = 300 does not fit in 3500 bytes "
                              "of device memory even cut into tiles (one row and one column of C "
                              "need 7216 bytes)");
    gi_backend_entry()->release(state);
    free(A);
    free(B);
    free(C);
}

/* A, B and C do not fit: C is tiled (row strips × column blocks), B crosses once per strip, and
 * every transpose, padding and beta gives the product. */
Test(cuda_host, gemm_out_of_core_tiles_c)
{
    const char ops[] = {'N', 'T'};
    for (int x = 0; x < 2; x++)
        for (int y = 0; y < 2; y++) {
            /* 960000 bytes of matrices in 500000: strips of 100 rows, blocks of 50 columns. */
            gemm_case g = {ops[x], ops[y], 200, 200, 200, 3, 1.5, -0.5};
            cr_assert_eq(check_gemm_in(&g, 2, 500000), 2.0);
            g.beta = 0.0;
            cr_assert_eq(check_gemm_in(&g, 1, 500000), 2.0);
        }
    /* Many tiles through two places each, under many interleavings of the three streams (a
     * slow GPU from seed 13 on). */
    for (gemm_seed = 1; gemm_seed <= 24; gemm_seed++) {
        gemm_case g = {'N', 'N', 120, 150, 40, 0, 1.0, 0.5};
        cr_assert_eq(check_gemm_in(&g, 1, 30000), 4.0); /* 4 strips × 11 blocks */
    }
    gemm_seed = 5;
    /* Ragged strips and blocks, columns longer than a staging slot. */
    gemm_case tall = {'N', 'T', 700001, 5, 3, 1, 2.0, 1.0};
    cr_assert_gt(check_gemm_in(&tall, 2, 40000000), 1.0);
    gemm_case wide = {'T', 'N', 37, 3001, 41, 2, -1.0, 0.25};
    check_gemm_in(&wide, 2, 400000);
}

/* GPUINTEG_CUDA_MEMORY_LIMIT forces the out-of-core path on a large device (for GPU checks);
 * a transposed op(A) strip goes into its place with 2-D copies. */
Test(cuda_host, gemm_memory_limit_from_the_environment)
{
    setenv("GPUINTEG_CUDA_MEMORY_LIMIT", "1000000", 1);
    gemm_case g = {'T', 'N', 200, 200, 600, 0, 1.0, 0.0}; /* 3 panels of 200 */
    cr_assert_gt(check_gemm_in(&g, 2, 0), 1.0);
    cr_assert_gt(mock_cuda_copies_2d(), 0);
    setenv("GPUINTEG_CUDA_MEMORY_LIMIT", "lots", 1); /* not a number: no limit */
    check_gemm(&g, 2);
    unsetenv("GPUINTEG_CUDA_MEMORY_LIMIT");
}

/* The first product starts once op(A)'s first panel (and B's first block) is up, not all of A;
 * C's first blocks start back while later uploads are still being queued. */
Test(cuda_host, gemm_transfers_overlap_from_the_first_block)
{
    gemm_case g = {'N', 'N', 400, 3000, 600, 0, 1.0, 0.0};
    check_gemm(&g, 2);
    size_t a_bytes = (size_t)400 * 600 * sizeof(double), panel = a_bytes / 3;
    size_t b_block = (size_t)600 * 375 * sizeof(double);
    cr_assert_eq(mock_cuda_bytes_to_device_at_first_gemm(), panel + b_block);
    cr_assert_gt(mock_cuda_bytes_to_host_at_last_upload(), 0);
    /* 3 panels of 200 for the first of 8 blocks, one product for each of the 7 others. */
    cr_assert_eq(mock_cuda_gemm_calls(), 3 + 7);
}

Test(cuda_host, gemm_stop_request_interrupts_and_workspace_is_reusable)
{
    mock_cuda_reset(1);
    void *state = probe_one();
    atomic_int stop;
    atomic_init(&stop, 1);
    gi_run_config cfg = config(1, &stop);
    double *A = filled(200 * 200, 1), *B = filled(200 * 200, 2), *C = filled(200 * 200, 3);
    gi_dgemm_args a = {'N', 'N', 200, 200, 200, 1.0, A, 200, B, 200, 0.0, C, 200};
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    cr_assert_eq(gi_backend_entry()->dgemm(state, 0, &cfg, &a, &t, &err), GI_STATUS_INTERRUPTED);
    cr_assert_str_eq(err.msg, "cuda: gemm stopped on request");
    atomic_store(&stop, 0);
    double *want = filled(200 * 200, 3);
    mock_cuda_dgemm_reference('N', 'N', 200, 200, 200, 1.0, A, 200, B, 200, 0.0, want, 200);
    cr_assert_eq(gi_backend_entry()->dgemm(state, 0, &cfg, &a, &t, &err), GI_STATUS_OK, "%s",
                 err.msg);
    cr_assert(memcmp(C, want, sizeof(double) * 200 * 200) == 0);
    gi_backend_entry()->release(state);
    free(A);
    free(B);
    free(C);
    free(want);
}

/* ---- waiting and faults ---------------------------------------------------------------------- */

/* Every wait of both workloads sleeps (blocking-sync events): none spins on a core, none goes
 * through cudaStreamSynchronize, whose behaviour the device's flags decide. */
Test(cuda_host, every_wait_blocks_instead_of_spinning)
{
    setenv("GPUINTEG_CUDA_LAUNCH_EVALS", "1", 1); /* several launches */
    mock_cuda_reset(4);
    void *state = probe_one();
    unsetenv("GPUINTEG_CUDA_LAUNCH_EVALS");
    gi_run_config cfg = config(2, &no_stop);
    gi_integrate_params p = {0, 1, 0, 1, 40000, 3};
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    double value;
    cr_assert_eq(integrate_whole(state, &cfg, &p, &value, &t, &err), GI_STATUS_OK, "%s", err.msg);
    cr_assert_gt(mock_cuda_launches(), 1, "%d launches", mock_cuda_launches());
    /* One wait per launch, and one for the tile sums. */
    cr_assert_eq(mock_cuda_blocking_waits(), mock_cuda_launches() + 1);
    cr_assert_eq(mock_cuda_spinning_waits(), 0);

    double *A = filled(800 * 700, 1), *B = filled(700 * 520, 2), *C = filled(800 * 520, 3);
    gi_dgemm_args a = {'N', 'N', 800, 520, 700, 1.0, A, 800, B, 700, 1.0, C, 800};
    int before = mock_cuda_blocking_waits();
    cr_assert_eq(gi_backend_entry()->dgemm(state, 0, &cfg, &a, &t, &err), GI_STATUS_OK, "%s",
                 err.msg);
    cr_assert_gt(mock_cuda_blocking_waits(), before);
    cr_assert_eq(mock_cuda_spinning_waits(), 0);
    gi_backend_entry()->release(state);
    free(A);
    free(B);
    free(C);
}

static void assert_lost(void *state, const char *fault)
{
    gi_backend_device d;
    memset(&d, 0, sizeof d);
    gi_error err = {{0}};
    cr_assert_eq(gi_backend_entry()->describe(state, 0, &d, &err), GI_STATUS_OK, "%s", err.msg);
    cr_assert_eq(d.available, 0);
    cr_assert(strncmp(d.reason, "lost to this process after a fault (", 36) == 0, "%s", d.reason);
    cr_assert(strstr(d.reason, fault), "%s", d.reason);
    cr_assert(strstr(d.reason, "); it must be reset: restart the program"), "%s", d.reason);
}

/* A sticky fault (CUDA documents that the process must be restarted) loses the device for the
 * whole process: DEVICE_LOST with the fault, later calls refused at once without touching the
 * GPU, describe() says unavailable and why, in this context and in a new one. */
Test(cuda_host, sticky_fault_loses_the_device_for_the_process)
{
    mock_cuda_reset(1);
    void *state = probe_one();
    gi_run_config cfg = config(1, &no_stop);
    gi_integrate_params p = {0, M_PI, 0, M_PI, 1000, 1000};
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    double value;
    mock_cuda_fault_next_work(cudaErrorIllegalAddress);
    cr_assert_eq(integrate_whole(state, &cfg, &p, &value, &t, &err), GI_STATUS_DEVICE_LOST, "%s",
                 err.msg);
    const char *fault = "cuda: integrate kernel (launch 0): cudaErrorIllegalAddress: an illegal "
                        "memory access was encountered";
    cr_assert_str_eq(err.msg, "cuda: integrate kernel (launch 0): cudaErrorIllegalAddress: an "
                              "illegal memory access was encountered (device 0 is lost to this "
                              "process: it must be reset, restart the program)");

    int launches = mock_cuda_launches();
    cr_assert_eq(integrate_whole(state, &cfg, &p, &value, &t, &err), GI_STATUS_DEVICE_LOST);
    cr_assert_eq(mock_cuda_launches(), launches, "a lost device was given work");
    char want[1024];
    snprintf(want, sizeof want,
             "cuda: device 0 is unusable in this process since an earlier fault (%s); it must "
             "be reset: restart the program",
             fault);
    cr_assert_str_eq(err.msg, want);
    double A[4] = {1, 2, 3, 4}, C[4] = {0};
    gi_dgemm_args a = {'N', 'N', 2, 2, 2, 1.0, A, 2, A, 2, 0.0, C, 2};
    cr_assert_eq(gi_backend_entry()->dgemm(state, 0, &cfg, &a, &t, &err), GI_STATUS_DEVICE_LOST);
    cr_assert_str_eq(err.msg, want);
    assert_lost(state, fault);
    gi_backend_entry()->release(state);

    /* A new context of the same process (the plugin stays loaded): still lost. */
    state = probe_one();
    assert_lost(state, fault);
    cr_assert_eq(integrate_whole(state, &cfg, &p, &value, &t, &err), GI_STATUS_DEVICE_LOST);
    gi_backend_entry()->release(state);
}

/* In gemm the fault may first show as a cuBLAS failure or at a wait for a copy; either way the
 * call ends with DEVICE_LOST naming the CUDA error, and the device is lost. */
Test(cuda_host, sticky_fault_during_gemm_loses_the_device)
{
    /* One seed only: the record is process-wide, and each Criterion test is its own process. */
    mock_cuda_reset(2);
    void *state = probe_one();
    gi_run_config cfg = config(1, &no_stop);
    double *A = filled(5 * 4, 1), *B = filled(4 * 3000, 2), *C = filled(5 * 3000, 3);
    gi_dgemm_args a = {'N', 'N', 5, 3000, 4, 1.0, A, 5, B, 4, 0.0, C, 5};
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    mock_cuda_fault_next_work(cudaErrorLaunchFailure);
    cr_assert_eq(gi_backend_entry()->dgemm(state, 0, &cfg, &a, &t, &err), GI_STATUS_DEVICE_LOST,
                 "%s", err.msg);
    cr_assert(strstr(err.msg, "cudaErrorLaunchFailure: unspecified launch failure"), "%s", err.msg);
    cr_assert(strstr(err.msg, " (device 0 is lost to this process: it must be reset, restart "
                              "the program)"),
              "%s", err.msg);
    assert_lost(state, "cudaErrorLaunchFailure");
    gi_backend_entry()->release(state);
    free(A);
    free(B);
    free(C);
}

/* ---- launch sizes ------------------------------------------------------------------------------
 */

/* Plans every launch of `p` with at most `budget` sines (GPUINTEG_CUDA_LAUNCH_EVALS; 0: the
 * default 2³⁰) without running them, stopping after `max_launches`, and checks each launch:
 * within the budget (the floor is one row group of 256 columns of one tile), at least half of
 * it unless it holds a remainder of the grid, the order integrate_kernel.h requires, and, for a
 * plan run to its end, every cell exactly once with each tile started and finished once.
 * Returns the number of launches. */
static int check_plan(gi_integrate_params p, long long budget, int max_launches)
{
    if (budget) {
        char v[32];
        snprintf(v, sizeof v, "%lld", budget);
        setenv("GPUINTEG_CUDA_LAUNCH_EVALS", v, 1);
    } else {
        budget = 1LL << 30;
    }
    mock_cuda_reset(1);
    void *state = probe_one();
    unsetenv("GPUINTEG_CUDA_LAUNCH_EVALS");
    mock_cuda_skip_kernels(1);
    atomic_int stop;
    atomic_init(&stop, 0);
    mock_cuda_stop_after(max_launches, &stop);
    gi_run_config cfg = config(1, &stop);
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    double value;
    gi_status st = integrate_whole(state, &cfg, &p, &value, &t, &err);
    int launches = mock_cuda_launches();
    int finished = st == GI_STATUS_OK;
    cr_assert(finished || (st == GI_STATUS_INTERRUPTED && launches == max_launches),
              "status %d after %d launches: %s", st, launches, err.msg);

    gi_tile_layout L = gi_tile_layout_make(p.x0, p.x1, p.y0, p.y1, p.nx, p.ny);
    int64_t tnx = L.tile_nx < L.nx ? L.tile_nx : L.nx, tny = L.tile_ny < L.ny ? L.tile_ny : L.ny;
    int64_t total = 0, grid = p.nx * p.ny;
    int *started = calloc((size_t)L.count, sizeof *started);
    int *ended = calloc((size_t)L.count, sizeof *ended);
    cr_assert(started && ended);
    /* The plan's sizes: the largest of each; a launch below one of them holds a remainder. */
    int64_t most_tiles = 0, most_rows = 0, most_cols = 0;
    for (int k = 0; k < launches && k < GI_MOCK_CUDA_RECORDED; k++) {
        const gi_cuda_integrate_launch *a = mock_cuda_launch(k);
        most_tiles = a->tiles > most_tiles ? a->tiles : most_tiles;
        most_rows = a->row_end - a->row_begin > most_rows ? a->row_end - a->row_begin : most_rows;
        most_cols = a->col_end - a->col_begin > most_cols ? a->col_end - a->col_begin : most_cols;
    }
    for (int k = 0; k < launches && k < GI_MOCK_CUDA_RECORDED; k++) {
        const gi_cuda_integrate_launch *a = mock_cuda_launch(k);
        int64_t rows = a->row_end - a->row_begin, cols = a->col_end - a->col_begin;
        int64_t nominal = (int64_t)a->tiles * rows * cols;
        cr_assert(rows > 0 && cols > 0 && a->tiles > 0, "launch %d is empty", k);
        cr_assert_leq(nominal, budget > 4096 ? budget : 4096, "launch %d: %lld sines", k,
                      (long long)nominal);
        int remainder = a->tiles < most_tiles || rows < most_rows || cols < most_cols;
        cr_assert(2 * nominal >= budget || remainder || grid < budget,
                  "launch %d: %lld sines, under half the budget of %lld", k, (long long)nominal,
                  budget);
        cr_assert_eq(a->row_begin % GI_CUDA_ROW_GROUP, 0);
        cr_assert_eq(a->col_begin % GI_CUDA_LANES, 0);
        /* Column slices come one row group at a time. */
        cr_assert(cols == tny || rows <= GI_CUDA_ROW_GROUP, "launch %d", k);
        cr_assert_eq(a->first, a->row_begin == 0 && a->col_begin == 0);
        cr_assert_eq(a->last, a->row_end == tnx && a->col_end == tny);
        for (int64_t b = 0; b < a->tiles; b++) {
            int64_t tile = a->first_tile + b, i0, i1, j0, j1;
            gi_tile_bounds(&L, tile, &i0, &i1, &j0, &j1);
            int64_t r = i1 - i0 - a->row_begin, c = j1 - j0 - a->col_begin;
            r = r < rows ? r : rows;
            c = c < cols ? c : cols;
            total += (r > 0 ? r : 0) * (c > 0 ? c : 0);
            started[tile] += a->first;
            ended[tile] += a->last;
        }
    }
    if (finished) {
        cr_assert_eq(total, grid, "the launches cover %lld of %lld cells", (long long)total,
                     (long long)grid);
        for (int64_t tile = 0; tile < L.count; tile++)
            cr_assert(started[tile] == 1 && ended[tile] == 1, "tile %lld: %d starts, %d ends",
                      (long long)tile, started[tile], ended[tile]);
    }
    free(started);
    free(ended);
    gi_backend_entry()->release(state);
    return launches;
}

Test(cuda_host, launches_stay_within_the_budget_up_to_a_billion_cells_a_side)
{
    const double b = 1.0;
    /* One row of a billion columns: 64 tiles of 15625000 columns, in one launch of 2³⁰, or cut
     * into slices of 3 × 15625000 / 1000000 columns: 16 rows × 1024 columns for 61 tiles. */
    cr_assert_eq(check_plan((gi_integrate_params){0, b, 0, b, 1, 1000000000}, 0, 1000), 1);
    check_plan((gi_integrate_params){0, b, 0, b, 1, 1000000000}, 1000000, 100000);
    /* One column of a billion rows: tiles of 976563 rows, whole tiles of 2048 nominal columns. */
    check_plan((gi_integrate_params){0, b, 0, b, 1000000000, 1}, 0, 1000);
    check_plan((gi_integrate_params){0, b, 0, b, 1000000000, 1}, 1000000, 3000);
    /* A billion by a billion (10¹⁸ sines): the first launches of 2³⁰ and of 10⁶. */
    check_plan((gi_integrate_params){0, b, 0, b, 1000000000, 1000000000}, 0, 2000);
    check_plan((gi_integrate_params){0, b, 0, b, 1000000000, 1000000000}, 1000000, 2000);
    /* The default grid and a tall one, to the end. */
    cr_assert_eq(check_plan((gi_integrate_params){0, M_PI, 0, M_PI, 10000, 10000}, 0, 1000), 1);
    check_plan((gi_integrate_params){0, M_PI, 0, M_PI, 10000, 10000}, 1000000, 1000);
    check_plan((gi_integrate_params){0, b, 0, b, 40000, 1000000000}, 0, 2000);
    check_plan((gi_integrate_params){0, b, 0, b, 100000, 300000}, 12345, 5000);
    /* A budget below one row group of 256 columns: that floor, one tile a launch. */
    check_plan((gi_integrate_params){0, b, 0, b, 70, 3000}, 1, 5000);
}

/* ---- gemm on device memory (gi_dgemm_device) -------------------------------------------- */

Test(cuda_host, dgemm_device_computes_in_place_on_the_callers_stream)
{
    mock_cuda_reset(5);
    void *state = probe_one();
    gi_run_config cfg = config(1, &no_stop);
    const int64_t m = 5, n = 4, k = 3;
    double *A, *B, *C;
    cr_assert_eq(cudaMalloc((void **)&A, sizeof(double) * (size_t)(m * k)), cudaSuccess);
    cr_assert_eq(cudaMalloc((void **)&B, sizeof(double) * (size_t)(k * n)), cudaSuccess);
    cr_assert_eq(cudaMalloc((void **)&C, sizeof(double) * (size_t)(m * n)), cudaSuccess);
    double want[20];
    for (int64_t i = 0; i < m * k; i++)
        A[i] = 0.25 * (double)(i + 1);
    for (int64_t i = 0; i < k * n; i++)
        B[i] = 1.0 - 0.125 * (double)i;
    for (int64_t i = 0; i < m * n; i++)
        C[i] = want[i] = (double)i;
    mock_cuda_dgemm_reference('N', 'N', m, n, k, 2.0, A, m, B, k, -1.0, want, m);
    cudaStream_t s;
    cr_assert_eq(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking), cudaSuccess);
    size_t up = mock_cuda_bytes_to_device(), down = mock_cuda_bytes_to_host();
    const gi_dgemm_args a = {.transa = 'N',
                             .transb = 'N',
                             .m = m,
                             .n = n,
                             .k = k,
                             .alpha = 2.0,
                             .A = A,
                             .lda = m,
                             .B = B,
                             .ldb = k,
                             .beta = -1.0,
                             .C = C,
                             .ldc = m};
    gi_workload_timing t = {0};
    gi_error err = {{0}};
    cr_assert_eq(gi_backend_entry()->dgemm_device(state, 0, &cfg, &a, (uintptr_t)s, &t, &err),
                 GI_STATUS_OK, "%s", err.msg);
    for (int64_t i = 0; i < m * n; i++)
        same_bits(C[i], want[i], "C");
    cr_assert_eq(mock_cuda_bytes_to_device(), up, "no copy to the device");
    cr_assert_eq(mock_cuda_bytes_to_host(), down, "no copy to the host");
    cr_assert_eq(t.transfer_time_s, 0.0);

    /* A host array where device memory is needed: refused by name, the device kept. */
    double host[15];
    const gi_dgemm_args h = {.transa = 'N',
                             .transb = 'N',
                             .m = m,
                             .n = n,
                             .k = k,
                             .alpha = 1.0,
                             .A = host,
                             .lda = m,
                             .B = B,
                             .ldb = k,
                             .beta = 0.0,
                             .C = C,
                             .ldc = m};
    cr_assert_eq(gi_backend_entry()->dgemm_device(state, 0, &cfg, &h, (uintptr_t)s, &t, &err),
                 GI_STATUS_INVALID_ARGUMENT);
    char expected[160];
    snprintf(expected, sizeof expected,
             "gi_dgemm_device: A at %p is not memory of CUDA device 0 (host memory)", (void *)host);
    cr_assert_str_eq(err.msg, expected);
    cr_assert_eq(gi_backend_entry()->dgemm_device(state, 0, &cfg, &a, (uintptr_t)s, &t, &err),
                 GI_STATUS_OK, "the device still works: %s", err.msg);
    cudaStreamDestroy(s);
    cudaFree(A);
    cudaFree(B);
    cudaFree(C);
    gi_backend_entry()->release(state);
}
