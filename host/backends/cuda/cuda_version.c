/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CUDA backend's section of `gpuinteg --version`: the toolkit it was built with (its
 * runtime is linked in statically, so the runtime is that toolkit's) and the driver here.
 */
#include <stdio.h>

#include <cuda_runtime_api.h>

#include "common/version_section.h"
#include "util/json_text.h"
#include "cuda_state.h"

#ifndef GI_CUDA_TOOLKIT_VERSION
#define GI_CUDA_TOOLKIT_VERSION ""
#endif

void gi_cuda_version(void *state, int count, const gi_error *why, gi_backend_version *out)
{
    (void)state;
    const char *toolkit = GI_CUDA_TOOLKIT_VERSION[0] ? GI_CUDA_TOOLKIT_VERSION : NULL;
    char runtime[32], driver[32] = "";
    snprintf(runtime, sizeof runtime, "%d.%d", CUDART_VERSION / 1000, CUDART_VERSION % 1000 / 10);
    int v = 0;
    if (count > 0 && cudaDriverGetVersion(&v) == cudaSuccess && v > 0)
        snprintf(driver, sizeof driver, "%d.%d", v / 1000, v % 1000 / 10);
    (void)cudaGetLastError();
    /* Without a driver the runtime is the toolkit's, as built. */
    const char *rt = driver[0] ? runtime : toolkit;
    const char *reason = driver[0] ? NULL : why->msg[0] ? why->msg : "no device";

    gi_json_text j;
    gi_version_section_begin(out, "cuda", "CUDA", &j);
    gi_json_string(&j, "toolkit", toolkit);
    gi_json_string(&j, "runtime", rt);
    gi_json_string(&j, "driver", driver[0] ? driver : NULL);
    if (reason)
        gi_json_string(&j, "reason", reason);
    gi_json_close(&j, '}');
    snprintf(out->text, sizeof out->text, "toolkit %s, runtime %s, driver %s%s%.900s",
             toolkit ? toolkit : "none", rt ? rt : "none", driver[0] ? driver : "none",
             reason ? ": " : "", reason ? reason : "");
}
