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
/* Declarations marked "since 0.2" are new in the next minor release; this tree still calls
 * itself 0.1.0 until that release sets the numbers above (and the packaging's). */
/* One number that orders versions: MAJOR·10000 + MINOR·100 + PATCH (0.1.0 → 100). Compare it
 * with gi_version_number() to know what the library a program runs against offers. */
#define GI_VERSION_NUMBER (GI_VERSION_MAJOR * 10000 + GI_VERSION_MINOR * 100 + GI_VERSION_PATCH)

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

/*
 * Returns the library's version as GI_VERSION_NUMBER computes it (0.1.0 → 100), for a run-time
 * check: a program built against a newer header than the library it runs with sees
 * gi_version_number() < GI_VERSION_NUMBER and can avoid what the library lacks.
 * Thread safety: safe from any thread. Since 0.2.
 */
GI_API int gi_version_number(void);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_VERSION_H */
