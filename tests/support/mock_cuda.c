/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mock CUDA runtime of mock_cuda.h. Streams are queues of deferred operations; an event
 * remembers the queue position of its last record.
 */
#include "mock_cuda.h"

#include <cublas_v2.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "integrate_emulation.h"

typedef enum { OP_COPY, OP_COPY2D, OP_RECORD, OP_WAIT, OP_GEMM, OP_KERNEL } op_kind;

typedef struct gemm_op {
    char ta, tb;
    int64_t m, n, k, lda, ldb, ldc;
    double alpha, beta;
    const double *A, *B;
    double *C;
} gemm_op;

typedef struct op {
    op_kind kind;
    void *dst;
    const void *src;
    size_t bytes;
    size_t dpitch, spitch, height; /* OP_COPY2D: rows of `bytes` each */
    cudaEvent_t event;             /* OP_RECORD: the event; OP_WAIT: the event waited for */
    cudaStream_t wait_stream;      /* OP_WAIT: the stream and position of the record waited for */
    size_t wait_index;
    gemm_op gemm;
    gi_cuda_integrate_launch launch;
} op;

struct CUstream_st {
    op *ops;
    size_t count, cap, done;
};

struct CUevent_st {
    unsigned flags;
    cudaStream_t stream; /* NULL: never recorded */
    size_t index;        /* position of its last record in stream */
    double time_ms;      /* the mock clock when that record ran */
};

struct cublasContext {
    cudaStream_t stream;
};

static struct {
    unsigned rng;
    size_t memory, used;
    cudaError_t count_error, last_error;
    int major, minor;
    size_t to_device, to_host;
    int launches, gemms, last_fast_sine;
    int kernels_loaded;
    size_t blas_workspace;
    int spinning_waits, blocking_waits, copies_2d;
    int lazy_queries;
    size_t to_device_at_first_gemm, to_host_at_last_upload;
    int skip_kernels, stop_after;
    int libraries_loaded, rule_launches; /* the user's integrand (cuda_rule.c) */
    atomic_int *stop;
    gi_cuda_integrate_launch *recorded;
    cudaError_t fault_next, sticky;
    double clock_ms;
} mock;

/* After a sticky fault every call fails with it. */
#define STICKY()                                                                                   \
    do {                                                                                           \
        if (mock.sticky != cudaSuccess)                                                            \
            return fail(mock.sticky);                                                              \
    } while (0)

void mock_cuda_reset(unsigned seed)
{
    free(mock.recorded);
    memset(&mock, 0, sizeof mock);
    mock.rng = seed ? seed : 1;
    mock.memory = (size_t)1 << 30;
    mock.major = 9;
    mock.minor = 0;
    mock.last_fast_sine = -1;
}

void mock_cuda_set_device_memory(size_t bytes)
{
    mock.memory = bytes;
}

void mock_cuda_set_device_count_error(cudaError_t e)
{
    mock.count_error = e;
}

void mock_cuda_set_compute_capability(int major, int minor)
{
    mock.major = major;
    mock.minor = minor;
}

size_t mock_cuda_bytes_to_device(void)
{
    return mock.to_device;
}

size_t mock_cuda_bytes_to_host(void)
{
    return mock.to_host;
}

int mock_cuda_launches(void)
{
    return mock.launches;
}

int mock_cuda_kernels_loaded(void)
{
    return mock.kernels_loaded;
}

size_t mock_cuda_blas_workspace_bytes(void)
{
    return mock.blas_workspace;
}

int mock_cuda_last_fast_sine(void)
{
    return mock.last_fast_sine;
}

int mock_cuda_gemm_calls(void)
{
    return mock.gemms;
}

int mock_cuda_spinning_waits(void)
{
    return mock.spinning_waits;
}

int mock_cuda_blocking_waits(void)
{
    return mock.blocking_waits;
}

int mock_cuda_copies_2d(void)
{
    return mock.copies_2d;
}

size_t mock_cuda_bytes_to_device_at_first_gemm(void)
{
    return mock.to_device_at_first_gemm;
}

size_t mock_cuda_bytes_to_host_at_last_upload(void)
{
    return mock.to_host_at_last_upload;
}

void mock_cuda_fault_next_work(cudaError_t e)
{
    mock.fault_next = e;
}

void mock_cuda_set_lazy_queries(int on)
{
    mock.lazy_queries = on;
}

void mock_cuda_skip_kernels(int on)
{
    mock.skip_kernels = on;
    if (on && !mock.recorded) {
        mock.recorded = calloc(GI_MOCK_CUDA_RECORDED, sizeof *mock.recorded);
        if (!mock.recorded)
            abort(); /* a test helper: out of memory here is not a case under test */
    }
}

const gi_cuda_integrate_launch *mock_cuda_launch(int k)
{
    return mock.recorded && k >= 0 && k < mock.launches && k < GI_MOCK_CUDA_RECORDED
               ? &mock.recorded[k]
               : NULL;
}

void mock_cuda_stop_after(int launches, atomic_int *stop)
{
    mock.stop_after = launches;
    mock.stop = stop;
}

static cudaError_t fail(cudaError_t e)
{
    mock.last_error = e;
    return e;
}

static unsigned draw(void)
{
    mock.rng = mock.rng * 1103515245u + 12345u;
    return mock.rng >> 16;
}

void mock_cuda_dgemm_reference(char ta, char tb, int64_t m, int64_t n, int64_t k, double alpha,
                               const double *A, int64_t lda, const double *B, int64_t ldb,
                               double beta, double *C, int64_t ldc)
{
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < m; i++) {
            double sum = 0.0;
            for (int64_t p = 0; p < k; p++) {
                double a = ta == 'N' ? A[i + p * lda] : A[p + i * lda];
                double b = tb == 'N' ? B[p + j * ldb] : B[j + p * ldb];
                sum += a * b;
            }
            double *c = &C[i + j * ldc];
            *c = beta == 0.0 ? alpha * sum : alpha * sum + beta * *c;
        }
}

/* ---- streams and events ------------------------------------------------------------------ */

static op *push(cudaStream_t s)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        op *grown = realloc(s->ops, cap * sizeof *grown);
        if (!grown)
            abort(); /* a test helper: out of memory here is not a case under test */
        s->ops = grown;
        s->cap = cap;
    }
    op *o = &s->ops[s->count++];
    memset(o, 0, sizeof *o);
    return o;
}

static void run_until(cudaStream_t s, size_t index);

/* The streams that exist, for race_ahead. */
#define MOCK_STREAMS 64
static cudaStream_t streams[MOCK_STREAMS];

/* Sometimes (a seeded draw) a stream runs everything queued on it, as a GPU that is ahead of
 * the host would: only the dependencies the code enqueued (events waited on) hold it back, so a
 * missing one shows up as wrong data. */
static void race_ahead(void)
{
    if (draw() % 4)
        return;
    cudaStream_t live[MOCK_STREAMS];
    unsigned n = 0;
    for (int i = 0; i < MOCK_STREAMS; i++)
        if (streams[i])
            live[n++] = streams[i];
    cudaStream_t s = n ? live[draw() % n] : NULL;
    if (s && s->count)
        run_until(s, s->count - 1);
}

static void run_op(cudaStream_t s, op *o)
{
    if ((o->kind == OP_GEMM || o->kind == OP_KERNEL) && mock.fault_next != cudaSuccess) {
        mock.sticky = mock.fault_next;
        mock.fault_next = cudaSuccess;
    }
    if (mock.sticky != cudaSuccess && o->kind != OP_RECORD && o->kind != OP_WAIT)
        return; /* a faulted device does no more work */
    switch (o->kind) {
    case OP_COPY:
        memcpy(o->dst, o->src, o->bytes);
        mock.clock_ms += 1e-3;
        break;
    case OP_COPY2D:
        for (size_t r = 0; r < o->height; r++)
            memcpy((char *)o->dst + r * o->dpitch, (const char *)o->src + r * o->spitch, o->bytes);
        mock.clock_ms += 1e-3;
        break;
    case OP_RECORD:
        o->event->time_ms = mock.clock_ms;
        break;
    case OP_WAIT:
        run_until(o->wait_stream, o->wait_index);
        break;
    case OP_GEMM: {
        const gemm_op *g = &o->gemm;
        mock_cuda_dgemm_reference(g->ta, g->tb, g->m, g->n, g->k, g->alpha, g->A, g->lda, g->B,
                                  g->ldb, g->beta, g->C, g->ldc);
        mock.clock_ms += 1e-9 * (double)(g->m * g->n * g->k) + 1e-3;
        break;
    }
    case OP_KERNEL:
        if (!mock.skip_kernels)
            gi_emulate_integrate_launch(&o->launch);
        mock.clock_ms += 1e-3;
        break;
    }
    (void)s;
}

static void run_until(cudaStream_t s, size_t index)
{
    while (s->done <= index && s->done < s->count) {
        op *o = &s->ops[s->done++];
        run_op(s, o);
    }
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *s, unsigned int flags)
{
    (void)flags;
    STICKY();
    *s = calloc(1, sizeof **s);
    if (!*s)
        return fail(cudaErrorMemoryAllocation);
    for (int i = 0; i < MOCK_STREAMS; i++)
        if (!streams[i]) {
            streams[i] = *s;
            break;
        }
    return cudaSuccess;
}

cudaError_t cudaStreamDestroy(cudaStream_t s)
{
    if (mock.sticky == cudaSuccess) /* a faulted device runs nothing more */
        run_until(s, s->count);
    for (int i = 0; i < MOCK_STREAMS; i++)
        if (streams[i] == s)
            streams[i] = NULL;
    free(s->ops);
    free(s);
    STICKY();
    return cudaSuccess;
}

cudaError_t cudaStreamSynchronize(cudaStream_t s)
{
    mock.spinning_waits++;
    if (s->count)
        run_until(s, s->count - 1);
    STICKY();
    return cudaSuccess;
}

cudaError_t cudaEventCreateWithFlags(cudaEvent_t *e, unsigned int flags)
{
    *e = NULL;
    STICKY();
    *e = calloc(1, sizeof **e);
    if (!*e)
        return fail(cudaErrorMemoryAllocation);
    (*e)->flags = flags;
    return cudaSuccess;
}

cudaError_t cudaEventDestroy(cudaEvent_t e)
{
    free(e);
    STICKY();
    return cudaSuccess;
}

cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t s)
{
    STICKY();
    op *o = push(s);
    o->kind = OP_RECORD;
    o->event = e;
    e->stream = s;
    e->index = s->count - 1;
    return cudaSuccess;
}

static int event_done(cudaEvent_t e)
{
    return !e->stream || e->stream->done > e->index;
}

cudaError_t cudaEventSynchronize(cudaEvent_t e)
{
    if (e->flags & cudaEventBlockingSync)
        mock.blocking_waits++;
    else
        mock.spinning_waits++;
    if (e->stream)
        run_until(e->stream, e->index);
    STICKY();
    return cudaSuccess;
}

cudaError_t cudaEventQuery(cudaEvent_t e)
{
    STICKY();
    if (event_done(e))
        return cudaSuccess;
    if (!mock.lazy_queries && draw() % 3 == 0) {
        run_until(e->stream, e->index);
        STICKY();
        return cudaSuccess;
    }
    return cudaErrorNotReady;
}

cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end)
{
    STICKY();
    if (!event_done(start) || !event_done(end))
        return fail(cudaErrorNotReady);
    *ms = (float)(end->time_ms - start->time_ms);
    return cudaSuccess;
}

cudaError_t cudaStreamWaitEvent(cudaStream_t s, cudaEvent_t e, unsigned int flags)
{
    (void)flags;
    STICKY();
    if (!e->stream)
        return cudaSuccess;
    op *o = push(s);
    o->kind = OP_WAIT;
    o->wait_stream = e->stream;
    o->wait_index = e->index;
    return cudaSuccess;
}

/* ---- memory ---------------------------------------------------------------------------- */

/* Each device allocation is preceded by its size, for the accounting of cudaMemGetInfo. */
/* The live device blocks, for cudaPointerGetAttributes: the mock's "device memory" is host
 * memory, told apart by address. */
#define MOCK_BLOCKS 1024
static struct {
    const char *p;
    size_t bytes;
} blocks[MOCK_BLOCKS];

cudaError_t cudaPointerGetAttributes(struct cudaPointerAttributes *attr, const void *p)
{
    memset(attr, 0, sizeof *attr);
    attr->type = cudaMemoryTypeUnregistered; /* CUDA 11+: a plain host pointer is no error */
    for (int i = 0; i < MOCK_BLOCKS; i++)
        if (blocks[i].p && (const char *)p >= blocks[i].p &&
            (const char *)p < blocks[i].p + blocks[i].bytes) {
            attr->type = cudaMemoryTypeDevice;
            attr->device = 0;
            attr->devicePointer = (void *)p;
        }
    return cudaSuccess;
}

cudaError_t cudaMalloc(void **p, size_t bytes)
{
    *p = NULL;
    STICKY();
    if (bytes > mock.memory - mock.used)
        return fail(cudaErrorMemoryAllocation);
    size_t *block = malloc(sizeof(size_t) * 2 + bytes);
    if (!block)
        return fail(cudaErrorMemoryAllocation);
    block[0] = bytes;
    /* Fresh device memory holds garbage: NaN bytes make any read of it visible. */
    memset(block + 2, 0xff, bytes);
    mock.used += bytes;
    *p = block + 2;
    for (int i = 0; i < MOCK_BLOCKS; i++)
        if (!blocks[i].p) {
            blocks[i].p = *p;
            blocks[i].bytes = bytes;
            break;
        }
    return cudaSuccess;
}

cudaError_t cudaFree(void *p)
{
    if (p) {
        for (int i = 0; i < MOCK_BLOCKS; i++)
            if (blocks[i].p == p)
                blocks[i].p = NULL;
        size_t *block = (size_t *)p - 2;
        mock.used -= block[0];
        free(block);
    }
    STICKY();
    return cudaSuccess;
}

cudaError_t cudaMemGetInfo(size_t *free_b, size_t *total)
{
    *free_b = mock.memory - mock.used;
    *total = mock.memory;
    return cudaSuccess;
}

cudaError_t cudaHostAlloc(void **p, size_t bytes, unsigned int flags)
{
    (void)flags;
    *p = NULL;
    STICKY();
    *p = malloc(bytes);
    return *p ? cudaSuccess : fail(cudaErrorMemoryAllocation);
}

cudaError_t cudaFreeHost(void *p)
{
    free(p);
    STICKY();
    return cudaSuccess;
}

cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t bytes, enum cudaMemcpyKind kind,
                            cudaStream_t s)
{
    STICKY();
    if (kind == cudaMemcpyHostToDevice) {
        mock.to_device += bytes;
        mock.to_host_at_last_upload = mock.to_host;
    } else if (kind == cudaMemcpyDeviceToHost) {
        mock.to_host += bytes;
    }
    op *o = push(s);
    o->kind = OP_COPY;
    o->dst = dst;
    o->src = src;
    o->bytes = bytes;
    race_ahead();
    return cudaSuccess;
}

cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch,
                              size_t width, size_t height, enum cudaMemcpyKind kind, cudaStream_t s)
{
    STICKY();
    if (width > dpitch || width > spitch)
        return fail(cudaErrorInvalidPitchValue);
    if (kind == cudaMemcpyHostToDevice) {
        mock.to_device += width * height;
        mock.to_host_at_last_upload = mock.to_host;
    } else if (kind == cudaMemcpyDeviceToHost)
        mock.to_host += width * height;
    mock.copies_2d++;
    op *o = push(s);
    o->kind = OP_COPY2D;
    o->dst = dst;
    o->src = src;
    o->bytes = width;
    o->dpitch = dpitch;
    o->spitch = spitch;
    o->height = height;
    race_ahead();
    return cudaSuccess;
}

/* ---- devices and errors ---------------------------------------------------------------- */

cudaError_t cudaGetDeviceCount(int *count)
{
    *count = 0;
    if (mock.count_error != cudaSuccess)
        return fail(mock.count_error);
    *count = 1;
    return cudaSuccess;
}

cudaError_t cudaSetDevice(int device)
{
    STICKY();
    return device == 0 ? cudaSuccess : fail(cudaErrorInvalidDevice);
}

cudaError_t cudaGetDevice(int *device)
{
    *device = 0;
    return cudaSuccess;
}

cudaError_t cudaDriverGetVersion(int *v)
{
    *v = 13000;
    return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(struct cudaDeviceProp *prop, int device)
{
    if (device != 0)
        return fail(cudaErrorInvalidDevice);
    memset(prop, 0, sizeof *prop);
    strcpy(prop->name, "Mock GPU");
    prop->major = mock.major;
    prop->minor = mock.minor;
    prop->multiProcessorCount = 132;
    prop->totalGlobalMem = mock.memory;
    prop->pciBusID = 0x1b;
    return cudaSuccess;
}

cudaError_t cudaGetLastError(void)
{
    STICKY();
    cudaError_t e = mock.last_error;
    mock.last_error = cudaSuccess;
    return e;
}

const char *cudaGetErrorName(cudaError_t e)
{
    switch (e) {
    case cudaSuccess:
        return "cudaSuccess";
    case cudaErrorMemoryAllocation:
        return "cudaErrorMemoryAllocation";
    case cudaErrorInsufficientDriver:
        return "cudaErrorInsufficientDriver";
    case cudaErrorNoDevice:
        return "cudaErrorNoDevice";
    case cudaErrorNotReady:
        return "cudaErrorNotReady";
    case cudaErrorIllegalAddress:
        return "cudaErrorIllegalAddress";
    case cudaErrorLaunchFailure:
        return "cudaErrorLaunchFailure";
    default:
        return "cudaErrorUnknown";
    }
}

const char *cudaGetErrorString(cudaError_t e)
{
    switch (e) {
    case cudaErrorMemoryAllocation:
        return "out of memory";
    case cudaErrorInsufficientDriver:
        return "CUDA driver version is insufficient for CUDA runtime version";
    case cudaErrorNoDevice:
        return "no CUDA-capable device is detected";
    case cudaErrorIllegalAddress:
        return "an illegal memory access was encountered";
    case cudaErrorLaunchFailure:
        return "unspecified launch failure";
    default:
        return "mock error";
    }
}

/* ---- the integrate launch wrapper and cuBLAS ---------------------------------------------- */

cudaError_t gi_cuda_integrate_enqueue(const gi_cuda_integrate_launch *launch, cudaStream_t s)
{
    STICKY();
    if (mock.recorded && mock.launches < GI_MOCK_CUDA_RECORDED)
        mock.recorded[mock.launches] = *launch;
    mock.launches++;
    mock.last_fast_sine = launch->fast_sine;
    if (mock.stop && mock.launches >= mock.stop_after)
        atomic_store(mock.stop, 1);
    op *o = push(s);
    o->kind = OP_KERNEL;
    o->launch = *launch;
    race_ahead();
    return cudaSuccess;
}

/* The integrate module has 3 sines (the gi sine's fixed-point kernel, sine.h's, CUDA's) ×
 * (first, last) = 12 kernels (integrate.cu). */
cudaError_t gi_cuda_integrate_load(void)
{
    STICKY();
    mock.kernels_loaded = 12;
    return cudaSuccess;
}

cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t h, void *workspace, size_t bytes)
{
    (void)h;
    if (bytes && !workspace)
        return CUBLAS_STATUS_INVALID_VALUE;
    mock.blas_workspace = bytes;
    return CUBLAS_STATUS_SUCCESS;
}

cudaError_t cudaDeviceGetAttribute(int *value, enum cudaDeviceAttr attr, int device)
{
    if (device != 0)
        return fail(cudaErrorInvalidDevice);
    if (attr == cudaDevAttrComputeCapabilityMajor)
        *value = mock.major;
    else if (attr == cudaDevAttrComputeCapabilityMinor)
        *value = mock.minor;
    else
        return fail(cudaErrorInvalidValue);
    return cudaSuccess;
}

cublasStatus_t cublasCreate_v2(cublasHandle_t *h)
{
    *h = calloc(1, sizeof **h);
    return *h ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_ALLOC_FAILED;
}

cublasStatus_t cublasDestroy_v2(cublasHandle_t h)
{
    free(h);
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasSetStream_v2(cublasHandle_t h, cudaStream_t s)
{
    h->stream = s;
    return CUBLAS_STATUS_SUCCESS;
}

const char *cublasGetStatusName(cublasStatus_t s)
{
    switch (s) {
    case CUBLAS_STATUS_SUCCESS:
        return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_EXECUTION_FAILED:
        return "CUBLAS_STATUS_EXECUTION_FAILED";
    default:
        return "CUBLAS_STATUS_INVALID_VALUE";
    }
}

const char *cublasGetStatusString(cublasStatus_t s)
{
    switch (s) {
    case CUBLAS_STATUS_SUCCESS:
        return "the operation completed successfully";
    case CUBLAS_STATUS_EXECUTION_FAILED:
        return "the GPU program failed to execute";
    default:
        return "an unsupported value or parameter was passed";
    }
}

cublasStatus_t cublasDgemm_v2_64(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb,
                                 int64_t m, int64_t n, int64_t k, const double *alpha,
                                 const double *A, int64_t lda, const double *B, int64_t ldb,
                                 const double *beta, double *C, int64_t ldc)
{
    if (mock.sticky != cudaSuccess)
        return CUBLAS_STATUS_EXECUTION_FAILED;
    if (m < 0 || n < 0 || k < 0 || lda < (ta == CUBLAS_OP_N ? m : k) ||
        ldb < (tb == CUBLAS_OP_N ? k : n) || ldc < m || lda < 1 || ldb < 1 || ldc < 1)
        return CUBLAS_STATUS_INVALID_VALUE;
    if (mock.gemms++ == 0)
        mock.to_device_at_first_gemm = mock.to_device;
    op *o = push(h->stream);
    o->kind = OP_GEMM;
    o->gemm = (gemm_op){ta == CUBLAS_OP_N ? 'N' : 'T',
                        tb == CUBLAS_OP_N ? 'N' : 'T',
                        m,
                        n,
                        k,
                        lda,
                        ldb,
                        ldc,
                        *alpha,
                        *beta,
                        A,
                        B,
                        C};
    race_ahead();
    return CUBLAS_STATUS_SUCCESS;
}

/* ---- the runtime's library API, for the user's integrand (cuda_rule.c) ------------------ */

/* A loaded "library": any CUBIN NVRTC made (an ELF file) loads; anything else is refused as
 * the driver would. */
struct CUlib_st {
    int kernels;
};

cudaError_t cudaLibraryLoadData(cudaLibrary_t *library, const void *code,
                                enum cudaJitOption *jit_options, void **jit_values,
                                unsigned int njit, enum cudaLibraryOption *options, void **values,
                                unsigned int noptions)
{
    (void)jit_options, (void)jit_values, (void)njit, (void)options, (void)values, (void)noptions;
    *library = NULL;
    STICKY();
    if (memcmp(code, "\177ELF", 4) != 0)
        return fail(cudaErrorInvalidKernelImage);
    *library = calloc(1, sizeof **library);
    mock.libraries_loaded++;
    return *library ? cudaSuccess : fail(cudaErrorMemoryAllocation);
}

cudaError_t cudaLibraryGetKernel(cudaKernel_t *kernel, cudaLibrary_t library, const char *name)
{
    STICKY();
    if (strcmp(name, "gi_integrate_rule_tiles") != 0)
        return fail(cudaErrorSymbolNotFound);
    library->kernels++;
    *kernel = (cudaKernel_t)library;
    return cudaSuccess;
}

cudaError_t cudaLibraryUnload(cudaLibrary_t library)
{
    free(library);
    mock.libraries_loaded--;
    return cudaSuccess;
}

/* The rule kernel's launch: each block b writes the pair (tile index, 0.25) of tile
 * tile_base + b at its place — what the host code must gather and keep in order. */
cudaError_t cudaLaunchKernel(const void *func, dim3 grid, dim3 block, void **args, size_t shared,
                             cudaStream_t s)
{
    (void)func, (void)block, (void)shared, (void)s;
    STICKY();
    const long long *head = args[0]; /* tile_nx, tile_ny, cols, first, tile_base */
    double *out = *(double **)args[1];
    for (unsigned b = 0; b < grid.x; b++) {
        long long t = head[4] + b;
        out[2 * (t - head[3])] = (double)t;
        out[2 * (t - head[3]) + 1] = 0.25;
    }
    mock.rule_launches++;
    if (mock.stop_after > 0 && mock.rule_launches == mock.stop_after && mock.stop)
        atomic_store(mock.stop, 1);
    return cudaSuccess;
}

int mock_cuda_libraries_loaded(void)
{
    return mock.libraries_loaded;
}

int mock_cuda_rule_launches(void)
{
    return mock.rule_launches;
}
