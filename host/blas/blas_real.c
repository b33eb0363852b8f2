/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Finding OpenBLAS's own dgemm_ and cblas_dgemm (see blas_real.h for why not dlsym(RTLD_NEXT):
 * when the library is libblas.so.3 itself, or a FlexiBLAS backend, "next" depends on how the
 * program was linked).
 */
#include "blas_real.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* Only OpenBLAS defines these; the library links it, so they always resolve. */
extern char *openblas_get_config(void);
extern int openblas_get_num_threads(void);

static gi_blas_real real = {.path = "", .error = ""};
static char error_text[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static _Thread_local int inside;

static void resolve(void)
{
    Dl_info info;
    union {
        char *(*fn)(void);
        void *address;
    } anchor = {.fn = openblas_get_config};
    if (!dladdr(anchor.address, &info) || !info.dli_fname) {
        real.error = "cannot find the file of OpenBLAS (dladdr of openblas_get_config failed)";
        return;
    }
    real.path = info.dli_fname;
    /* RTLD_NOLOAD: the file is already mapped (we link it); this only gives its handle, whose
     * dlsym looks in that file first. */
    void *h = dlopen(info.dli_fname, RTLD_LAZY | RTLD_LOCAL | RTLD_NOLOAD);
    if (!h) {
        snprintf(error_text, sizeof error_text, "dlopen %s: %s", info.dli_fname, dlerror());
        real.error = error_text;
        return;
    }
    void *f = dlsym(h, "dgemm_");
    void *c = dlsym(h, "cblas_dgemm");
    if (!f || !c) {
        snprintf(error_text, sizeof error_text, "%s has no %s", info.dli_fname,
                 !f ? "dgemm_" : "cblas_dgemm");
        real.error = error_text;
        dlclose(h);
        return;
    }
    /* Function pointers travel through void * in POSIX's dlsym. */
    *(void **)&real.dgemm = f;
    *(void **)&real.cblas_dgemm = c;
    /* The handle stays open for the life of the process, like the link-time reference. */
}

const gi_blas_real *gi_blas_real_get(void)
{
    pthread_once(&once, resolve);
    return &real;
}

int gi_blas_real_threads(void)
{
    int t = openblas_get_num_threads();
    return t > 0 ? t : 1;
}

int gi_blas_inside(void)
{
    return inside;
}

void gi_blas_set_inside(int value)
{
    inside = value;
}
