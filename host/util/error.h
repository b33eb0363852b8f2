/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/error.h — a message buffer (gi_error) and filling it. Below the core and the
 * backends, which both use it; compiled into libgpuinteg and into each plugin (plugins do not
 * link the library).
 */
#ifndef GI_UTIL_ERROR_H
#define GI_UTIL_ERROR_H

#include <stddef.h>

#include <gpuinteg/status.h>

/* Room for one error message: backend, failing call, driver text (an OpenCL build log is cut). */
#define GI_ERROR_MAX 4096

/* A message buffer owned by the caller (the context); backends fill it with gi_error_set(). */
typedef struct gi_error {
    char msg[GI_ERROR_MAX];
} gi_error;

/* Replaces err's message (printf format). Does nothing for NULL err. Returns status, so that
 * a failure path reads `return gi_error_set(err, GI_STATUS_DEVICE_ERROR, "...", ...);`. */
gi_status gi_error_set(gi_error *err, gi_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends to err's message, cutting what does not fit. */
void gi_error_append(gi_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies src into dst (size bytes), cutting what does not fit; always terminated. */
void gi_text_copy(char *dst, size_t size, const char *src);

#endif /* GI_UTIL_ERROR_H */
