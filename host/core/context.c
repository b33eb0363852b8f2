/*
 * Creating a context: probing every backend of the registry into one device list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "common/error.h"
#include "core/context_impl.h"

/* Appends a record; returns NULL when out of memory. */
static gi_device_record *add_record(gi_context *ctx, size_t slot)
{
    gi_device_record *grown = realloc(ctx->devices, (ctx->ndevices + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    ctx->devices = grown;
    gi_device_record *r = &ctx->devices[ctx->ndevices++];
    memset(r, 0, sizeof *r);
    r->slot = slot;
    r->index = -1;
    return r;
}

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

/* Loads and probes one backend, adding its devices (or one "unavailable" record). */
static gi_status probe_slot(gi_context *ctx, size_t slot_index)
{
    gi_backend_slot *slot = &ctx->slots[slot_index];
    const gi_registry_entry *e = slot->entry;
    gi_error why = {{0}};

    if (e->builtin) {
        slot->ops = e->builtin();
    } else {
        /* Plugins are looked for even when not built here: one dropped into the plugin folder
         * later still loads. */
        int found = 0;
        gi_plugin_load(e->name, &slot->ops, &slot->dl_handle, &found, &why);
        if (!found && !e->built)
            gi_error_set(&why, GI_STATUS_BACKEND_UNAVAILABLE, "not built in this gpuinteg (%s)",
                         e->option);
    }

    if (slot->ops) {
        int n = slot->ops->probe(&slot->state, &why);
        slot->device_count = n > 0 ? n : 0;
        for (int d = 0; d < slot->device_count; d++) {
            gi_device_record *r = add_record(ctx, slot_index);
            if (!r)
                return GI_STATUS_OUT_OF_MEMORY;
            r->index = d;
            gi_error derr = {{0}};
            if (slot->ops->describe(slot->state, d, &r->dev, &derr) != GI_STATUS_OK) {
                r->dev.available = 0;
                gi_text_copy(r->dev.reason, sizeof r->dev.reason, derr.msg);
            }
            format_spec(r, e->name);
        }
        if (slot->device_count > 0)
            return GI_STATUS_OK;
        if (!why.msg[0])
            snprintf(why.msg, sizeof why.msg, "no device found");
    }

    gi_device_record *r = add_record(ctx, slot_index);
    if (!r)
        return GI_STATUS_OUT_OF_MEMORY;
    snprintf(r->spec, sizeof r->spec, "%s", e->name);
    snprintf(r->dev.name, sizeof r->dev.name, "%s", e->name);
    gi_text_copy(r->dev.reason, sizeof r->dev.reason, why.msg);
    r->dev.kind = e->gpu_only_for_auto ? GI_DEVICE_GPU : GI_DEVICE_CPU;
    return GI_STATUS_OK;
}

gi_status gi_context_create(gi_context **out)
{
    if (!out)
        return GI_STATUS_MISUSE;
    *out = NULL;
    gi_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return GI_STATUS_OUT_OF_MEMORY;
    ctx->selected = -1;
    atomic_init(&ctx->stop, 0);

    size_t count;
    const gi_registry_entry *reg = gi_registry(&count);
    for (size_t i = 0; i < count; i++) {
        ctx->slots[i].entry = &reg[i];
        ctx->nslots = i + 1;
        if (probe_slot(ctx, i) != GI_STATUS_OK) {
            gi_context_destroy(ctx);
            return GI_STATUS_OUT_OF_MEMORY;
        }
    }
    *out = ctx;
    return GI_STATUS_OK;
}

void gi_context_destroy(gi_context *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->nslots; i++) {
        gi_backend_slot *s = &ctx->slots[i];
        if (s->ops && s->ops->release)
            s->ops->release(s->state);
        gi_plugin_unload(s->dl_handle);
    }
    free(ctx->devices);
    free(ctx);
}

const char *gi_last_error(const gi_context *ctx)
{
    return ctx ? ctx->err.msg : "no context";
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
    return omp_get_max_threads();
#else
    return 1;
#endif
}

gi_run_config gi_context_run_config(gi_context *ctx)
{
    gi_run_config cfg = {.threads = gi_context_threads(ctx), .stop = &ctx->stop};
    return cfg;
}

void gi_device_record_view(const gi_context *ctx, const gi_device_record *r, gi_device_info *info)
{
    memset(info, 0, sizeof *info);
    info->spec = r->spec;
    info->backend = ctx->slots[r->slot].entry->name;
    info->name = r->dev.name;
    info->vendor = r->dev.vendor;
    info->driver_version = r->dev.driver_version;
    info->detail = r->dev.detail;
    info->reason = r->dev.reason;
    info->kind = r->dev.kind;
    info->index = r->index;
    info->available = r->dev.available;
    info->compute_units = r->dev.compute_units;
    info->global_mem_bytes = r->dev.global_mem_bytes;
    info->fp64 = r->dev.fp64;
}

size_t gi_device_count(const gi_context *ctx)
{
    return ctx ? ctx->ndevices : 0;
}

gi_status gi_device_get(const gi_context *ctx, size_t i, gi_device_info *info)
{
    if (!ctx || !info)
        return GI_STATUS_MISUSE;
    if (i >= ctx->ndevices) {
        memset(info, 0, sizeof *info);
        return GI_STATUS_INVALID_ARGUMENT;
    }
    gi_device_record_view(ctx, &ctx->devices[i], info);
    return GI_STATUS_OK;
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

gi_status gi_last_timing(const gi_context *ctx, gi_timing *out)
{
    if (!ctx || !out)
        return GI_STATUS_MISUSE;
    *out = ctx->timing;
    return GI_STATUS_OK;
}
