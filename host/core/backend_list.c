/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The backends as the library knows them (gi_backend_count, gi_backend_get): for help texts
 * that list each backend's address syntax and help line from the backend itself.
 */
#include <string.h>

#include "core/context_impl.h"

size_t gi_backend_count(const gi_context *ctx)
{
    return ctx ? ctx->nslots : 0;
}

gi_status gi_backend_get_sized(gi_context *ctx, size_t i, gi_backend_info *info, size_t size)
{
    if (!ctx || !info || size < GI_BACKEND_INFO_SIZE_0_2)
        return GI_STATUS_MISUSE;
    memset(info, 0, size);
    if (i >= ctx->nslots)
        return GI_STATUS_INVALID_ARGUMENT;
    gi_backend_slot *s = &ctx->slots[i];
    int loaded = gi_slot_load(ctx, i);
    gi_backend_info v = {
        .name = s->name,
        .address = loaded ? s->ops->address : "",
        .help = loaded ? s->ops->help : "",
        .reason = loaded ? "" : s->load_error.msg,
        .loaded = loaded,
        .gpu_only_for_auto = loaded && (s->ops->flags & GI_BACKEND_AUTO_GPU_ONLY),
        .cpu_threads = loaded && (s->ops->flags & GI_BACKEND_CPU_THREADS),
        .auto_candidate = s->entry != NULL,
        .reference = loaded && (s->ops->flags & GI_BACKEND_REFERENCE),
        .version_key = s->version.key,
        .version_title = s->version.title,
        .version_json = s->version.json,
        .version_text = s->version.text,
    };
    /* A caller built against an older header gets the fields it knows (size-versioned). */
    memcpy(info, &v, size < sizeof v ? size : sizeof v);
    return GI_STATUS_OK;
}

/* The slot named `backend`, opened; NULL when unknown or out of memory. */
static gi_backend_slot *opened_slot(gi_context *ctx, const char *backend)
{
    long i = ctx && backend ? gi_slot_find(ctx, backend, strlen(backend)) : -1;
    if (i < 0 || gi_slot_open(ctx, (size_t)i) != GI_STATUS_OK)
        return NULL;
    return &ctx->slots[i];
}

size_t gi_backend_device_count(gi_context *ctx, const char *backend)
{
    const gi_backend_slot *s = opened_slot(ctx, backend);
    return s ? s->nrecords : 0;
}

gi_status gi_backend_device_get_sized(gi_context *ctx, const char *backend, size_t i,
                                      gi_device_info *info, size_t size)
{
    if (!ctx || !backend || !info || size < GI_DEVICE_INFO_SIZE_0_1)
        return GI_STATUS_MISUSE;
    const gi_backend_slot *s = opened_slot(ctx, backend);
    if (!s || i >= s->nrecords) {
        memset(info, 0, size);
        return GI_STATUS_INVALID_ARGUMENT;
    }
    gi_device_record_view(ctx, &s->records[i], info, size);
    return GI_STATUS_OK;
}
