/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/blas/blas_route.h — where one DGEMM runs, and running it there.
 *
 * Every entry point (dgemm_, cblas_dgemm and their ILP64 twins) describes its call as a
 * column-major product and asks gi_blas_route: GI_BLAS_ON_CPU means "call the system BLAS
 * yourself, with your own arguments" (the program's behaviour without us, argument checks
 * included); GI_BLAS_ON_DEVICE means gi_blas_run_device runs it through gi_dgemm on the
 * device GPUINTEG_BLAS_DEVICE selected.
 *
 * The rule: auto that finds no GPU leaves every call to the system BLAS (it is the openmp
 * backend's own OpenBLAS). Otherwise a call goes to the device when 2·m·n·k reaches
 * GPUINTEG_BLAS_MIN_FLOPS, or, when that is unset, when the device is a CPU (an explicit
 * serial, openmp or OpenCL CPU device: the user asked for it) or the transfer model of
 * blas_threshold.h says the offload pays.
 */
#ifndef GI_BLAS_ROUTE_H
#define GI_BLAS_ROUTE_H

#include <stdint.h>

#include "util/dgemm_args.h"

/* One product as column-major DGEMM sees it. */
typedef struct gi_blas_gemm {
    const char *api; /* the entry point, for messages: "dgemm_", "cblas_dgemm" … */
    gi_dgemm_args call;
    /* Reports an illegal argument the way the entry point's API does (XERBLA, cblas_xerbla);
     * position is DGEMM's (1–13) for this column-major call. */
    void (*illegal)(const struct gi_blas_gemm *g, int position, const char *message);
    int row_major; /* cblas_dgemm with CblasRowMajor (for illegal's numbering) */
} gi_blas_gemm;

typedef enum gi_blas_where { GI_BLAS_ON_CPU, GI_BLAS_ON_DEVICE } gi_blas_where;

/* Decides where the call runs; *why (static or owned by the library) says why, for the
 * record. Reads the configuration on first use; a bad
 * GPUINTEG_BLAS_* value stops the program with one line on stderr and exit status 2, an
 * explicit device that is not available with status 3 (unless GPUINTEG_BLAS_FALLBACK=cpu). */
gi_blas_where gi_blas_route(const gi_blas_gemm *g, const char **why /* OUT */);

/* 1 when every size and leading dimension of g fits an int (the 32-bit system BLAS). */
int gi_blas_fits_int(const gi_blas_gemm *g);

/* Routes g (gi_blas_route) and, when it goes to the device, runs it there and returns 1;
 * returns 0 with *why set when the caller is to run it on the system BLAS (then
 * gi_blas_record_cpu). */
int gi_blas_ran_on_device(const gi_blas_gemm *g, const char **why /* OUT */);

/* Runs a call that gi_blas_route sent to the device. On an illegal argument it calls
 * g->illegal; when the device fails it runs the call on the CPU if GPUINTEG_BLAS_FALLBACK=cpu,
 * else it writes one line on stderr and ends the program with status 1, as reference XERBLA
 * stops it: never a wrong C returned silently. */
void gi_blas_run_device(const gi_blas_gemm *g);

/* Runs an ILP64 call whose sizes do not fit the 32-bit system BLAS: on the device when the
 * route says so, else on gpuinteg's serial backend, which takes any size. */
void gi_blas_run_wide(const gi_blas_gemm *g);

/* Records a call the caller ran on the system BLAS itself, seconds long, for the reason
 * gi_blas_route gave. */
void gi_blas_record_cpu(const gi_blas_gemm *g, double seconds, const char *why);

/* A monotonic clock in seconds. */
double gi_blas_now(void);

#endif /* GI_BLAS_ROUTE_H */
