/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/openmp/openblas_threads.h — how many threads OpenBLAS uses for one call.
 *
 * Debian ships OpenBLAS in three flavours with one soname (libopenblas.so.0), chosen by
 * update-alternatives at run time, so the flavour is asked at run time (openblas_get_parallel):
 *  - pthreads (Debian's default): OpenBLAS has its own thread pool and one process-wide
 *    thread count. gi_openblas_enter sets it to the call's count and gi_openblas_leave puts
 *    back the value it found, so a program that set its own count
 *    (openblas_set_num_threads) sees it unchanged afterwards. Calls with the same count run
 *    concurrently; a call with another count waits until they are done, so no call ever runs
 *    with another call's count. A program that changes the count itself while gi_dgemm runs
 *    in another thread races with it, as with any OpenBLAS caller.
 *  - OpenMP: OpenBLAS follows omp_get_max_threads() of the calling thread. The call sets that
 *    thread's nthreads-var (omp_set_num_threads) and restores it afterwards: nothing changes
 *    for other threads, and no lock is needed.
 *  - sequential: one thread, nothing to set.
 * Inside an active OpenMP parallel region (a caller's own threads already occupy the cores)
 * the call uses one thread: otherwise the pthreads flavour would start T threads per caller
 * and print its "Detect OpenMP Loop" warning. Outside a region, gpuinteg never runs OpenMP
 * threads and OpenBLAS threads at the same time, so they do not oversubscribe the cores.
 */
#ifndef GI_OPENMP_OPENBLAS_THREADS_H
#define GI_OPENMP_OPENBLAS_THREADS_H

#include <stddef.h>

#include "openblas_lib.h"

/* What gi_openblas_enter changed, for gi_openblas_leave. */
typedef struct gi_openblas_call {
    const gi_openblas_lib *lib;
    int flavour;   /* openblas_get_parallel(): 0 sequential, 1 pthreads, 2 OpenMP */
    int threads;   /* threads the call may use */
    int saved_omp; /* OpenMP flavour: the caller's nthreads-var; 0 when untouched */
} gi_openblas_call;

/* Prepares one OpenBLAS call that may use `want` (≥ 1) threads; returns the count it will
 * use (fewer than want when OpenBLAS was built for fewer, or inside a parallel region). Must
 * be paired with gi_openblas_leave from the same thread. Thread-safe. */
int gi_openblas_enter(const gi_openblas_lib *lib, int want, gi_openblas_call *call /* OUT */);

/* Undoes what gi_openblas_enter changed. */
void gi_openblas_leave(const gi_openblas_call *call);

/* "OpenBLAS 0.3.21, pthreads, Cooperlake kernels" into buf (opening OpenBLAS), or "none (why)"
 * when it cannot be opened. */
void gi_openblas_describe(char *buf, size_t size);

#endif /* GI_OPENMP_OPENBLAS_THREADS_H */
