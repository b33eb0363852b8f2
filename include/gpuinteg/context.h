/*
 * gpuinteg/context.h — the context: which backends this machine has, which device runs the
 * workloads, how many CPU threads they may use, and the message of the last failure.
 *
 * A context is not thread-safe: use one context per thread, or serialise calls on it.
 * Different contexts may be used from different threads at the same time.
 */
#ifndef GPUINTEG_CONTEXT_H
#define GPUINTEG_CONTEXT_H

#include <stddef.h>
#include <stdint.h>

#include <gpuinteg/status.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gi_context gi_context;

/* What kind of processor a device is. Values are stable. */
typedef enum gi_device_kind {
    GI_DEVICE_CPU = 1,
    GI_DEVICE_GPU = 2,
    GI_DEVICE_OTHER = 3 /* an accelerator that is neither, e.g. an FPGA OpenCL device */
} gi_device_kind;

/*
 * One device as the context sees it. Every string is owned by the context, never NULL
 * (empty when unknown), and valid until gi_context_destroy. A backend that is not built or
 * whose driver is missing appears as one entry with available = 0, index = -1 and the reason.
 */
typedef struct gi_device_info {
    const char *spec;           /* what --device accepts for it: "openmp", "opencl:0:1", "cuda:0" */
    const char *backend;        /* "serial", "openmp", "opencl" or "cuda" */
    const char *name;           /* e.g. "NVIDIA H100 80GB HBM3", "AMD EPYC (2 threads)" */
    const char *vendor;         /* e.g. "NVIDIA Corporation" */
    const char *driver_version; /* driver or runtime version, e.g. "580.95.05" */
    const char *detail;         /* backend-specific facts, e.g. "compute capability 9.0, 132 SMs" */
    const char *reason;         /* why it is unavailable; "" when available */
    gi_device_kind kind;
    int index;                 /* index within its backend (-1 for a backend-level entry) */
    int available;             /* 1 if workloads can run on it, 0 if not (see reason) */
    int compute_units;         /* cores, SMs or OpenCL compute units; 0 when unknown */
    uint64_t global_mem_bytes; /* device memory; 0 when unknown */
    int fp64;                  /* 1 if it computes in double precision */
} gi_device_info;

/*
 * Creates a context and probes every backend: the built-in ones, and the plugins found in the
 * plugin folder (lib/gpuinteg next to libgpuinteg.so, or the folders of GPUINTEG_PLUGIN_PATH,
 * separated by ':'). A plugin that cannot be loaded or finds no driver is recorded as
 * unavailable with the reason; that is not a failure. The context starts on device "auto".
 *
 * *out is set to the new context, to be freed with gi_context_destroy, or to NULL on failure.
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE (out is NULL), GI_STATUS_OUT_OF_MEMORY.
 * Thread safety: safe to call from several threads at once. Since 0.1.
 */
GI_API gi_status gi_context_create(gi_context **out /* OUT */);

/*
 * Frees a context, its device list and its plugins. gi_context_destroy(NULL) does nothing.
 * Strings obtained from the context become invalid. Since 0.1.
 */
GI_API void gi_context_destroy(gi_context *ctx);

/*
 * Returns the message of the last failed call on ctx: it names the backend, the failing call
 * and the driver's own text where there is one, e.g.
 * "opencl: clBuildProgram: CL_BUILD_PROGRAM_FAILURE: <build log>". Owned by the context and
 * valid until the next call on it; "" after a call that succeeded. gi_last_error itself,
 * gi_device_count and gi_device_get leave it unchanged. Returns "no context" for NULL.
 * Since 0.1.
 */
GI_API const char *gi_last_error(const gi_context *ctx);

/*
 * Returns the position of the argument that made the last failed call on ctx fail with
 * GI_STATUS_INVALID_ARGUMENT, counted as reference BLAS counts it for XERBLA's INFO: for
 * gi_dgemm 1 (transa), 2 (transb), 3 (m), 4 (n), 5 (k), 8 (lda), 10 (ldb), 13 (ldc); for
 * gi_dgemm_verify the same, and 14 for ldc0. Returns 0 when the last call succeeded, failed
 * for another reason, or does not number its arguments, and for NULL. A BLAS wrapper passes it
 * to XERBLA as is, so no caller needs to parse gi_last_error's text. Valid until the next call
 * on ctx; gi_last_error, gi_device_count and gi_device_get leave it unchanged.
 * Thread safety: as the context. Since 0.2.
 */
GI_API int gi_last_error_argument(const gi_context *ctx);

/*
 * Selects the device the workloads run on:
 *   "auto"           the best available: a CUDA GPU, then an OpenCL GPU, then openmp, then serial
 *                    (OpenCL CPU devices only when asked for by name);
 *   "serial"         the reference backend, one thread;
 *   "openmp"         OpenMP threads on this CPU;
 *   "opencl[:P[:D]]" OpenCL platform P (default 0), device D (default 0);
 *   "cuda[:D]"       CUDA device D (default 0), counted among the visible devices.
 * An explicit request that cannot be honoured is an error, never a silent fallback.
 *
 * Returns GI_STATUS_OK; GI_STATUS_MISUSE (NULL argument); GI_STATUS_BAD_DEVICE_SPEC (not of that
 * form: the message lists what is allowed); GI_STATUS_BACKEND_UNAVAILABLE (backend not built or
 * its driver missing: the message gives the reason); GI_STATUS_DEVICE_NOT_FOUND (index past the
 * backend's devices); GI_STATUS_NOT_SUPPORTED (device without fp64). On failure the previous
 * selection stays. Since 0.1.
 */
GI_API gi_status gi_context_select(gi_context *ctx, const char *spec);

/*
 * Describes the selected device and why it was chosen ("requested", or for "auto" e.g.
 * "auto: no CUDA or OpenCL GPU available (cuda: not built), openmp is the fastest CPU backend").
 * *info and *why point into the context (valid until destroy); either may be NULL if unwanted.
 * Returns GI_STATUS_OK or GI_STATUS_MISUSE. Since 0.1.
 */
GI_API gi_status gi_context_selected(gi_context *ctx, gi_device_info *info /* OUT */,
                                     const char **why /* OUT */);

/*
 * Sets how many CPU threads the CPU backends (openmp, and OpenBLAS under it) may use.
 * 0 restores the default: the OpenMP runtime's (OMP_NUM_THREADS, else the CPUs available).
 * The setting applies per call; the process-wide OpenMP state is not changed.
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE, or GI_STATUS_INVALID_ARGUMENT for threads < 0 or
 * threads > GI_MAX_THREADS. Since 0.1.
 */
#define GI_MAX_THREADS 4096
GI_API gi_status gi_context_set_threads(gi_context *ctx, int threads);

/*
 * Returns the number of threads a CPU workload would use now (the setting, or the default it
 * resolves to); 1 for NULL. Since 0.1.
 */
GI_API int gi_context_threads(const gi_context *ctx);

/*
 * Returns the number of device entries (available or not) found at gi_context_create;
 * 0 for NULL. Since 0.1.
 */
GI_API size_t gi_device_count(const gi_context *ctx);

/*
 * Fills *info with device entry i (0 ≤ i < gi_device_count). Strings are owned by the context.
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE (NULL argument), GI_STATUS_INVALID_ARGUMENT (i out of
 * range; *info is zeroed). Since 0.1.
 */
GI_API gi_status gi_device_get(const gi_context *ctx, size_t i, gi_device_info *info /* OUT */);

/*
 * Asks the workload running on ctx (in another thread, or the signal handler of this one) to
 * stop at its next tile; that call then returns GI_STATUS_INTERRUPTED. The request stays until
 * gi_context_clear_interrupt. Async-signal-safe and thread-safe: it only sets an atomic flag.
 * Does nothing for NULL. Since 0.1.
 */
GI_API void gi_context_interrupt(gi_context *ctx);

/* Clears a stop request so that the next workload call runs. Does nothing for NULL. Since 0.1. */
GI_API void gi_context_clear_interrupt(gi_context *ctx);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_CONTEXT_H */
