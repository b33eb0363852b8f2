/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/blas/blas_config.h — libgpuinteg_blas's settings, read once from the environment:
 *
 *   GPUINTEG_BLAS_DEVICE     auto | serial | openmp | opencl[:P[:D]] | cuda[:D]   (default auto;
 *                            checked by gi_context_select, with the CLI's rules and messages)
 *   GPUINTEG_BLAS_MIN_FLOPS  a call runs on the device when 2·m·n·k reaches it; unset: the
 *                            model of blas_threshold.h decides
 *   GPUINTEG_BLAS_FALLBACK   none (default) | cpu: a call the device could not run is run by
 *                            the system BLAS instead of stopping the program
 *   GPUINTEG_BLAS_REPORT     FILE: the record of the calls, written at exit (%p: the pid)
 */
#ifndef GI_BLAS_CONFIG_H
#define GI_BLAS_CONFIG_H

typedef struct gi_blas_config {
    char device[128];
    int fallback_cpu;  /* GPUINTEG_BLAS_FALLBACK=cpu */
    int has_min_flops; /* GPUINTEG_BLAS_MIN_FLOPS was set */
    double min_flops;
    char report[4096]; /* "" when no record is wanted */
    char error[640];   /* the first bad value, as one line; "" when all are good */
} gi_blas_config;

/* Reads the variables through getenv_fn (getenv, or a test's stand-in). */
void gi_blas_config_read(gi_blas_config *c, const char *(*getenv_fn)(const char *name));

#endif /* GI_BLAS_CONFIG_H */
