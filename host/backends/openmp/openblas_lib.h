/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/openmp/openblas_lib.h — OpenBLAS, opened when the openmp backend is first
 * used, not when libgpuinteg is loaded.
 *
 * OpenBLAS's pthreads flavour starts its thread pool in a constructor: linked into libgpuinteg
 * it made every run pay for it, `--device serial` included (about 10 ms and a thread per CPU).
 * Opened with dlopen by its soname (GI_OPENBLAS_SONAME, the one the build found), it is still
 * the library Debian's alternatives or LD_LIBRARY_PATH select.
 */
#ifndef GI_OPENMP_OPENBLAS_LIB_H
#define GI_OPENMP_OPENBLAS_LIB_H

#include <cblas.h>

#include "core/backend.h"

/* The functions of OpenBLAS the backend calls, with cblas.h's own prototypes. */
typedef struct gi_openblas_lib {
    __typeof__(cblas_dgemm) *dgemm;
    __typeof__(openblas_get_num_threads) *get_num_threads;
    __typeof__(openblas_set_num_threads) *set_num_threads;
    __typeof__(openblas_get_parallel) *get_parallel;
    __typeof__(openblas_get_config) *get_config;
    __typeof__(openblas_get_corename) *get_corename;
} gi_openblas_lib;

/* Opens OpenBLAS on the first call of the process and returns its functions (never closed:
 * its threads outlive any one context). NULL when it cannot be opened; why (may be NULL) then
 * gets dlopen's or dlsym's text. Thread-safe. */
const gi_openblas_lib *gi_openblas_lib_get(gi_error *why);

#endif /* GI_OPENMP_OPENBLAS_LIB_H */
