/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg/build.h — what this libgpuinteg was built from and with: version, commit, build type,
 * compiler, each backend built (and against what) or left out (and why), MPI, and the versions of
 * the libraries found at build time. `gpuinteg --version` prints it, with what the running
 * system adds (drivers, the BLAS's threading); the utilization reports carry it in their footer.
 */
#ifndef GPUINTEG_BUILD_H
#define GPUINTEG_BUILD_H

#include <gpuinteg/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Returns the build's facts as one JSON object (text, no newline):
 *   {"version": "0.1.0", "commit": "v0.1.0-12-gabcdef123456-dirty" (or "unknown" outside a git
 *    checkout or archive), "build_type": "Release", "compiler": "GNU 12.2.0", "platform": ...,
 *    "backends": [{"name": "cuda", "built": true, "detail": "CUDA toolkit 13.0.88 …"},
 *                 {"name": "opencl", "built": false, "reason": "no OpenCL headers …"}, …]
 *                (every backend gpuinteg has, in the registry's order),
 *    "mpi": {"built": true, "detail": "Open MPI v4.1.4 (MPI 3.1)"} or {"built": false, "reason"},
 *    "libraries": {"cJSON": "1.7.15", "OpenBLAS": "0.3.21", …}}
 * The text is static: never freed, the same on every call. These are build-time facts; whether a
 * backend can run here is what gi_context_create probes. Thread safety: safe from any thread.
 * Since 0.1.
 */
GI_API const char *gi_build_info(void);

/*
 * Returns the same in one line of text for people, e.g.
 *   "gpuinteg 0.1.0 (commit abcdef123456, Release, GNU 12.2.0); backends: serial, openmp,
 *    opencl, cuda; MPI: Open MPI v4.1.4"
 * followed by "; left out: NAME (reason)" for each backend not built. Static, never freed.
 * Thread safety: safe from any thread. Since 0.1.
 */
GI_API const char *gi_build_summary(void);

#ifdef __cplusplus
}
#endif

#endif /* GPUINTEG_BUILD_H */
