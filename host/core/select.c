/*
 * Choosing the device: parsing --device specifications and the rules of "auto".
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "core/context_impl.h"

#define ALLOWED "allowed: auto, serial, openmp, opencl[:P[:D]], cuda[:D]"

/* Parses "123" into *v; 0 if not a plain non-negative number below 10^6. */
static int parse_index(const char *s, size_t len, int *v)
{
    if (len == 0 || len > 6)
        return 0;
    int x = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 1;
}

static const char *usage_of(const gi_registry_entry *e)
{
    switch (e->address_len) {
    case 1:
        return "[:D] (device D)";
    case 2:
        return "[:P[:D]] (platform P, device D)";
    default:
        return " (no index)";
    }
}

static gi_status choose(gi_context *ctx, long record, const char *why)
{
    ctx->selected = record;
    snprintf(ctx->why, sizeof ctx->why, "%s", why);
    return GI_STATUS_OK;
}

static gi_status select_auto(gi_context *ctx)
{
    char skipped[512] = "";
    long cpu_choice = -1;
    for (size_t i = 0; i < ctx->ndevices; i++) {
        const gi_device_record *r = &ctx->devices[i];
        const gi_registry_entry *e = ctx->slots[r->slot].entry;
        if (e->gpu_only_for_auto) {
            if (r->dev.available && r->dev.kind == GI_DEVICE_GPU) {
                char why[600];
                snprintf(why, sizeof why, "auto: %s (%s) is the first available GPU", r->spec,
                         r->dev.name);
                return choose(ctx, (long)i, why);
            }
            size_t used = strlen(skipped);
            if (r->index < 0)
                snprintf(skipped + used, sizeof skipped - used, "%s%s: %.100s", used ? "; " : "",
                         r->spec, r->dev.reason);
            else if (r->dev.kind != GI_DEVICE_GPU)
                snprintf(skipped + used, sizeof skipped - used,
                         "%s%s is not a GPU (used only when asked for)", used ? "; " : "", r->spec);
            else
                snprintf(skipped + used, sizeof skipped - used, "%s%s: %.100s", used ? "; " : "",
                         r->spec, r->dev.reason);
        } else if (cpu_choice < 0 && r->dev.available) {
            cpu_choice = (long)i;
        }
    }
    if (cpu_choice < 0)
        return gi_error_set(&ctx->err, GI_STATUS_BACKEND_UNAVAILABLE,
                            "auto: no backend is available (%s)", skipped);
    char why[768];
    snprintf(why, sizeof why, "auto: no usable GPU (%s); %s is the fastest CPU backend", skipped,
             ctx->devices[cpu_choice].spec);
    return choose(ctx, cpu_choice, why);
}

gi_status gi_context_select(gi_context *ctx, const char *spec)
{
    if (!ctx || !spec)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    if (strcmp(spec, "auto") == 0)
        return select_auto(ctx);

    size_t name_len = strcspn(spec, ":");
    const gi_registry_entry *entry = NULL;
    size_t slot = 0;
    for (; slot < ctx->nslots; slot++) {
        const gi_registry_entry *e = ctx->slots[slot].entry;
        if (strlen(e->name) == name_len && strncmp(e->name, spec, name_len) == 0) {
            entry = e;
            break;
        }
    }
    if (!entry)
        return gi_error_set(&ctx->err, GI_STATUS_BAD_DEVICE_SPEC,
                            "device '%s' is not known; " ALLOWED, spec);

    int address[2] = {0, 0}, given = 0;
    const char *p = spec + name_len;
    while (*p == ':') {
        p++;
        size_t len = strcspn(p, ":");
        if (given == entry->address_len)
            return gi_error_set(&ctx->err, GI_STATUS_BAD_DEVICE_SPEC,
                                "device '%s': %s takes %s; " ALLOWED, spec, entry->name,
                                entry->address_len == 0 ? "no index" : "fewer indices");
        if (!parse_index(p, len, &address[given]))
            return gi_error_set(&ctx->err, GI_STATUS_BAD_DEVICE_SPEC,
                                "device '%s': '%.*s' is not an index (a number from 0); use %s%s",
                                spec, (int)len, p, entry->name, usage_of(entry));
        given++;
        p += len;
    }

    const gi_backend_slot *s = &ctx->slots[slot];
    if (s->device_count == 0) {
        for (size_t i = 0; i < ctx->ndevices; i++)
            if (ctx->devices[i].slot == slot)
                return gi_error_set(&ctx->err, GI_STATUS_BACKEND_UNAVAILABLE,
                                    "device '%s': %s is unavailable: %s", spec, entry->name,
                                    ctx->devices[i].dev.reason);
        return gi_error_set(&ctx->err, GI_STATUS_INTERNAL, "device '%s': no record", spec);
    }

    char list[256] = "";
    for (size_t i = 0; i < ctx->ndevices; i++) {
        const gi_device_record *r = &ctx->devices[i];
        if (r->slot != slot)
            continue;
        int match = 1;
        for (int k = 0; k < entry->address_len; k++)
            match &= r->dev.address[k] == address[k];
        if (match) {
            if (!r->dev.available)
                return gi_error_set(&ctx->err, GI_STATUS_NOT_SUPPORTED,
                                    "device '%s' (%s) cannot run these workloads: %s", spec,
                                    r->dev.name, r->dev.reason);
            return choose(ctx, (long)i, "requested");
        }
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", r->spec);
    }
    return gi_error_set(&ctx->err, GI_STATUS_DEVICE_NOT_FOUND,
                        "device '%s' does not exist; %s has %d device%s: %s", spec, entry->name,
                        s->device_count, s->device_count == 1 ? "" : "s", list);
}

gi_status gi_context_ensure_selected(gi_context *ctx)
{
    if (ctx->selected >= 0)
        return GI_STATUS_OK;
    return select_auto(ctx);
}

gi_status gi_context_selected(gi_context *ctx, gi_device_info *info, const char **why)
{
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    gi_status st = gi_context_ensure_selected(ctx);
    if (st != GI_STATUS_OK)
        return st;
    if (info)
        gi_device_record_view(ctx, &ctx->devices[ctx->selected], info);
    if (why)
        *why = ctx->why;
    return GI_STATUS_OK;
}
