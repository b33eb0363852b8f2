/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg/status.h — the one result code of every gpuinteg call.
 *
 * Codes are banded by who must act: the caller's code (misuse), the caller's input (invalid
 * argument), the machine (unavailable), the run (device/run-time failure), the result
 * (verification). Values are stable and never renumbered; new codes may be added inside a band.
 */
#ifndef GPUINTEG_STATUS_H
#define GPUINTEG_STATUS_H

#include <gpuinteg/version.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gi_status {
    GI_STATUS_OK = 0, /* the call did what it was asked */

    /* 100s — misuse: a bug in the calling code, not in its data. */
    GI_STATUS_MISUSE = 100, /* a required pointer was NULL, or the call came at the wrong time */

    /* 200s — invalid argument: the values passed cannot be honoured as given. */
    GI_STATUS_INVALID_ARGUMENT =
        200, /* a value is outside what the call accepts; message says which */
    GI_STATUS_BAD_DEVICE_SPEC = 201, /* a device string is not of the form backend[:index…] */

    /* 300s — unavailable: the request is well formed but this machine cannot serve it. */
    GI_STATUS_BACKEND_UNAVAILABLE = 300, /* backend not built, or its driver/library is missing */
    GI_STATUS_DEVICE_NOT_FOUND = 301, /* the backend is present but has no device at that index */
    GI_STATUS_NOT_SUPPORTED = 302,    /* the device cannot run this workload (e.g. no fp64) */

    /* 400s — run-time failure: the run was attempted and failed. */
    GI_STATUS_OUT_OF_MEMORY = 400, /* host or device allocation failed; message gives the bytes */
    GI_STATUS_DEVICE_ERROR =
        401,                     /* the driver or runtime reported an error; message has its text */
    GI_STATUS_IO_ERROR = 402,    /* a file could not be read or written */
    GI_STATUS_INTERRUPTED = 403, /* the run was stopped by a request to stop (e.g. a signal) */
    GI_STATUS_DEVICE_LOST = 404, /* the device hit a fault that its driver keeps reporting to this
                                    process (e.g. CUDA's illegal address): it is unusable until the
                                    process ends and the device is reset; message has the fault */
    GI_STATUS_INTERNAL = 499,    /* an inconsistency inside gpuinteg: please report it */

    /* 500s — verification: the run finished but its result failed a check. */
    GI_STATUS_VERIFICATION_FAILED = 500 /* the result is outside the tolerance of its check */
} gi_status;

/*
 * Returns a short English description of a status code: static text, never freed, never NULL
 * (an unknown code gives "unknown status"). Thread safety: safe from any thread. Since 0.1.
 */
GI_API const char *gi_status_string(gi_status status);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_STATUS_H */
