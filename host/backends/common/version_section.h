/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/version_section.h — the start of a backend's section of
 * `gpuinteg --version` (gi_backend_ops.version): its key and title, and its JSON object opened.
 */
#ifndef GI_COMMON_VERSION_SECTION_H
#define GI_COMMON_VERSION_SECTION_H

#include <stdio.h>

#include "core/backend.h"
#include "util/json_text.h"

/* Names the section (key, title) and starts its JSON object in out->json with j; the caller
 * adds the members and closes it with gi_json_close(j, '}'). */
static inline void gi_version_section_begin(gi_backend_version *out, const char *key,
                                            const char *title, gi_json_text *j)
{
    snprintf(out->key, sizeof out->key, "%s", key);
    snprintf(out->title, sizeof out->title, "%s", title);
    gi_json_init(j, out->json, sizeof out->json);
    gi_json_open(j, NULL, '{');
}

#endif /* GI_COMMON_VERSION_SECTION_H */
