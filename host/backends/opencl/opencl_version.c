/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OpenCL backend's section of `gpuinteg --version`: the ICD loader it was built against, the
 * folder the loader reads vendors from, and each platform found here, once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/version_section.h"
#include "util/json_text.h"
#include "opencl_devices.h"
#include "opencl_version.h"

#ifndef GI_OPENCL_ICD_LOADER
#define GI_OPENCL_ICD_LOADER ""
#endif

#define MAX_PLATFORMS 16

void opencl_version(void *state, int count, const gi_error *why, gi_backend_version *out)
{
    const opencl_state *s = state;
    char names[MAX_PLATFORMS][256], versions[MAX_PLATFORMS][128];
    int n = 0;
    /* Each device's detail starts "platform 'NAME', VERSION, …" (opencl_devices.c). */
    for (int i = 0; s && i < count && i < s->count; i++) {
        char name[256], version[128];
        if (sscanf(s->devices[i].info.detail, "platform '%255[^']', %127[^,]", name, version) != 2)
            continue;
        int seen = 0;
        for (int k = 0; k < n; k++)
            seen |= strcmp(names[k], name) == 0;
        if (!seen && n < MAX_PLATFORMS) {
            snprintf(names[n], sizeof names[n], "%s", name);
            snprintf(versions[n], sizeof versions[n], "%s", version);
            n++;
        }
    }
    const char *vendors = getenv("OCL_ICD_VENDORS");
    if (!vendors || !*vendors)
        vendors = "/etc/OpenCL/vendors";
    const char *loader = GI_OPENCL_ICD_LOADER[0] ? GI_OPENCL_ICD_LOADER : NULL;
    const char *reason = n > 0 ? NULL : count == 0 && why->msg[0] ? why->msg : "no platform";

    gi_json_text j;
    gi_version_section_begin(out, "opencl", "OpenCL", &j);
    gi_json_string(&j, "icd_loader", loader);
    gi_json_string(&j, "icd_vendors", vendors);
    gi_json_open(&j, "platforms", '[');
    for (int k = 0; k < n; k++) {
        gi_json_open(&j, NULL, '{');
        gi_json_string(&j, "name", names[k]);
        gi_json_string(&j, "version", versions[k]);
        gi_json_close(&j, '}');
    }
    gi_json_close(&j, ']');
    if (reason)
        gi_json_string(&j, "reason", reason);
    gi_json_close(&j, '}');

    size_t len = (size_t)snprintf(
        out->text, sizeof out->text,
        "ICD loader %s (vendors in %s); platforms:", loader ? loader : "none", vendors);
    for (int k = 0; k < n && len < sizeof out->text; k++)
        len += (size_t)snprintf(out->text + len, sizeof out->text - len, "%s%s (%s)",
                                k ? ", " : " ", names[k], versions[k]);
    if (reason && len < sizeof out->text)
        snprintf(out->text + len, sizeof out->text - len, " none: %.900s", reason);
}
