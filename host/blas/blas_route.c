/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The state behind blas_route.h: the configuration (read once), one gpuinteg context opened
 * when the first call needs it, and the lock that serialises it (a context is not
 * thread-safe; calls that stay on the CPU never take it).
 */
#include "blas_route.h"

#include <gpuinteg/gpuinteg.h>

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "blas_config.h"
#include "blas_real.h"
#include "blas_record.h"
#include "blas_threshold.h"

enum phase {
    PHASE_UNDECIDED, /* auto, before the first call worth a device: no context yet */
    PHASE_DEVICE,    /* the selected device runs the calls the threshold sends it */
    PHASE_CPU        /* the system BLAS runs every call */
};

static struct {
    gi_blas_config cfg;
    pthread_mutex_t lock;
    gi_context *ctx;
    gi_context *wide;      /* the reference backend, for ILP64 sizes the system BLAS cannot take */
    char wide_backend[32]; /* its name */
    atomic_int phase;
    int device_is_cpu;
    char spec[64], backend[32], name[256];
    char device_reason[320]; /* why calls that reach the device go there */
    char cpu_reason[1024];   /* PHASE_CPU: why every call stays on the CPU */
    char below_reason[160];  /* why a call under the threshold stays */
    atomic_int fallback_noted;
} S = {.lock = PTHREAD_MUTEX_INITIALIZER};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int initialized;

static const char *env(const char *name)
{
    return getenv(name);
}

double gi_blas_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Ends the program the way reference XERBLA does (it STOPs), with the CLI's exit codes: 1 run
 * failure, 2 bad setting, 3 device unavailable. The lock must not be held: exit runs the
 * destructor that writes the record. */
__attribute__((noreturn, format(printf, 2, 3))) static void stop(int code, const char *fmt, ...)
{
    char line[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "gpuinteg_blas: %s\n", line);
    gi_blas_record_failure(line);
    fflush(NULL);
    exit(code);
}

static void in_child(void)
{
    pthread_mutex_init(&S.lock, NULL);
    gi_blas_record_reset_in_child();
}

static void init(void)
{
    gi_blas_config_read(&S.cfg, env);
    pthread_atfork(NULL, NULL, in_child);
    const gi_blas_real *real = gi_blas_real_get();
    atomic_store(&initialized, 1);
    gi_blas_record_selection(S.cfg.device, "", "");
    if (S.cfg.error[0])
        stop(2, "%s", S.cfg.error);
    if (!real->dgemm)
        stop(1, "the system BLAS is not usable: %s", real->error);
    if (S.cfg.has_min_flops)
        snprintf(S.below_reason, sizeof S.below_reason,
                 "below the threshold: 2*m*n*k < GPUINTEG_BLAS_MIN_FLOPS = %g", S.cfg.min_flops);
    else
        snprintf(S.below_reason, sizeof S.below_reason,
                 "below the threshold: the transfer model keeps it on the CPU");
}

static int unavailable(gi_status st)
{
    return st == GI_STATUS_BACKEND_UNAVAILABLE || st == GI_STATUS_DEVICE_NOT_FOUND ||
           st == GI_STATUS_NOT_SUPPORTED;
}

/* Opens the context and selects the device; S.lock held. Sets S.phase. Returns 0, or the exit
 * code for stop() with msg filled (the caller releases the lock first). */
static int open_device(char *msg, size_t size)
{
    gi_status st = gi_context_create(&S.ctx);
    if (st != GI_STATUS_OK) {
        snprintf(msg, size, "cannot create a gpuinteg context: %s", gi_status_string(st));
        return 1;
    }
    st = gi_context_select(S.ctx, S.cfg.device);
    if (st == GI_STATUS_BAD_DEVICE_SPEC) {
        snprintf(msg, size, "GPUINTEG_BLAS_DEVICE: %s", gi_last_error(S.ctx));
        return 2;
    }
    if (st != GI_STATUS_OK) {
        if (!unavailable(st) || !S.cfg.fallback_cpu) {
            snprintf(msg, size, "GPUINTEG_BLAS_DEVICE=%s: %s%s", S.cfg.device, gi_last_error(S.ctx),
                     unavailable(st) ? " (GPUINTEG_BLAS_FALLBACK=cpu runs the calls on the CPU)"
                                     : "");
            return unavailable(st) ? 3 : 1;
        }
        snprintf(S.cpu_reason, sizeof S.cpu_reason, "fallback: %s", gi_last_error(S.ctx));
        fprintf(stderr,
                "gpuinteg_blas: GPUINTEG_BLAS_DEVICE=%s: %s; the system BLAS runs every "
                "call (GPUINTEG_BLAS_FALLBACK=cpu)\n",
                S.cfg.device, gi_last_error(S.ctx));
        gi_blas_record_selection(S.cfg.device, "cpu", S.cpu_reason);
        atomic_store(&S.phase, PHASE_CPU);
        return 0;
    }
    gi_device_info info;
    const char *why = "";
    gi_context_selected(S.ctx, &info, &why);
    snprintf(S.spec, sizeof S.spec, "%s", info.spec);
    snprintf(S.backend, sizeof S.backend, "%s", info.backend);
    snprintf(S.name, sizeof S.name, "%s", info.name);
    S.device_is_cpu = info.kind == GI_DEVICE_CPU;
    gi_blas_record_selection(S.cfg.device, info.spec, why);
    if (strcmp(S.cfg.device, "auto") == 0 && S.device_is_cpu) {
        snprintf(S.cpu_reason, sizeof S.cpu_reason,
                 "auto chose %s, a CPU: the system BLAS runs every call (%s)", info.spec, why);
        atomic_store(&S.phase, PHASE_CPU);
        return 0;
    }
    if (S.cfg.has_min_flops)
        snprintf(S.device_reason, sizeof S.device_reason, "2*m*n*k >= GPUINTEG_BLAS_MIN_FLOPS = %g",
                 S.cfg.min_flops);
    else if (S.device_is_cpu)
        snprintf(S.device_reason, sizeof S.device_reason,
                 "requested (%s is a CPU device: the transfer model does not apply)", info.spec);
    else
        snprintf(S.device_reason, sizeof S.device_reason,
                 "the transfer model: copies + latency take less than the CPU would");
    atomic_store(&S.phase, PHASE_DEVICE);
    return 0;
}

static void ensure_device(void)
{
    char msg[1280];
    pthread_mutex_lock(&S.lock);
    int code = atomic_load(&S.phase) == PHASE_UNDECIDED ? open_device(msg, sizeof msg) : 0;
    pthread_mutex_unlock(&S.lock);
    if (code)
        stop(code, "%s", msg);
}

static int bad_shape(const gi_blas_gemm *g)
{
    return g->call.m < 0 || g->call.n < 0 || g->call.k < 0 || !strchr("NnTtCc", g->call.transa) ||
           !g->call.transa || !strchr("NnTtCc", g->call.transb) || !g->call.transb;
}

gi_blas_where gi_blas_route(const gi_blas_gemm *g, const char **why)
{
    if (pthread_once(&once, init) == 0 && atomic_load(&S.phase) == PHASE_UNDECIDED &&
        strcmp(S.cfg.device, "auto") != 0)
        ensure_device(); /* an explicit device is opened, and checked, by the first call */
    int phase = atomic_load_explicit(&S.phase, memory_order_acquire);
    if (phase == PHASE_CPU) {
        *why = S.cpu_reason;
        return GI_BLAS_ON_CPU;
    }
    /* Illegal arguments are gpuinteg's to check once a device is in use. */
    if (phase == PHASE_DEVICE && bad_shape(g)) {
        *why = S.device_reason;
        return GI_BLAS_ON_DEVICE;
    }
    int offload;
    if (S.cfg.has_min_flops)
        offload =
            2.0 * (double)g->call.m * (double)g->call.n * (double)g->call.k >= S.cfg.min_flops;
    else if (phase == PHASE_DEVICE && S.device_is_cpu)
        offload = 1;
    else
        offload = gi_blas_offload_pays(g->call.m, g->call.n, g->call.k, g->call.beta != 0.0,
                                       gi_blas_real_threads());
    if (!offload || bad_shape(g)) {
        *why = S.below_reason;
        return GI_BLAS_ON_CPU;
    }
    if (phase == PHASE_UNDECIDED) {
        ensure_device();
        if (atomic_load(&S.phase) == PHASE_CPU) {
            *why = S.cpu_reason;
            return GI_BLAS_ON_CPU;
        }
    }
    *why = S.device_reason;
    return GI_BLAS_ON_DEVICE;
}

void gi_blas_record_cpu(const gi_blas_gemm *g, double seconds, const char *why)
{
    if (g->call.m < 0 || g->call.n < 0 || g->call.k < 0)
        return; /* the system BLAS reported it through XERBLA; nothing ran */
    const gi_blas_real *real = gi_blas_real_get();
    gi_blas_place cpu = {
        .device = "cpu", .backend = "system BLAS", .name = real->path, .reason = why};
    gi_blas_record_call(&cpu, g->call.m, g->call.n, g->call.k, seconds, 0.0, 0);
}

int gi_blas_fits_int(const gi_blas_gemm *g)
{
    const int64_t v[] = {g->call.m, g->call.n, g->call.k, g->call.lda, g->call.ldb, g->call.ldc};
    int fits = 1;
    for (int i = 0; i < 6; i++)
        fits &= v[i] >= INT_MIN && v[i] <= INT_MAX;
    return fits;
}

int gi_blas_ran_on_device(const gi_blas_gemm *g, const char **why)
{
    if (gi_blas_route(g, why) != GI_BLAS_ON_DEVICE)
        return 0;
    gi_blas_run_device(g);
    return 1;
}

/* The call on the system BLAS, in column-major DGEMM form (arguments already checked). */
static void run_cpu(const gi_blas_gemm *g)
{
    const int m = (int)g->call.m, n = (int)g->call.n, k = (int)g->call.k, lda = (int)g->call.lda,
              ldb = (int)g->call.ldb, ldc = (int)g->call.ldc;
    gi_blas_real_get()->dgemm(&g->call.transa, &g->call.transb, &m, &n, &k, &g->call.alpha,
                              g->call.A, &lda, g->call.B, &ldb, &g->call.beta, g->call.C, &ldc, 1,
                              1);
}

void gi_blas_run_device(const gi_blas_gemm *g)
{
    char msg[1024];
    pthread_mutex_lock(&S.lock);
    gi_blas_set_inside(1);
    double start = gi_blas_now();
    gi_status st = gi_dgemm(S.ctx, g->call.transa, g->call.transb, g->call.m, g->call.n, g->call.k,
                            g->call.alpha, g->call.A, g->call.lda, g->call.B, g->call.ldb,
                            g->call.beta, g->call.C, g->call.ldc);
    double wall = gi_blas_now() - start;
    gi_blas_set_inside(0);
    if (st == GI_STATUS_OK) {
        gi_timing t;
        gi_last_timing(S.ctx, &t);
        pthread_mutex_unlock(&S.lock);
        int product = g->call.m > 0 && g->call.n > 0 && g->call.k > 0 && g->call.alpha != 0.0;
        double bytes =
            product && (!S.device_is_cpu || t.transfer_time_s > 0)
                ? gi_blas_bytes_moved(g->call.m, g->call.n, g->call.k, g->call.beta != 0.0)
                : 0.0;
        gi_blas_place dev = {
            .device = S.spec, .backend = S.backend, .name = S.name, .reason = S.device_reason};
        gi_blas_record_call(&dev, g->call.m, g->call.n, g->call.k, wall, bytes, 0);
        return;
    }
    snprintf(msg, sizeof msg, "%s", gi_last_error(S.ctx));
    int position = gi_last_error_argument(S.ctx);
    pthread_mutex_unlock(&S.lock);

    if (st == GI_STATUS_INVALID_ARGUMENT && position > 0) {
        g->illegal(g, position, msg);
        return;
    }
    if (S.cfg.fallback_cpu && gi_blas_fits_int(g) && st != GI_STATUS_MISUSE) {
        if (!atomic_exchange(&S.fallback_noted, 1))
            fprintf(stderr,
                    "gpuinteg_blas: %s on %s failed (%s); the system BLAS runs it, and "
                    "later failures too (GPUINTEG_BLAS_FALLBACK=cpu)\n",
                    g->api, S.spec, msg);
        gi_blas_record_failure(msg);
        start = gi_blas_now();
        run_cpu(g);
        wall = gi_blas_now() - start;
        const gi_blas_real *real = gi_blas_real_get();
        gi_blas_place cpu = {.device = "cpu",
                             .backend = "system BLAS",
                             .name = real->path,
                             .reason = "fallback: the device failed (GPUINTEG_BLAS_FALLBACK=cpu)"};
        gi_blas_record_call(&cpu, g->call.m, g->call.n, g->call.k, wall, 0.0, 1);
        return;
    }
    stop(unavailable(st) ? 3 : 1, "%s (m = %lld, n = %lld, k = %lld) on %s failed: %s%s", g->api,
         (long long)g->call.m, (long long)g->call.n, (long long)g->call.k, S.spec, msg,
         S.cfg.fallback_cpu || st == GI_STATUS_MISUSE
             ? ""
             : " (GPUINTEG_BLAS_FALLBACK=cpu runs such calls on the CPU)");
}

/* Selects on ctx the backend that describes itself as the reference (gi_backend_info's
 * reference: on the host, any size, always there) and writes its name into name. */
static gi_status select_reference(gi_context *ctx, char *name, size_t size)
{
    for (size_t i = 0; i < gi_backend_count(ctx); i++) {
        gi_backend_info b;
        if (gi_backend_get(ctx, i, &b) == GI_STATUS_OK && b.reference) {
            snprintf(name, size, "%s", b.name);
            return gi_context_select(ctx, b.name);
        }
    }
    return GI_STATUS_BACKEND_UNAVAILABLE;
}

void gi_blas_run_wide(const gi_blas_gemm *g)
{
    const char *why;
    if (gi_blas_route(g, &why) == GI_BLAS_ON_DEVICE) {
        gi_blas_run_device(g);
        return;
    }
    char msg[1024];
    pthread_mutex_lock(&S.lock);
    gi_status st = GI_STATUS_OK;
    if (!S.wide && (st = gi_context_create(&S.wide)) == GI_STATUS_OK &&
        (st = select_reference(S.wide, S.wide_backend, sizeof S.wide_backend)) != GI_STATUS_OK) {
        gi_context_destroy(S.wide);
        S.wide = NULL;
    }
    if (st != GI_STATUS_OK) {
        pthread_mutex_unlock(&S.lock);
        stop(1, "%s: cannot open gpuinteg's reference backend for 64-bit sizes: %s", g->api,
             gi_status_string(st));
    }
    double start = gi_blas_now();
    st = gi_dgemm(S.wide, g->call.transa, g->call.transb, g->call.m, g->call.n, g->call.k,
                  g->call.alpha, g->call.A, g->call.lda, g->call.B, g->call.ldb, g->call.beta,
                  g->call.C, g->call.ldc);
    double wall = gi_blas_now() - start;
    snprintf(msg, sizeof msg, "%s", gi_last_error(S.wide));
    int position = gi_last_error_argument(S.wide);
    pthread_mutex_unlock(&S.lock);
    if (st == GI_STATUS_OK) {
        char name[96];
        snprintf(name, sizeof name, "gpuinteg %s backend", S.wide_backend);
        gi_blas_place wide = {.device = S.wide_backend,
                              .backend = S.wide_backend,
                              .name = name,
                              .reason = "64-bit sizes beyond the 32-bit system BLAS"};
        gi_blas_record_call(&wide, g->call.m, g->call.n, g->call.k, wall, 0.0, 0);
    } else if (st == GI_STATUS_INVALID_ARGUMENT && position > 0) {
        g->illegal(g, position, msg);
    } else {
        stop(unavailable(st) ? 3 : 1, "%s (m = %lld, n = %lld, k = %lld) on %s failed: %s", g->api,
             (long long)g->call.m, (long long)g->call.n, (long long)g->call.k, S.wide_backend, msg);
    }
}

__attribute__((destructor)) static void write_record(void)
{
    /* The context is left to the process's end: the plugins' own destructors may already have
     * run (they were loaded after this library), so closing it here could call into them. */
    if (!atomic_load(&initialized) || !S.cfg.report[0])
        return;
    int err = gi_blas_record_write(S.cfg.report);
    if (err)
        fprintf(stderr, "gpuinteg_blas: cannot write the record GPUINTEG_BLAS_REPORT = %s: %s\n",
                S.cfg.report, strerror(err));
}
