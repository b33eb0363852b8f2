/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/error.h — filling a gi_error. Compiled into libgpuinteg and into each
 * plugin (plugins do not link the library).
 */
#ifndef GI_COMMON_ERROR_H
#define GI_COMMON_ERROR_H

#include "core/backend.h"

/* Replaces err's message (printf format). Does nothing for NULL err. Returns status, so that
 * a failure path reads `return gi_error_set(err, GI_STATUS_DEVICE_ERROR, "...", ...);`. */
gi_status gi_error_set(gi_error *err, gi_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends to err's message, cutting what does not fit. */
void gi_error_append(gi_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies src into dst (size bytes), cutting what does not fit; always terminated. */
void gi_text_copy(char *dst, size_t size, const char *src);

#endif /* GI_COMMON_ERROR_H */
