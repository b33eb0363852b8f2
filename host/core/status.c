/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include <gpuinteg/status.h>
#include <gpuinteg/version.h>

const char *gi_status_string(gi_status status)
{
    switch (status) {
    case GI_STATUS_OK:
        return "success";
    case GI_STATUS_MISUSE:
        return "library misuse (NULL argument or call out of order)";
    case GI_STATUS_INVALID_ARGUMENT:
        return "invalid argument";
    case GI_STATUS_BAD_DEVICE_SPEC:
        return "malformed device specification";
    case GI_STATUS_BACKEND_UNAVAILABLE:
        return "backend unavailable";
    case GI_STATUS_DEVICE_NOT_FOUND:
        return "no such device";
    case GI_STATUS_NOT_SUPPORTED:
        return "not supported by this device";
    case GI_STATUS_OUT_OF_MEMORY:
        return "out of memory";
    case GI_STATUS_DEVICE_ERROR:
        return "device or driver error";
    case GI_STATUS_IO_ERROR:
        return "input/output error";
    case GI_STATUS_INTERRUPTED:
        return "interrupted";
    case GI_STATUS_DEVICE_LOST:
        return "device lost: it must be reset before it can be used again (restart the program)";
    case GI_STATUS_INTERNAL:
        return "internal error";
    case GI_STATUS_VERIFICATION_FAILED:
        return "verification failed";
    }
    return "unknown status";
}

const char *gi_version_string(void)
{
    return GI_VERSION_STRING;
}

int gi_version_number(void)
{
    return GI_VERSION_NUMBER;
}
