/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg/version.h — version numbers and the export macro of libgpuinteg.
 *
 * Included by every other public header; users need not include it themselves.
 */
#ifndef GPUINTEG_VERSION_H
#define GPUINTEG_VERSION_H

#define GI_VERSION_MAJOR  0
#define GI_VERSION_MINOR  1
#define GI_VERSION_PATCH  0
#define GI_VERSION_STRING "0.1.0"

/* GI_API marks the functions exported from libgpuinteg.so; everything else is hidden
 * (the library is built with -fvisibility=hidden). */
#if defined(GI_BUILDING_LIBRARY) && defined(__GNUC__)
#define GI_API __attribute__((visibility("default")))
#else
#define GI_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Returns the library's version as "MAJOR.MINOR.PATCH", a static string never freed.
 * It can differ from GI_VERSION_STRING when a program runs against a newer library.
 * Thread safety: safe from any thread. Since 0.1.
 */
GI_API const char *gi_version_string(void);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_VERSION_H */
