/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg/context.h — the context: which backends this machine has, which device runs the
 * workloads, how many CPU threads they may use, and the message of the last failure.
 *
 * A context is not thread-safe: use one context per thread, or serialise calls on it.
 * Different contexts may be used from different threads at the same time. Each function
 * below says where it differs (gi_context_interrupt is async-signal-safe).
 *
 * Growing structs: a struct the caller passes to be filled (gi_device_info, gi_backend_info)
 * only ever grows at its end. The functions that fill one take the caller's sizeof through a
 * macro of the same name, so a program built against an older header gets the fields it
 * knows and the library never writes past them.
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
    /* ---- since 0.2 ---- */
    int address[2];  /* the numbers after the backend's name in spec ("opencl:0:1" → {0, 1}) */
    int address_len; /* how many: 0 (serial, openmp), 1 (cuda:D) or 2 (opencl:P:D) */
    int gpu_ordinal; /* which of the NVIDIA GPUs this process may use it is (as NVML and
                      * CUDA_VISIBLE_DEVICES count); -1 when it is none or not known */
    /* Address space the device maps in this process beside a workload's own data (an
     * estimate): host_bytes + host_bytes_per_thread × the workload's CPU threads; both 0 when
     * its memory is elsewhere. host_bytes_what says what it is, "" when nothing. */
    uint64_t host_bytes;
    uint64_t host_bytes_per_thread;
    const char *host_bytes_what;
} gi_device_info;

/* The size of gi_device_info in 0.1, the smallest a caller may pass. */
#define GI_DEVICE_INFO_SIZE_0_1 offsetof(gi_device_info, address)

/*
 * Creates a context that knows every backend: the built-in ones, those of the registry, and
 * the plugins found in the plugin folder (lib/gpuinteg next to libgpuinteg.so, or the folders
 * of GPUINTEG_PLUGIN_PATH, separated by ':'). Nothing is loaded yet: a backend is opened
 * (its plugin loaded, its devices probed) when it is first needed — by gi_context_select for
 * the backend named (for "auto": the candidates in order, until one is usable), by
 * gi_device_count/gi_device_get and gi_backend_get for all. A plugin that cannot be loaded or
 * finds no driver is recorded as unavailable with the reason; that is not a failure. The
 * context starts on device "auto".
 *
 * *out is set to the new context, to be freed with gi_context_destroy, or to NULL on failure.
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE (out is NULL), GI_STATUS_OUT_OF_MEMORY.
 * Thread safety: safe to call from several threads at once. Since 0.1 (lazy since 0.2).
 */
GI_API gi_status gi_context_create(gi_context **out /* OUT */);

/*
 * Frees a context, its device list and its plugins. gi_context_destroy(NULL) does nothing.
 * Strings obtained from the context become invalid. Not thread-safe with other calls on ctx.
 * Since 0.1.
 */
GI_API void gi_context_destroy(gi_context *ctx);

/*
 * Returns the message of the last failed call on ctx: it names the backend, the failing call
 * and the driver's own text where there is one, e.g.
 * "opencl: clBuildProgram: CL_BUILD_PROGRAM_FAILURE: <build log>". Owned by the context and
 * valid until the next call on it; "" after a call that succeeded. gi_last_error itself,
 * gi_device_count and gi_device_get leave it unchanged. Returns "no context" for NULL.
 * Thread safety: as any call on ctx. Since 0.1.
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
 * Thread safety: as any call on ctx. Since 0.2.
 */
GI_API int gi_last_error_argument(const gi_context *ctx);

/*
 * Selects the device the workloads run on: "auto", or a backend's name followed by its
 * address (gi_backend_get tells each backend's syntax and help):
 *   "auto"           the best available: the backends in preference order (a CUDA GPU, then
 *                    an OpenCL GPU, then openmp, then serial), opened one by one until one is
 *                    usable (GPU-only backends' CPU devices are used only when asked for);
 *   "serial"         the reference backend, one thread;
 *   "openmp"         OpenMP threads on this CPU;
 *   "opencl[:P[:D]]" OpenCL platform P (default 0), device D (default 0);
 *   "cuda[:D]"       CUDA device D (default 0), counted among the visible devices;
 *   "NAME[...]"      a plugin gpuinteg-NAME.so found on the plugin path.
 * Only the backend named is opened. An explicit request that cannot be honoured is an error,
 * never a silent fallback. Thread safety: as any call on ctx.
 *
 * Returns GI_STATUS_OK; GI_STATUS_MISUSE (NULL argument); GI_STATUS_BAD_DEVICE_SPEC (not of that
 * form: the message lists what is allowed); GI_STATUS_BACKEND_UNAVAILABLE (backend not built or
 * its driver missing: the message gives the reason); GI_STATUS_DEVICE_NOT_FOUND (index past the
 * backend's devices); GI_STATUS_NOT_SUPPORTED (device without fp64). On failure the previous
 * selection stays. Since 0.1.
 */
GI_API gi_status gi_context_select(gi_context *ctx, const char *spec);

/*
 * Selects device entry i of the device list (0 ≤ i < gi_device_count), as gi_context_select
 * would select its spec. Returns GI_STATUS_OK; GI_STATUS_MISUSE (NULL ctx);
 * GI_STATUS_INVALID_ARGUMENT (i out of range); GI_STATUS_BACKEND_UNAVAILABLE or
 * GI_STATUS_NOT_SUPPORTED (the entry is not usable: the message gives its reason). Opens every
 * backend (the list needs them). Thread safety: as any call on ctx. Since 0.2.
 */
GI_API gi_status gi_context_select_index(gi_context *ctx, size_t i);

/*
 * Makes the selected device ready to compute ("auto" is selected first if nothing was):
 * the backend's set-up — context, streams, workspaces, kernel/program builds, BLAS handles,
 * warm-up — which the first workload call would otherwise pay inside its time. Done once per
 * device; later calls return at once. The workload calls prepare by themselves when this was
 * not called, outside their timed part either way. *setup_s (may be NULL) receives how long
 * the set-up took (0 for a backend with none); gi_last_timing's setup_s has it too.
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE, the selection's statuses (as gi_context_selected),
 * GI_STATUS_OUT_OF_MEMORY, GI_STATUS_DEVICE_ERROR (driver text in gi_last_error).
 * Thread safety: as any call on ctx. Since 0.2.
 */
GI_API gi_status gi_context_prepare(gi_context *ctx, double *setup_s /* OUT */);

/* The workloads a device can get ready for (gi_context_prepare_for), as bits. */
typedef enum gi_workload {
    GI_WORKLOAD_INTEGRATE = 1 << 0, /* gi_integrate, gi_integrate_function and their tiles */
    GI_WORKLOAD_DGEMM = 1 << 1,     /* gi_dgemm */
} gi_workload;

/*
 * As gi_context_prepare, for the workloads in `workloads` only (GI_WORKLOAD_* bits, at least
 * one): what only another workload needs is not set up (on OpenCL, CLBlast's kernels for
 * gemm take seconds to compile; an integrate run need not wait for them). Each workload's
 * set-up is done once per device; a workload called before its set-up gets it first, outside
 * its timed part. *setup_s (may be NULL) receives the device's set-up time so far, all
 * workloads together. Returns the statuses of gi_context_prepare, and
 * GI_STATUS_INVALID_ARGUMENT for 0 or an unknown bit. Thread safety: as any call on ctx.
 * Since 0.2.
 */
GI_API gi_status gi_context_prepare_for(gi_context *ctx, unsigned workloads,
                                        double *setup_s /* OUT */);

/*
 * The CPU threads a workload on the selected device computes with: the thread setting
 * (gi_context_threads) for a backend that runs CPU threads (openmp), 1 for the others, whose
 * host side is one thread. 1 for NULL or when no device can be selected. Thread safety: as any
 * call on ctx. Since 0.2.
 */
GI_API int gi_context_device_threads(gi_context *ctx);

/*
 * Describes the selected device and why it was chosen ("requested", or for "auto" e.g.
 * "auto: no CUDA or OpenCL GPU available (cuda: not built), openmp is the fastest CPU backend").
 * *info and *why point into the context (valid until destroy); either may be NULL if unwanted.
 * Selects "auto" when nothing was selected. Returns GI_STATUS_OK, GI_STATUS_MISUSE, or the
 * statuses of gi_context_select("auto"). Thread safety: as any call on ctx. Since 0.1.
 */
GI_API gi_status gi_context_selected_sized(gi_context *ctx, gi_device_info *info /* OUT */,
                                           size_t info_size, const char **why /* OUT */);
GI_API gi_status gi_context_selected(gi_context *ctx, gi_device_info *info /* OUT */,
                                     const char **why /* OUT */);
#define gi_context_selected(ctx, info, why)                                                        \
    gi_context_selected_sized((ctx), (info), sizeof(gi_device_info), (why))

/*
 * Sets how many CPU threads the CPU backends (openmp, and OpenBLAS under it) may use.
 * 0 restores the default: the OpenMP runtime's (OMP_NUM_THREADS, else the CPUs available).
 * The setting applies per call; the process-wide OpenMP state is not changed.
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE, or GI_STATUS_INVALID_ARGUMENT for threads < 0,
 * threads > GI_MAX_THREADS, or threads = 0 while OMP_NUM_THREADS asks for more than
 * GI_MAX_THREADS (since 0.2; the message names the variable). Thread safety: as any call on
 * ctx. Since 0.1.
 */
#define GI_MAX_THREADS 4096
GI_API gi_status gi_context_set_threads(gi_context *ctx, int threads);

/*
 * Returns the number of threads a CPU workload would use now (the setting, or the default it
 * resolves to, at most GI_MAX_THREADS); 1 for NULL. Thread safety: as any call on ctx.
 * Since 0.1.
 */
GI_API int gi_context_threads(const gi_context *ctx);

/*
 * Returns the number of device entries (available or not) of every backend; 0 for NULL.
 * The first call opens every backend not opened yet (that is what the list is for); the
 * entries keep their order and strings until gi_context_destroy. Thread safety: as any call
 * on ctx (the first call changes it). Since 0.1.
 */
GI_API size_t gi_device_count(const gi_context *ctx);

/*
 * Fills *info with device entry i (0 ≤ i < gi_device_count), opening every backend on first
 * use like gi_device_count. Strings are owned by the context. info_size is the caller's
 * sizeof(gi_device_info) (the macro passes it): fields past it are not written.
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE (NULL argument, info_size below the 0.1 struct),
 * GI_STATUS_INVALID_ARGUMENT (i out of range; *info is zeroed). Thread safety: as
 * gi_device_count. Since 0.1 (info_size since 0.2).
 */
GI_API gi_status gi_device_get_sized(const gi_context *ctx, size_t i,
                                     gi_device_info *info /* OUT */, size_t info_size);
GI_API gi_status gi_device_get(const gi_context *ctx, size_t i, gi_device_info *info /* OUT */);
#define gi_device_get(ctx, i, info) gi_device_get_sized((ctx), (i), (info), sizeof(gi_device_info))

/* One backend as the library knows it, for help texts and tools. Strings are owned by the
 * context, never NULL, valid until gi_context_destroy. Grows at its end (see above). */
typedef struct gi_backend_info {
    const char *name;    /* the --device word: "cuda" */
    const char *address; /* what may follow the name in --device: "", "[:D]", "[:P[:D]]" */
    const char *help;    /* one line: "CUDA device D (default 0), counted among the visible …" */
    const char *reason;  /* why it cannot be loaded; "" when it can */
    int loaded;          /* 1 when its plugin (or built-in) is there and passed the checks */
    int gpu_only_for_auto; /* 1: "auto" takes only its GPU devices */
    int cpu_threads;       /* 1: its workloads run the thread setting's CPU threads */
    int auto_candidate;    /* 1: "auto" considers it (the registry's); 0: used when named */
    /* ---- since 0.2, later ---- */
    int reference; /* 1: the reference implementation, always available, on the host in this
                    * process, any size (serial) */
    /* Its section of `gpuinteg --version`, once the backend is opened (gi_device_count opens
     * every one): version_key names it ("" when the backend has none), version_json is one
     * JSON object, version_title and version_text the text line ("CUDA", "toolkit …"). */
    const char *version_key;
    const char *version_title;
    const char *version_json;
    const char *version_text;
} gi_backend_info;

/* The size of gi_backend_info before `reference`, the smallest a caller may pass. */
#define GI_BACKEND_INFO_SIZE_0_2 offsetof(gi_backend_info, reference)

/*
 * Returns the number of backends: the registry's, in preference order for "auto", then the
 * plugins found on the plugin path. 0 for NULL. Loads nothing. Thread safety: as any call on
 * ctx. Since 0.2.
 */
GI_API size_t gi_backend_count(const gi_context *ctx);

/*
 * Fills *info with backend i (0 ≤ i < gi_backend_count), loading its plugin if that was not
 * done (no device is probed). info_size: the caller's sizeof (the macro passes it).
 * Returns GI_STATUS_OK, GI_STATUS_MISUSE (NULL argument, info_size below
 * GI_BACKEND_INFO_SIZE_0_2; fields past info_size are not written),
 * GI_STATUS_INVALID_ARGUMENT (i out of range; *info is zeroed). A backend that cannot be
 * loaded is not a failure: loaded = 0 and reason say why. Thread safety: as any call on ctx.
 * Since 0.2.
 */
GI_API gi_status gi_backend_get_sized(gi_context *ctx, size_t i, gi_backend_info *info /* OUT */,
                                      size_t info_size);
#define gi_backend_get(ctx, i, info)                                                               \
    gi_backend_get_sized((ctx), (i), (info), sizeof(gi_backend_info))

/*
 * The device entries of one backend only, opening that backend and no other (an MPI rank
 * choosing among its backend's GPUs need not load the rest). gi_backend_device_count returns
 * how many entries the backend named `backend` has (one "unavailable" entry when it has no
 * usable device; 0 for an unknown name or NULL). gi_backend_device_get fills *info with
 * entry i of them, as gi_device_get would. Returns GI_STATUS_OK, GI_STATUS_MISUSE (NULL
 * argument, info_size below the 0.1 struct), GI_STATUS_INVALID_ARGUMENT (unknown backend or i
 * out of range; *info is zeroed). Thread safety: as any call on ctx. Since 0.2.
 */
GI_API size_t gi_backend_device_count(gi_context *ctx, const char *backend);
GI_API gi_status gi_backend_device_get_sized(gi_context *ctx, const char *backend, size_t i,
                                             gi_device_info *info /* OUT */, size_t info_size);
#define gi_backend_device_get(ctx, backend, i, info)                                               \
    gi_backend_device_get_sized((ctx), (backend), (i), (info), sizeof(gi_device_info))

/*
 * Asks the workload running on ctx (in another thread, or the signal handler of this one) to
 * stop at its next tile; that call then returns GI_STATUS_INTERRUPTED. The request stays until
 * gi_context_clear_interrupt. Async-signal-safe and thread-safe: it only sets an atomic flag.
 * Does nothing for NULL. Since 0.1.
 */
GI_API void gi_context_interrupt(gi_context *ctx);

/* Clears a stop request so that the next workload call runs. Does nothing for NULL. Thread
 * safety: safe from any thread (an atomic store), but not async-signal-safe by promise: clear it
 * between calls, not from a handler. Since 0.1. */
GI_API void gi_context_clear_interrupt(gi_context *ctx);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_CONTEXT_H */
