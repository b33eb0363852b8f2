/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * dgemm through CLBlast. The matrices travel packed (leading dimension = rows) with rectangle
 * copies, so the host's padding is never read or written and the device holds no more than the
 * product needs.
 *
 * Timing: the copy of C (or its zero fill) waits on a user event that is released only once
 * CLBlastDgemm has returned, i.e. after CLBlast has compiled its kernels (seconds, on first use)
 * and queued them. On the in-order queue CLBlast's kernels then run back to back after that
 * copy, so the device time from the end of the copy to the end of CLBlast's last kernel is the
 * product's busy time, compilation excluded.
 */
#include "opencl_dgemm.h"

#include <clblast_c.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>

#include "util/clock.h"
#include "common/dgemm_scale.h"
#include "opencl_errors.h"
#include "opencl_queue.h"

/* CLBlast's caches are process-wide, and CLBlastClearCache in one thread while another thread is
 * inside CLBlastDgemm crashes CLBlast 1.5 (in its database lookup). Every CLBlast call of the
 * plugin, in any context, holds this lock; CLBlastDgemm only queues work, so contexts still
 * compute side by side. */
static pthread_mutex_t clblast_lock = PTHREAD_MUTEX_INITIALIZER;

/* CLBlast passes sizes and leading dimensions to its kernels as int, and indexes padded
 * matrices (sides rounded up to its tile sizes, at most this) with int. */
#define CLBLAST_TILE_MAX 256

typedef struct matrix {
    const char *name;
    int64_t rows, cols, ld; /* as stored on the host */
    uint64_t bytes;         /* packed on the device: rows·cols doubles */
} matrix;

static int64_t round_up(int64_t x, int64_t to)
{
    return (x + to - 1) / to * to;
}

static gi_status check_indexing(const opencl_device *d, const matrix *mats, gi_error *err)
{
    for (int i = 0; i < 3; i++) {
        const matrix *x = &mats[i];
        if (x->rows > INT_MAX || x->cols > INT_MAX ||
            round_up(x->rows, CLBLAST_TILE_MAX) * round_up(x->cols, CLBLAST_TILE_MAX) > INT_MAX)
            return gi_error_set(
                err, GI_STATUS_INVALID_ARGUMENT,
                "%s: dgemm: %s is %lld x %lld; CLBlast indexes a matrix with 32-bit int, so "
                "each side and its element count (sides rounded up to %d) must stay <= %d",
                d->spec, x->name, (long long)x->rows, (long long)x->cols, CLBLAST_TILE_MAX,
                INT_MAX);
    }
    return GI_STATUS_OK;
}

/* "A 8000000, B 8000000, C 8000000 = 24000000 bytes" and the device's limits, appended to an
 * out-of-memory message. */
static void append_memory(const opencl_device *d, const matrix *mats, int with_c, gi_error *err)
{
    uint64_t total = mats[0].bytes + mats[1].bytes + mats[2].bytes;
    gi_error_append(err,
                    " (this dgemm needs %llu bytes on the device: A %llu, B %llu, C %llu%s; %s "
                    "has %llu bytes of global memory, at most %llu per buffer)",
                    (unsigned long long)total, (unsigned long long)mats[0].bytes,
                    (unsigned long long)mats[1].bytes, (unsigned long long)mats[2].bytes,
                    with_c ? "" : " zero-filled", d->info.name,
                    (unsigned long long)d->info.global_mem_bytes, (unsigned long long)d->max_alloc);
}

static gi_status check_memory(const opencl_device *d, const matrix *mats, int with_c, gi_error *err)
{
    uint64_t total = 0;
    for (int i = 0; i < 3; i++) {
        if (mats[i].bytes > d->max_alloc) {
            gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                         "%s: dgemm: %s needs %llu bytes, more than one buffer may hold "
                         "(CL_DEVICE_MAX_MEM_ALLOC_SIZE)",
                         d->spec, mats[i].name, (unsigned long long)mats[i].bytes);
            append_memory(d, mats, with_c, err);
            return GI_STATUS_OUT_OF_MEMORY;
        }
        total += mats[i].bytes;
    }
    if (total > d->info.global_mem_bytes) {
        gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                     "%s: dgemm: the matrices do not fit in the device's memory "
                     "(CL_DEVICE_GLOBAL_MEM_SIZE)",
                     d->spec);
        append_memory(d, mats, with_c, err);
        return GI_STATUS_OUT_OF_MEMORY;
    }
    return GI_STATUS_OK;
}

/* Rectangle geometry of a column-major matrix: `rows` doubles per column, `cols` columns, host
 * columns ld doubles apart, device columns packed. */
static void rect(const matrix *x, size_t origin[3], size_t region[3], size_t *host_pitch)
{
    origin[0] = origin[1] = origin[2] = 0;
    region[0] = (size_t)x->rows * sizeof(double);
    region[1] = (size_t)x->cols;
    region[2] = 1;
    *host_pitch = (size_t)x->ld * sizeof(double);
}

/* A matrix without padding (ld = rows) is one block: a plain copy, which drivers do faster. */
static cl_int upload(const opencl_device *d, cl_mem buf, const matrix *x, const double *host,
                     cl_uint nwait, const cl_event *wait, cl_event *ev)
{
    if (x->ld == x->rows)
        return clEnqueueWriteBuffer(d->queue, buf, CL_FALSE, 0, (size_t)x->bytes, host, nwait, wait,
                                    ev);
    size_t origin[3], region[3], pitch;
    rect(x, origin, region, &pitch);
    return clEnqueueWriteBufferRect(d->queue, buf, CL_FALSE, origin, origin, region, region[0], 0,
                                    pitch, 0, host, nwait, wait, ev);
}

static cl_int download(const opencl_device *d, cl_mem buf, const matrix *x, double *host,
                       cl_event *ev)
{
    if (x->ld == x->rows)
        return clEnqueueReadBuffer(d->queue, buf, CL_TRUE, 0, (size_t)x->bytes, host, 0, NULL, ev);
    size_t origin[3], region[3], pitch;
    rect(x, origin, region, &pitch);
    return clEnqueueReadBufferRect(d->queue, buf, CL_TRUE, origin, origin, region, region[0], 0,
                                   pitch, 0, host, 0, NULL, ev);
}

/* alpha = 0 or k = 0: C := beta·C on the host, the reference-BLAS way (C not read when
 * beta = 0). A device round trip would cost more than the loop, and CLBlast rejects k = 0. */
static void scale_on_host(const gi_dgemm_args *a, gi_workload_timing *t)
{
    double start = gi_now();
    gi_dgemm_scale_c(a->m, a->n, a->beta, a->C, a->ldc);
    t->kernel_time_s = gi_now() - start;
    t->transfer_time_s = 0.0;
    t->threads_used = 1;
}

/* The objects of one call, released together. */
typedef struct gemm_call {
    cl_mem buf[3];
    cl_event ev_a, ev_b, ev_c, ev_gemm, ev_read;
    cl_event gate; /* user event holding back C's copy until CLBlast has queued its kernels */
    int gate_open;
} gemm_call;

static void open_gate(gemm_call *c)
{
    if (c->gate && !c->gate_open)
        clSetUserEventStatus(c->gate, CL_COMPLETE);
    c->gate_open = 1;
}

/* Waits for everything the call queued (after opening the gate, or this would wait forever)
 * and releases it. */
static void call_release(const opencl_device *d, gemm_call *c)
{
    open_gate(c);
    clFinish(d->queue);
    if (c->gate)
        clReleaseEvent(c->gate);
    cl_event evs[] = {c->ev_a, c->ev_b, c->ev_c, c->ev_gemm, c->ev_read};
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        opencl_event_release(evs[i]);
    for (int i = 0; i < 3; i++)
        if (c->buf[i])
            clReleaseMemObject(c->buf[i]);
}

static gi_status fail(const opencl_device *d, const matrix *mats, int with_c, cl_int rc,
                      const char *call, const char *what, gi_error *err)
{
    gi_status st = opencl_fail(err, rc, "%s: %s(%s)", d->spec, call, what);
    if (st == GI_STATUS_OUT_OF_MEMORY)
        append_memory(d, mats, with_c, err);
    return st;
}

static gi_status run(opencl_device *d, const gi_dgemm_args *a, const matrix *mats, gemm_call *c,
                     gi_workload_timing *t, gi_error *err)
{
    const int with_c = a->beta != 0.0;
    const cl_mem_flags flags[3] = {CL_MEM_READ_ONLY, CL_MEM_READ_ONLY, CL_MEM_READ_WRITE};
    cl_int rc;
    for (int i = 0; i < 3; i++) {
        c->buf[i] = clCreateBuffer(d->context, flags[i], (size_t)mats[i].bytes, NULL, &rc);
        if (rc != CL_SUCCESS) {
            c->buf[i] = NULL;
            return fail(d, mats, with_c, rc, "clCreateBuffer", mats[i].name, err);
        }
    }
    if ((rc = upload(d, c->buf[0], &mats[0], a->A, 0, NULL, &c->ev_a)) != CL_SUCCESS)
        return fail(d, mats, with_c, rc, "clEnqueueWriteBuffer", "A", err);
    if ((rc = upload(d, c->buf[1], &mats[1], a->B, 0, NULL, &c->ev_b)) != CL_SUCCESS)
        return fail(d, mats, with_c, rc, "clEnqueueWriteBuffer", "B", err);

    c->gate = clCreateUserEvent(d->context, &rc);
    if (rc != CL_SUCCESS) {
        c->gate = NULL;
        return fail(d, mats, with_c, rc, "clCreateUserEvent", "gate", err);
    }
    if (with_c) {
        rc = upload(d, c->buf[2], &mats[2], a->C, 1, &c->gate, &c->ev_c);
    } else {
        /* beta = 0: C is not read (BLAS), so NaN in the caller's C cannot reach the result. */
        const double zero = 0.0;
        rc = clEnqueueFillBuffer(d->queue, c->buf[2], &zero, sizeof zero, 0, (size_t)mats[2].bytes,
                                 1, &c->gate, &c->ev_c);
    }
    if (rc != CL_SUCCESS)
        return fail(d, mats, with_c, rc, with_c ? "clEnqueueWriteBuffer" : "clEnqueueFillBuffer",
                    "C", err);

    pthread_mutex_lock(&clblast_lock);
    CLBlastStatusCode bs = CLBlastDgemm(
        CLBlastLayoutColMajor, a->transa == 'N' ? CLBlastTransposeNo : CLBlastTransposeYes,
        a->transb == 'N' ? CLBlastTransposeNo : CLBlastTransposeYes, (size_t)a->m, (size_t)a->n,
        (size_t)a->k, a->alpha, c->buf[0], 0, (size_t)mats[0].rows, c->buf[1], 0,
        (size_t)mats[1].rows, a->beta, c->buf[2], 0, (size_t)a->m, &d->queue, &c->ev_gemm);
    pthread_mutex_unlock(&clblast_lock);
    d->used_clblast = 1;
    open_gate(c);
    if (bs != CLBlastSuccess) {
        c->ev_gemm = NULL;
        const char *name = opencl_clblast_status_name(bs);
        gi_status st = bs == CLBlastTempBufferAllocFailure || bs == CLBlastOpenCLOutOfHostMemory
                           ? GI_STATUS_OUT_OF_MEMORY
                           : GI_STATUS_DEVICE_ERROR;
        gi_error_set(err, st, "%s: CLBlastDgemm: %s", d->spec, name ? name : "unknown status");
        if (name == NULL)
            gi_error_append(err, " %d", (int)bs);
        if (st == GI_STATUS_OUT_OF_MEMORY)
            append_memory(d, mats, with_c, err);
        return st;
    }
    gi_status st = opencl_event_wait(d, c->ev_gemm, "CLBlastDgemm", err);
    if (st != GI_STATUS_OK)
        return st;
    if ((rc = download(d, c->buf[2], &mats[2], a->C, &c->ev_read)) != CL_SUCCESS)
        return fail(d, mats, with_c, rc, "clEnqueueReadBuffer", "C", err);

    t->kernel_time_s = opencl_events_span(c->ev_c, c->ev_gemm);
    t->transfer_time_s = opencl_event_seconds(c->ev_a) + opencl_event_seconds(c->ev_b) +
                         opencl_event_seconds(c->ev_read);
    if (with_c)
        t->transfer_time_s += opencl_event_seconds(c->ev_c);
    else
        t->kernel_time_s += opencl_event_seconds(c->ev_c);
    t->threads_used = 1;
    return GI_STATUS_OK;
}

gi_status opencl_dgemm(opencl_device *d, const gi_run_config *cfg, const gi_dgemm_args *a,
                       gi_workload_timing *t, gi_error *err)
{
    if (atomic_load_explicit(cfg->stop, memory_order_relaxed))
        return gi_error_set(err, GI_STATUS_INTERRUPTED, "%s: dgemm stopped on request", d->spec);
    if (a->alpha == 0.0 || a->k == 0) {
        scale_on_host(a, t);
        return GI_STATUS_OK;
    }
    const int ta = a->transa != 'N', tb = a->transb != 'N';
    matrix mats[3] = {
        {"A", ta ? a->k : a->m, ta ? a->m : a->k, a->lda, 0},
        {"B", tb ? a->n : a->k, tb ? a->k : a->n, a->ldb, 0},
        {"C", a->m, a->n, a->ldc, 0},
    };
    gi_status st = check_indexing(d, mats, err);
    if (st != GI_STATUS_OK)
        return st;
    /* Below 2^31 elements each (checked above), so these products cannot overflow. */
    for (int i = 0; i < 3; i++)
        mats[i].bytes = (uint64_t)mats[i].rows * (uint64_t)mats[i].cols * sizeof(double);
    if ((st = check_memory(d, mats, a->beta != 0.0, err)) != GI_STATUS_OK)
        return st;
    if ((st = opencl_queue_open(d, err)) != GI_STATUS_OK)
        return st;

    gemm_call c = {{NULL, NULL, NULL}, NULL, NULL, NULL, NULL, NULL, NULL, 0};
    st = run(d, a, mats, &c, t, err);
    call_release(d, &c);
    return st;
}

gi_status opencl_dgemm_prepare(opencl_device *d, const gi_run_config *cfg, gi_error *err)
{
    double a = 1.0, b = 1.0, c = 0.0;
    const gi_dgemm_args one = {'N', 'N', 1, 1, 1, 1.0, &a, 1, &b, 1, 0.0, &c, 1};
    gi_workload_timing t = {0};
    return opencl_dgemm(d, cfg, &one, &t, err);
}

void opencl_dgemm_forget(opencl_state *s)
{
    int used = 0;
    for (int i = 0; s && i < s->count; i++)
        used |= s->devices[i].used_clblast;
    /* CLBlast's cache is process-wide; clearing it only costs other contexts a rebuild (from
     * the driver's own cache where it has one, as PoCL does). */
    if (used) {
        pthread_mutex_lock(&clblast_lock);
        CLBlastClearCache();
        pthread_mutex_unlock(&clblast_lock);
    }
}
