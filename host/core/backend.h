/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/core/backend.h — the backend interface: what a backend must provide, and the plugin ABI.
 *
 * Internal: included by host/core and host/backends only, never installed. The dispatcher knows
 * a backend only through its gi_backend_ops; adding a backend touches its own folder, one line
 * of the registry (host/core/registry.c) and one gi_add_backend() line in CMake.
 *
 * Built-in backends (serial, openmp) expose a function returning their ops. Plugins (opencl,
 * cuda: they need a driver) are MODULE libraries named gpuinteg-<name>.so exporting one symbol,
 * GI_BACKEND_ENTRY_SYMBOL, of type gi_backend_entry_fn. The loader checks, in order: dlopen →
 * symbol → non-NULL ops → abi_version → size → every required member (name, help, address,
 * probe, describe, integrate_tiles) → probe; each failure makes the backend unavailable with
 * the reason. Plugins do not link libgpuinteg: what they share with it comes from host/util
 * (and host/backends/common for the in-tree ones), compiled into each of them. The tile
 * layout is not among it: the core makes it and hands it over with each call.
 */
#ifndef GI_CORE_BACKEND_H
#define GI_CORE_BACKEND_H

#include <stdatomic.h>
#include <stdint.h>

#include <gpuinteg/status.h>
#include <gpuinteg/context.h>
#include <gpuinteg/integrate.h>

#include "util/integrand_desc.h"
#include "util/rule.h"
#include "util/dgemm_args.h"
#include "util/error.h"
#include "util/tiles.h"

/* Bump when anything in this file changes layout or meaning.
 * 2: integrate_tiles added at the end of gi_backend_ops.
 * 3: size, the description (help, address, flags) and prepare; gpu_ordinal in
 *    gi_backend_device.
 * 4: integrate_rule_tiles (the user's integrand under a quadrature rule) at the end of
 *    gi_backend_ops; prepare_time_s in gi_workload_timing.
 * 5: the workloads take the core's tile layout; integrate_tiles required, integrate optional;
 *    gi_error and the tile types moved below the core (host/util, kernels/tile_types.h).
 * 6: gi_tile_layout.sine and .sum (the gi sine and its exact sum), GI_BACKEND_GI_SINE.
 * 7: dgemm_device (matrices in the device's own memory, on the caller's stream) at the end of
 *    gi_backend_ops.
 * 8: prepare takes the workloads to get ready for (gi_workload bits).
 * 9: GI_BACKEND_REFERENCE; host_bytes, host_bytes_per_thread and host_bytes_what in
 *    gi_backend_device.
 * 10: version (the backend's section of `gpuinteg --version`) at the end of gi_backend_ops. */
#define GI_BACKEND_ABI_VERSION 10

#define GI_BACKEND_ENTRY_SYMBOL "gi_backend_entry"

/* Numbers in a device address at most ("opencl:P:D"). */
#define GI_ADDRESS_MAX 2

/* One device as a backend describes it; the core copies the strings into the context. */
typedef struct gi_backend_device {
    char name[256];
    char vendor[128];
    char driver_version[128];
    char detail[256];            /* backend-specific facts: "compute capability 9.0, 132 SMs" */
    char reason[512];            /* why not available; "" when available */
    int address[GI_ADDRESS_MAX]; /* what follows "name:" in --device: {D} for cuda, {P, D} for
                                    opencl */
    int address_len;             /* 0 (no address: serial, openmp), 1 or 2: the ops' address_len */
    int gpu_ordinal; /* which of the NVIDIA GPUs this process may use it is (the number NVML
                      * and CUDA_VISIBLE_DEVICES count in): the monitor samples that GPU for
                      * the run; -1 (set by the core before describe) when not known */
    gi_device_kind kind;
    int available; /* 0 when it cannot run these workloads (e.g. no fp64), with reason */
    int compute_units;
    uint64_t global_mem_bytes;
    int fp64;
    /* Address space the device maps in this process beside a workload's own data: host_bytes
     * plus host_bytes_per_thread for each CPU thread of the workload (0 and 0 when its memory
     * is elsewhere), and what that is, for messages ("OpenBLAS's buffers, 128 MiB per
     * thread"). An estimate, from what was seen to fail under ulimit -v. */
    uint64_t host_bytes, host_bytes_per_thread;
    char host_bytes_what[128];
} gi_backend_device;

/* How one workload call may run, decided by the core. */
typedef struct gi_run_config {
    int threads;            /* CPU threads this call may use, ≥ 1 */
    const atomic_int *stop; /* non-zero: stop soon, return GI_STATUS_INTERRUPTED; never NULL */
} gi_run_config;

/* Timings a backend reports for one workload call (the core measures the wall time). */
typedef struct gi_workload_timing {
    double kernel_time_s;   /* computing: device timers (CUDA events, OpenCL profiling) or loop */
    double transfer_time_s; /* host↔device copies that were not overlapped with compute */
    int threads_used;       /* CPU threads that computed: 1 for serial and GPU backends */
    double prepare_time_s;  /* compiling the user's integrand (OpenCL, NVRTC): not computing */
} gi_workload_timing;

/* gi_dgemm_args (util/dgemm_args.h), as a backend's dgemm gets it, is one call after the core
 * has checked every argument (BLAS rules) and quick returns: m, n ≥ 1; transa/transb are 'N'
 * or 'T'; leading dimensions valid; when beta == 0 the backend must not read C; when
 * alpha == 0 or k == 0 it must not read A or B. */

/* The backend's own section of `gpuinteg --version`: what it found on this machine (its
 * driver and runtime, platforms, the library it loaded). */
typedef struct gi_backend_version {
    char key[32];    /* the section's member in --version --json: "cuda", "opencl", "blas" */
    char title[16];  /* the text line's title: "CUDA", "OpenCL", "BLAS" */
    char json[2048]; /* the section: one JSON object (util/json_text.h writes one) */
    char text[1024]; /* the text line after the title: "toolkit 13.0.88, runtime 13.0, …" */
} gi_backend_version;

/* gi_backend_ops.flags */
enum {
    /* "auto" takes only this backend's GPU devices; its CPU devices run only when named. */
    GI_BACKEND_AUTO_GPU_ONLY = 1u << 0,
    /* Its workloads compute with gi_run_config.threads CPU threads (the --threads setting);
     * without the flag the host side is one thread. */
    GI_BACKEND_CPU_THREADS = 1u << 1,
    /* Its integrate_tiles honours gi_tile_layout.sine and .sum: with GI_TILE_SINE_GI it
     * evaluates kernels/gi_sine.h and returns exact fixed-point pairs. Without the flag the core
     * runs it with the libm sine only (GI_SINE_GI is refused with a message saying so). */
    GI_BACKEND_GI_SINE = 1u << 2,
    /* The reference implementation: always available, computes in this process on the host,
     * takes any size the API allows (64-bit sizes, no device memory limit). Tools that need a
     * backend that cannot fail for want of a device (the BLAS library's 64-bit calls) take it. */
    GI_BACKEND_REFERENCE = 1u << 3,
};

typedef struct gi_backend_ops {
    int abi_version;  /* GI_BACKEND_ABI_VERSION, checked by the loader before anything else */
    size_t size;      /* sizeof(gi_backend_ops) as the backend was compiled: checked second */
    const char *name; /* the --device word and folder name: "serial", "openmp", "opencl", "cuda" */

    /* ---- description: what the core and the CLI say about the backend ------------------- */

    /* One line for --help after the address syntax, e.g. "CUDA device D (default 0), counted
     * among the visible devices". Required. */
    const char *help;
    /* What --device takes after the name, as the help shows it: "" (nothing), "[:D]",
     * "[:P[:D]]". Its numbers are the devices' address[] (address_len of them); the last one
     * numbers the devices MPI ranks spread over, those before it choose their group. */
    const char *address;
    int address_len; /* 0, 1 or 2 */
    unsigned flags;  /* GI_BACKEND_* above */

    /* ---- lifecycle ---------------------------------------------------------------------- */

    /* Looks for the backend's runtime and devices. Returns the number of device entries
     * (available or not) and sets *state to the backend's private state (may be NULL).
     * 0 means "not on this system": why->msg says why ("no OpenCL platform: clGetPlatformIDs:
     * CL_PLATFORM_NOT_FOUND_KHR"). Called once per context, from the thread creating it.
     * Must not print, exit or abort. release() is called afterwards in every case. */
    int (*probe)(void **state, gi_error *why);

    /* Frees what probe made. (optional) NULL means there is nothing to free. */
    void (*release)(void *state);

    /* ---- devices ------------------------------------------------------------------------ */

    /* Describes device entry `device` (0 ≤ device < probe's count) into *out (zeroed by the
     * caller). Returns GI_STATUS_OK or an error with err filled. */
    gi_status (*describe)(void *state, int device, gi_backend_device *out, gi_error *err);

    /* Makes device `device` ready to compute the workloads in `workloads` (gi_workload bits of
     * gpuinteg/context.h, never 0): context, streams, workspaces, program builds, BLAS handles,
     * a warm-up — everything a first call of those workloads would otherwise do inside its
     * timed part, and nothing only other workloads need. Called by the core at most once per
     * workload and selected device, before that workload's first call (or when the application
     * asks, gi_context_prepare_for), timed and reported apart from the workloads; a later call
     * may ask for other workloads. A workload call must still work (and prepare itself)
     * without it. (optional) NULL means the backend has nothing to set up. */
    gi_status (*prepare)(void *state, int device, const gi_run_config *cfg, unsigned workloads,
                         gi_error *err);

    /* ---- workloads (called from the thread that owns the context) ------------------------- */

    /* Computes the compensated sums of tiles first … first+count-1 of the layout *L (made by
     * the core, host/core/tile_layout.h; 0 ≤ first, count ≥ 1, first+count ≤ L->count, all
     * checked by the core) into out[0 … count-1], out[k] being tile first+k: each tile summed
     * with Neumaier's compensated sum in an internal order the backend fixes once, so that the
     * bits depend neither on cfg->threads nor on how the range is split. The core combines the
     * pairs in tile order (gi_tiles_finish) for gi_integrate, and an MPI run combines the
     * ranks' ranges the same way. out is owned by the caller. Required. */
    gi_status (*integrate_tiles)(void *state, int device, const gi_run_config *cfg,
                                 const gi_tile_layout *L, int64_t first, int64_t count, gi_sum *out,
                                 gi_workload_timing *t, gi_error *err);

    /* Computes the whole integral of layout *L into *value (the pairs of every tile combined
     * in tile order, times hx·hy), with the bits integrate_tiles + gi_tiles_finish give.
     * (optional) NULL means the core does exactly that: integrate_tiles over every tile into a
     * buffer of its own, then gi_tiles_finish. */
    gi_status (*integrate)(void *state, int device, const gi_run_config *cfg,
                           const gi_tile_layout *L, double *value, gi_workload_timing *t,
                           gi_error *err);

    /* C := alpha·op(A)·op(B) + beta·C for checked arguments (see gi_dgemm_args).
     * (optional) NULL means the backend has no gemm: gi_dgemm reports GI_STATUS_NOT_SUPPORTED. */
    gi_status (*dgemm)(void *state, int device, const gi_run_config *cfg, const gi_dgemm_args *a,
                       gi_workload_timing *t, gi_error *err);

    /* Computes the compensated sums of tiles first … first+count-1 of the rule layout *R
     * (rule.h: the points, weights and tiles, built and checked by the core) for the integrand
     * *f into out[0 … count-1], with the same bits for any cfg->threads and any split of the
     * tiles. A backend that compiles f (OpenCL, CUDA) does so on first use and keeps the build
     * for the next calls with the same source; t->kernel_time_s excludes that build, whose time
     * goes to t->prepare_time_s. GI_STATUS_NOT_SUPPORTED when f has no source for this backend
     * (a C callback on a GPU). out is owned by the caller. Called like integrate.
     * (optional) NULL means the backend integrates sin(x+y) only. */
    gi_status (*integrate_rule_tiles)(void *state, int device, const gi_run_config *cfg,
                                      const gi_integrand_desc *f, const gi_rule_layout *R,
                                      int64_t first, int64_t count, gi_sum *out,
                                      gi_workload_timing *t, gi_error *err);

    /* As dgemm, with A, B and C in the device's own memory (checked by the backend: an address
     * that is not the device's is GI_STATUS_INVALID_ARGUMENT naming the matrix), the product
     * queued on `stream` (the backend's queue handle: CUDA's cudaStream_t, where 1 and 2 are
     * the legacy and per-thread default streams, 0 the default) after the work queued there
     * before it, and finished when it returns. (optional) NULL means the backend computes on
     * host memory only: gi_dgemm_device reports GI_STATUS_NOT_SUPPORTED. */
    gi_status (*dgemm_device)(void *state, int device, const gi_run_config *cfg,
                              const gi_dgemm_args *a, uintptr_t stream, gi_workload_timing *t,
                              gi_error *err);

    /* ---- `gpuinteg --version` ---------------------------------------------------------- */

    /* Fills *out (zeroed by the caller) with the backend's section of `gpuinteg --version`:
     * state and count are probe's (count 0: nothing usable here, why says why; state may then
     * be NULL). Called once, right after probe, from the thread opening the backend. Must not
     * print, exit or abort. (optional) NULL means the backend has no section of its own. */
    void (*version)(void *state, int count, const gi_error *why, gi_backend_version *out);
} gi_backend_ops;

/* The one symbol a plugin exports. */
typedef const gi_backend_ops *(*gi_backend_entry_fn)(void);

/* Plugins define their entry with this macro: GI_BACKEND_PLUGIN(opencl_ops) where
 * opencl_ops() returns a pointer to a function-local static const gi_backend_ops. */
#define GI_BACKEND_PLUGIN(ops_fn)                                                                  \
    __attribute__((visibility("default"))) const gi_backend_ops *gi_backend_entry(void);           \
    const gi_backend_ops *gi_backend_entry(void)                                                   \
    {                                                                                              \
        return ops_fn();                                                                           \
    }

/* Built-in backends, compiled into libgpuinteg. */
const gi_backend_ops *gi_backend_serial(void);
const gi_backend_ops *gi_backend_openmp(void);

#endif /* GI_CORE_BACKEND_H */
