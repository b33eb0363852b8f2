/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Opening OpenBLAS on first use (openblas_lib.h).
 */
#include "openblas_lib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "util/error.h"

#ifndef GI_OPENBLAS_SONAME
#define GI_OPENBLAS_SONAME "libopenblas.so.0"
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static gi_openblas_lib lib;
static int loaded;
static char failure[512];

/* dlsym into a function pointer, the POSIX way. */
static int bind_symbol(void *h, const char *name, void *slot)
{
    void *p = dlsym(h, name);
    if (!p) {
        const char *e = dlerror();
        snprintf(failure, sizeof failure, "%s: %s", GI_OPENBLAS_SONAME, e ? e : name);
        return 0;
    }
    *(void **)slot = p;
    return 1;
}

static void open_once(void)
{
    void *h = dlopen(GI_OPENBLAS_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(failure, sizeof failure, "%s", e ? e : "dlopen " GI_OPENBLAS_SONAME " failed");
        return;
    }
    loaded = bind_symbol(h, "cblas_dgemm", &lib.dgemm) &&
             bind_symbol(h, "openblas_get_num_threads", &lib.get_num_threads) &&
             bind_symbol(h, "openblas_set_num_threads", &lib.set_num_threads) &&
             bind_symbol(h, "openblas_get_parallel", &lib.get_parallel) &&
             bind_symbol(h, "openblas_get_config", &lib.get_config) &&
             bind_symbol(h, "openblas_get_corename", &lib.get_corename);
    if (!loaded)
        dlclose(h);
}

const gi_openblas_lib *gi_openblas_lib_get(gi_error *why)
{
    pthread_once(&once, open_once);
    if (loaded)
        return &lib;
    if (why)
        gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE, "openmp: OpenBLAS: %s", failure);
    return NULL;
}
