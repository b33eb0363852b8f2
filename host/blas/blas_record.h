/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/blas/blas_record.h — what ran where: calls, sizes, time, GFLOP/s and bytes moved per
 * device, kept in memory and written as one JSON file when the process ends.
 *
 * The file is written whole to "<FILE>.<pid>.tmp" and renamed over FILE, so a reader (gpuinteg
 * monitor) sees the old record or the new one, never half of one. "%p" in FILE becomes the
 * pid, for programs that fork or run several processes. Thread-safe.
 */
#ifndef GI_BLAS_RECORD_H
#define GI_BLAS_RECORD_H

#include <stdint.h>

/* Where a call ran, as the record names it. */
typedef struct gi_blas_place {
    const char *device;  /* "opencl:0:0", or "cpu" for the system BLAS */
    const char *backend; /* "opencl", or "system BLAS" */
    const char *name;    /* the device's name, or the BLAS file */
    const char *reason; /* why calls go there, e.g. "2·m·n·k >= GPUINTEG_BLAS_MIN_FLOPS = 1e6" */
} gi_blas_place;

/* Adds one call of m×n×k that took seconds and moved bytes between host and device. fallback:
 * the device failed and the CPU ran it. */
void gi_blas_record_call(const gi_blas_place *where, int64_t m, int64_t n, int64_t k,
                         double seconds, double bytes, int fallback);

/* Adds one call the device could not run and nothing ran instead (the program then stops). */
void gi_blas_record_failure(const char *message);

/* Sets the facts the record starts with: the request, the device chosen and why. */
void gi_blas_record_selection(const char *request, const char *selected, const char *why);

/* Writes the record to path (with %p expanded). Returns 0 or an errno value. */
int gi_blas_record_write(const char *path);

/* In a forked child: forgets the parent's calls and re-creates the lock (another thread of the
 * parent may have held it at the fork). */
void gi_blas_record_reset_in_child(void);

#endif /* GI_BLAS_RECORD_H */
