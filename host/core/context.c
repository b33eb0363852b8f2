/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Creating a context and opening its backends lazily: a backend is loaded and probed the
 * first time something needs it (context_impl.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "util/error.h"
#include "core/context_impl.h"

static void format_spec(gi_device_record *r, const char *name)
{
    switch (r->dev.address_len) {
    case 1:
        snprintf(r->spec, sizeof r->spec, "%s:%d", name, r->dev.address[0]);
        break;
    case 2:
        snprintf(r->spec, sizeof r->spec, "%s:%d:%d", name, r->dev.address[0], r->dev.address[1]);
        break;
    default:
        snprintf(r->spec, sizeof r->spec, "%s", name);
        break;
    }
}

int gi_slot_load(gi_context *ctx, size_t i)
{
    gi_backend_slot *slot = &ctx->slots[i];
    if (slot->loaded)
        return slot->ops != NULL;
    slot->loaded = 1;
    const gi_registry_entry *e = slot->entry;
    if (e && e->builtin) {
        /* Built-ins pass the same checks as plugins: one rule for every backend. */
        const gi_backend_ops *o = e->builtin();
        if (gi_plugin_check(o, slot->name, &slot->load_error) == GI_STATUS_OK)
            slot->ops = o;
        return slot->ops != NULL;
    }
    /* Plugins are looked for even when not built here: one dropped into the plugin folder
     * later still loads. */
    int found = 0;
    gi_plugin_load(slot->name, &slot->ops, &slot->dl_handle, &found, &slot->load_error);
    if (!found && e && !e->built) {
        char option[80];
        snprintf(option, sizeof option, "GI_WITH_%s", slot->name);
        for (char *c = option; *c; c++)
            *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
        gi_error_set(&slot->load_error, GI_STATUS_BACKEND_UNAVAILABLE,
                     "not built in this gpuinteg (%s)", option);
    }
    if (slot->ops && strcmp(slot->ops->name, slot->name) != 0) {
        gi_error_set(&slot->load_error, GI_STATUS_BACKEND_UNAVAILABLE,
                     "plugin gpuinteg-%s.so calls itself '%s'; a plugin's file is named after "
                     "its backend",
                     slot->name, slot->ops->name);
        slot->ops = NULL;
        gi_plugin_unload(slot->dl_handle);
        slot->dl_handle = NULL;
    }
    return slot->ops != NULL;
}

/* The one record of a backend that has no usable device: the reason instead. */
static gi_status add_unavailable(gi_backend_slot *slot, size_t slot_index, const char *why)
{
    slot->records = calloc(1, sizeof *slot->records);
    if (!slot->records)
        return GI_STATUS_OUT_OF_MEMORY;
    slot->nrecords = 1;
    gi_device_record *r = &slot->records[0];
    r->slot = slot_index;
    r->index = -1;
    r->dev.gpu_ordinal = -1;
    snprintf(r->spec, sizeof r->spec, "%s", slot->name);
    snprintf(r->dev.name, sizeof r->dev.name, "%s", slot->name);
    gi_text_copy(r->dev.reason, sizeof r->dev.reason, why[0] ? why : "no device found");
    r->dev.kind = !slot->ops                                    ? GI_DEVICE_OTHER
                  : slot->ops->flags & GI_BACKEND_AUTO_GPU_ONLY ? GI_DEVICE_GPU
                                                                : GI_DEVICE_CPU;
    return GI_STATUS_OK;
}

gi_status gi_slot_open(gi_context *ctx, size_t i)
{
    gi_backend_slot *slot = &ctx->slots[i];
    if (slot->probed)
        return slot->records ? GI_STATUS_OK : GI_STATUS_OUT_OF_MEMORY;
    slot->probed = 1;
    if (!gi_slot_load(ctx, i))
        return add_unavailable(slot, i, slot->load_error.msg);

    gi_error why = {{0}};
    int n = slot->ops->probe(&slot->state, &why);
    if (slot->ops->version)
        slot->ops->version(slot->state, n > 0 ? n : 0, &why, &slot->version);
    if (n <= 0)
        return add_unavailable(slot, i, why.msg);
    slot->records = calloc((size_t)n, sizeof *slot->records);
    if (!slot->records)
        return GI_STATUS_OUT_OF_MEMORY;
    slot->device_count = n;
    slot->nrecords = (size_t)n;
    for (int d = 0; d < n; d++) {
        gi_device_record *r = &slot->records[d];
        r->slot = i;
        r->index = d;
        r->dev.gpu_ordinal = -1;
        gi_error derr = {{0}};
        if (slot->ops->describe(slot->state, d, &r->dev, &derr) != GI_STATUS_OK) {
            /* The backend could not say what device d is: it keeps its place in the list,
             * addressed as the backend's devices are (cuda:1), with the reason. */
            memset(&r->dev, 0, sizeof r->dev);
            r->dev.gpu_ordinal = -1;
            r->dev.address_len = slot->ops->address_len;
            if (r->dev.address_len > 0)
                r->dev.address[r->dev.address_len - 1] = d;
            snprintf(r->dev.name, sizeof r->dev.name, "%s device %d", slot->name, d);
            r->dev.kind =
                slot->ops->flags & GI_BACKEND_AUTO_GPU_ONLY ? GI_DEVICE_GPU : GI_DEVICE_OTHER;
            gi_text_copy(r->dev.reason, sizeof r->dev.reason,
                         derr.msg[0] ? derr.msg : "describe failed without a message");
        }
        if (r->dev.address_len != slot->ops->address_len)
            r->dev.address_len = slot->ops->address_len;
        format_spec(r, slot->name);
    }
    return GI_STATUS_OK;
}

gi_status gi_context_open_all(gi_context *ctx)
{
    for (size_t i = 0; i < ctx->nslots; i++)
        if (gi_slot_open(ctx, i) != GI_STATUS_OK)
            return GI_STATUS_OUT_OF_MEMORY;
    return GI_STATUS_OK;
}

long gi_slot_find(const gi_context *ctx, const char *name, size_t len)
{
    for (size_t i = 0; i < ctx->nslots; i++)
        if (strlen(ctx->slots[i].name) == len && strncmp(ctx->slots[i].name, name, len) == 0)
            return (long)i;
    return -1;
}

/* A plugin file on the path that the registry does not list: a slot of its own. */
static void add_found_plugin(const char *name, void *arg)
{
    gi_context *ctx = arg;
    if (gi_slot_find(ctx, name, strlen(name)) >= 0 || ctx->nslots == GI_SLOTS_MAX)
        return;
    gi_backend_slot *s = &ctx->slots[ctx->nslots++];
    snprintf(s->name, sizeof s->name, "%s", name);
}

gi_status gi_context_create(gi_context **out)
{
    if (!out)
        return GI_STATUS_MISUSE;
    *out = NULL;
    gi_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return GI_STATUS_OUT_OF_MEMORY;
    atomic_init(&ctx->stop, 0);

    size_t count;
    const gi_registry_entry *reg = gi_registry(&count);
    for (size_t i = 0; i < count; i++) {
        ctx->slots[i].entry = &reg[i];
        snprintf(ctx->slots[i].name, sizeof ctx->slots[i].name, "%s", reg[i].name);
    }
    ctx->nslots = count;
    /* Only names: nothing is loaded until it is needed. */
    gi_plugin_discover(add_found_plugin, ctx);
    *out = ctx;
    return GI_STATUS_OK;
}

void gi_context_destroy(gi_context *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->nslots; i++) {
        gi_backend_slot *s = &ctx->slots[i];
        /* release() follows every probe, whatever it returned. */
        if (s->ops && s->ops->release && s->probed)
            s->ops->release(s->state);
        free(s->records);
        gi_plugin_unload(s->dl_handle);
    }
    free(ctx);
}

const char *gi_last_error(const gi_context *ctx)
{
    return ctx ? ctx->err.msg : "no context";
}

gi_status gi_context_enter(gi_context *ctx, const char *call, int n, ...)
{
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    va_list ap;
    va_start(ap, n);
    const char *missing = NULL;
    for (int i = 0; i < n && !missing; i++) {
        const char *name = va_arg(ap, const char *);
        if (!va_arg(ap, const void *))
            missing = name;
    }
    va_end(ap);
    if (missing)
        return gi_error_set(&ctx->err, GI_STATUS_MISUSE, "%s: %s is NULL", call, missing);
    return GI_STATUS_OK;
}

int gi_last_error_argument(const gi_context *ctx)
{
    return ctx ? ctx->bad_arg : 0;
}

gi_status gi_context_set_threads(gi_context *ctx, int threads)
{
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    if (threads < 0 || threads > GI_MAX_THREADS)
        return gi_error_set(
            &ctx->err, GI_STATUS_INVALID_ARGUMENT,
            "gi_context_set_threads: threads = %d must be between 0 (default) and %d", threads,
            GI_MAX_THREADS);
#ifdef _OPENMP
    /* The default comes from OMP_NUM_THREADS, unchecked by the OpenMP runtime: past the cap,
     * creating that many threads fails or crashes inside it. */
    if (threads == 0 && omp_get_max_threads() > GI_MAX_THREADS)
        return gi_error_set(&ctx->err, GI_STATUS_INVALID_ARGUMENT,
                            "OMP_NUM_THREADS gives %d threads; allowed: 1 to %d (or set the "
                            "threads: --threads, gi_context_set_threads)",
                            omp_get_max_threads(), GI_MAX_THREADS);
#endif
    ctx->threads = threads;
    return GI_STATUS_OK;
}

int gi_context_threads(const gi_context *ctx)
{
    if (!ctx)
        return 1;
    if (ctx->threads > 0)
        return ctx->threads;
#ifdef _OPENMP
    int n = omp_get_max_threads();
    return n > GI_MAX_THREADS ? GI_MAX_THREADS : n;
#else
    return 1;
#endif
}

gi_run_config gi_context_run_config(gi_context *ctx)
{
    gi_run_config cfg = {.threads = gi_context_threads(ctx), .stop = &ctx->stop};
    return cfg;
}

void gi_device_record_view(const gi_context *ctx, const gi_device_record *r, gi_device_info *info,
                           size_t size)
{
    gi_device_info v;
    memset(&v, 0, sizeof v);
    v.spec = r->spec;
    v.backend = ctx->slots[r->slot].name;
    v.name = r->dev.name;
    v.vendor = r->dev.vendor;
    v.driver_version = r->dev.driver_version;
    v.detail = r->dev.detail;
    v.reason = r->dev.reason;
    v.kind = r->dev.kind;
    v.index = r->index;
    v.available = r->dev.available;
    v.compute_units = r->dev.compute_units;
    v.global_mem_bytes = r->dev.global_mem_bytes;
    v.fp64 = r->dev.fp64;
    v.address_len = r->dev.address_len;
    for (int k = 0; k < GI_ADDRESS_MAX; k++)
        v.address[k] = k < r->dev.address_len ? r->dev.address[k] : 0;
    v.gpu_ordinal = r->dev.gpu_ordinal;
    v.host_bytes = r->dev.host_bytes;
    v.host_bytes_per_thread = r->dev.host_bytes_per_thread;
    v.host_bytes_what = r->dev.host_bytes_what;
    /* A caller built against an older header gets the fields it knows (size-versioned). */
    memcpy(info, &v, size < sizeof v ? size : sizeof v);
}

/* The device list is made on first use: opening backends changes no state the caller can
 * observe other than the list itself, so the const of the read-only API holds in spirit. */
static gi_context *opened(const gi_context *ctx)
{
    gi_context *c = (gi_context *)ctx;
    return gi_context_open_all(c) == GI_STATUS_OK ? c : NULL;
}

size_t gi_device_count(const gi_context *ctx)
{
    if (!ctx)
        return 0;
    gi_context *c = opened(ctx);
    size_t n = 0;
    for (size_t i = 0; c && i < c->nslots; i++)
        n += c->slots[i].nrecords;
    return n;
}

/* Device entry i of the whole list, or NULL. */
static const gi_device_record *record_at(const gi_context *ctx, size_t i)
{
    for (size_t s = 0; s < ctx->nslots; s++) {
        if (i < ctx->slots[s].nrecords)
            return &ctx->slots[s].records[i];
        i -= ctx->slots[s].nrecords;
    }
    return NULL;
}

gi_status gi_device_get_sized(const gi_context *ctx, size_t i, gi_device_info *info, size_t size)
{
    if (!ctx || !info || size < GI_DEVICE_INFO_SIZE_0_1)
        return GI_STATUS_MISUSE;
    const gi_device_record *r = opened(ctx) ? record_at(ctx, i) : NULL;
    if (!r) {
        memset(info, 0, size);
        return GI_STATUS_INVALID_ARGUMENT;
    }
    gi_device_record_view(ctx, r, info, size);
    return GI_STATUS_OK;
}

gi_status(gi_device_get)(const gi_context *ctx, size_t i, gi_device_info *info)
{
    return gi_device_get_sized(ctx, i, info, GI_DEVICE_INFO_SIZE_0_1);
}

void gi_context_interrupt(gi_context *ctx)
{
    if (ctx)
        atomic_store(&ctx->stop, 1);
}

void gi_context_clear_interrupt(gi_context *ctx)
{
    if (ctx)
        atomic_store(&ctx->stop, 0);
}

gi_status gi_last_timing_sized(const gi_context *ctx, gi_timing *out, size_t size)
{
    if (!ctx || !out || size < GI_TIMING_SIZE_0_1)
        return GI_STATUS_MISUSE;
    memcpy(out, &ctx->timing, size < sizeof ctx->timing ? size : sizeof ctx->timing);
    return GI_STATUS_OK;
}

gi_status(gi_last_timing)(const gi_context *ctx, gi_timing *out)
{
    return gi_last_timing_sized(ctx, out, GI_TIMING_SIZE_0_1);
}
