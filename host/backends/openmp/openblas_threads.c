/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The thread count of one OpenBLAS call, for each flavour of OpenBLAS (openblas_threads.h).
 */
#include "openblas_threads.h"

#include "openblas_lib.h"

#include <omp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { FLAVOUR_SEQUENTIAL = 0, FLAVOUR_PTHREADS = 1, FLAVOUR_OPENMP = 2 };

/* The pthreads flavour's one process-wide count, shared by the calls in flight: `active`
 * calls run with `current` threads; `saved` is what the first of them found and the last
 * puts back. */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_free = PTHREAD_COND_INITIALIZER;
static int gate_active, gate_current, gate_saved, gate_effective;

static int enter_pthreads(const gi_openblas_lib *lib, int want)
{
    pthread_mutex_lock(&gate_lock);
    while (gate_active > 0 && gate_current != want)
        pthread_cond_wait(&gate_free, &gate_lock);
    if (gate_active == 0) {
        gate_saved = lib->get_num_threads();
        if (gate_saved != want)
            lib->set_num_threads(want);
        gate_current = want;
        /* OpenBLAS caps the count at the MAX_THREADS it was built with. */
        gate_effective = lib->get_num_threads();
    }
    gate_active++;
    int used = gate_effective;
    pthread_mutex_unlock(&gate_lock);
    return used;
}

static void leave_pthreads(const gi_openblas_lib *lib)
{
    pthread_mutex_lock(&gate_lock);
    if (--gate_active == 0) {
        if (lib->get_num_threads() != gate_saved)
            lib->set_num_threads(gate_saved);
        pthread_cond_broadcast(&gate_free);
    }
    pthread_mutex_unlock(&gate_lock);
}

int gi_openblas_enter(const gi_openblas_lib *lib, int want, gi_openblas_call *call)
{
    memset(call, 0, sizeof *call);
    call->lib = lib;
    call->flavour = lib->get_parallel();
    if (want < 1 || call->flavour == FLAVOUR_SEQUENTIAL || omp_in_parallel()) {
        /* The OpenMP flavour goes single-threaded inside a region by itself; the pthreads one
         * must be told, and that changes the process-wide count, hence the gate. */
        call->threads = call->flavour == FLAVOUR_PTHREADS ? enter_pthreads(lib, 1) : 1;
        return call->threads;
    }
    if (call->flavour == FLAVOUR_OPENMP) {
        call->saved_omp = omp_get_max_threads();
        omp_set_num_threads(want);
        call->threads = want;
        return want;
    }
    call->threads = enter_pthreads(lib, want);
    return call->threads;
}

void gi_openblas_leave(const gi_openblas_call *call)
{
    if (call->flavour == FLAVOUR_PTHREADS)
        leave_pthreads(call->lib);
    else if (call->saved_omp > 0)
        omp_set_num_threads(call->saved_omp);
}

void gi_openblas_describe(char *buf, size_t size)
{
    gi_error why = {{0}};
    const gi_openblas_lib *lib = gi_openblas_lib_get(&why);
    if (!lib) {
        snprintf(buf, size, "none (%.300s)", why.msg);
        return;
    }
    static const char *const flavours[] = {"sequential", "pthreads", "OpenMP"};
    int f = lib->get_parallel();
    const char *config = lib->get_config(), *core = lib->get_corename();
    /* The config string starts "OpenBLAS 0.3.21 …": keep the name and version. */
    int version_len = 0;
    for (int spaces = 0; config && config[version_len]; version_len++)
        if (config[version_len] == ' ' && ++spaces == 2)
            break;
    snprintf(buf, size, "%.*s, %s, %s kernels", version_len, config ? config : "OpenBLAS",
             f >= 0 && f <= 2 ? flavours[f] : "unknown threading", core ? core : "unknown");
}
