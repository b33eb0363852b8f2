/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Choosing the device: parsing --device specifications and the rules of "auto". Only the
 * backends needed are opened: the one named, or the candidates of "auto" until one is usable.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/clock.h"
#include "util/error.h"
#include "core/context_impl.h"

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

void gi_context_allowed_devices(gi_context *ctx, char *buf, size_t size)
{
    snprintf(buf, size, "auto");
    /* Least preferred first: the simple ones read first, as the help lists them. */
    for (size_t k = ctx->nslots; k-- > 0;) {
        size_t used = strlen(buf);
        const char *address = gi_slot_load(ctx, k) ? ctx->slots[k].ops->address : "";
        snprintf(buf + used, size - used, ", %s%s", ctx->slots[k].name, address);
    }
}

static gi_status choose(gi_context *ctx, gi_device_record *record, const char *why)
{
    ctx->selected = record;
    snprintf(ctx->why, sizeof ctx->why, "%s", why);
    return GI_STATUS_OK;
}

/* Appends "; " (unless first) and `text` to list, cutting the text at a word boundary with
 * "…" when it does not fit in `room` bytes, so that no word is left half. */
static void append_reason(char *list, size_t size, const char *fmt_head, const char *text,
                          size_t room)
{
    size_t used = strlen(list);
    int n = snprintf(list + used, size - used, "%s%s", used ? "; " : "", fmt_head);
    if (n < 0 || (size_t)n >= size - used)
        return;
    used += (size_t)n;
    size_t len = strlen(text);
    if (len <= room) {
        snprintf(list + used, size - used, "%s", text);
        return;
    }
    size_t cut = room;
    while (cut > 0 && text[cut] != ' ')
        cut--;
    while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == ':' || text[cut - 1] == ',' ||
                       text[cut - 1] == ';' || text[cut - 1] == '('))
        cut--;
    if (cut == 0)
        cut = room;
    snprintf(list + used, size - used, "%.*s…", (int)cut, text);
}

/* Opens the backends in preference order and takes the first usable device: a GPU of a
 * GPU-only backend, else the first available device of another. */
static gi_status select_auto(gi_context *ctx)
{
    char skipped[512] = "";
    for (size_t s = 0; s < ctx->nslots; s++) {
        gi_backend_slot *slot = &ctx->slots[s];
        if (!slot->entry)
            break; /* plugins found on the path only run when named */
        if (gi_slot_open(ctx, s) != GI_STATUS_OK)
            return gi_error_set(&ctx->err, GI_STATUS_OUT_OF_MEMORY, "auto: out of memory");
        int gpu_only = slot->ops && (slot->ops->flags & GI_BACKEND_AUTO_GPU_ONLY);
        for (size_t i = 0; i < slot->nrecords; i++) {
            gi_device_record *r = &slot->records[i];
            char head[160];
            if (r->dev.available && (!gpu_only || r->dev.kind == GI_DEVICE_GPU)) {
                char why[768];
                if (gpu_only)
                    snprintf(why, sizeof why, "auto: %s (%s) is the first available GPU", r->spec,
                             r->dev.name);
                else
                    snprintf(why, sizeof why,
                             "auto: no usable GPU (%s); %s is the fastest CPU backend", skipped,
                             r->spec);
                return choose(ctx, r, why);
            }
            if (r->index >= 0 && r->dev.available && r->dev.kind != GI_DEVICE_GPU) {
                snprintf(head, sizeof head, "%s is not a GPU (used only when asked for)", r->spec);
                append_reason(skipped, sizeof skipped, head, "", 0);
            } else {
                snprintf(head, sizeof head, "%s: ", r->spec);
                append_reason(skipped, sizeof skipped, head, r->dev.reason, 100);
            }
        }
    }
    return gi_error_set(&ctx->err, GI_STATUS_BACKEND_UNAVAILABLE,
                        "auto: no backend is available (%s)", skipped);
}

gi_status gi_context_select(gi_context *ctx, const char *spec)
{
    if (!ctx || !spec)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    if (strcmp(spec, "auto") == 0)
        return select_auto(ctx);

    size_t name_len = strcspn(spec, ":");
    long found = gi_slot_find(ctx, spec, name_len);
    if (found < 0) {
        char allowed[512];
        gi_context_allowed_devices(ctx, allowed, sizeof allowed);
        return gi_error_set(&ctx->err, GI_STATUS_BAD_DEVICE_SPEC,
                            "device '%s' is not known; allowed: %s", spec, allowed);
    }
    size_t slot = (size_t)found;
    gi_backend_slot *s = &ctx->slots[slot];
    if (gi_slot_open(ctx, slot) != GI_STATUS_OK)
        return gi_error_set(&ctx->err, GI_STATUS_OUT_OF_MEMORY, "device '%s': out of memory", spec);
    /* A backend that could not be loaded has no syntax: its numbers are checked as numbers. */
    int address_len = s->ops ? s->ops->address_len : GI_ADDRESS_MAX;
    const char *syntax = s->ops ? s->ops->address : "[:N...]";

    int address[GI_ADDRESS_MAX] = {0}, given = 0;
    const char *p = spec + name_len;
    while (*p == ':') {
        p++;
        size_t len = strcspn(p, ":");
        if (given == address_len)
            return gi_error_set(&ctx->err, GI_STATUS_BAD_DEVICE_SPEC,
                                "device '%s': %s takes %s; use %s%s", spec, s->name,
                                address_len == 0 ? "no index" : "fewer indices", s->name, syntax);
        if (!parse_index(p, len, &address[given]))
            return gi_error_set(&ctx->err, GI_STATUS_BAD_DEVICE_SPEC,
                                "device '%s': '%.*s' is not an index (a number from 0); use %s%s",
                                spec, (int)len, p, s->name, syntax);
        given++;
        p += len;
    }

    if (s->device_count == 0)
        return gi_error_set(&ctx->err, GI_STATUS_BACKEND_UNAVAILABLE,
                            "device '%s': %s is unavailable: %s", spec, s->name,
                            s->records ? s->records[0].dev.reason : "no record");

    char list[256] = "";
    for (size_t i = 0; i < s->nrecords; i++) {
        gi_device_record *r = &s->records[i];
        int match = 1;
        for (int k = 0; k < address_len; k++)
            match &= r->dev.address[k] == address[k];
        if (match) {
            if (!r->dev.available)
                return gi_error_set(&ctx->err, GI_STATUS_NOT_SUPPORTED,
                                    "device '%s' (%s) cannot run these workloads: %s", spec,
                                    r->dev.name, r->dev.reason);
            return choose(ctx, r, "requested");
        }
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", r->spec);
    }
    return gi_error_set(&ctx->err, GI_STATUS_DEVICE_NOT_FOUND,
                        "device '%s' does not exist; %s has %d device%s: %s", spec, s->name,
                        s->device_count, s->device_count == 1 ? "" : "s", list);
}

gi_status gi_context_select_index(gi_context *ctx, size_t i)
{
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    size_t count = gi_device_count(ctx);
    if (i >= count)
        return gi_error_set(&ctx->err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_context_select_index: entry %zu does not exist; the list has %zu",
                            i, count);
    gi_device_info d;
    gi_device_get(ctx, i, &d);
    if (d.index < 0)
        return gi_error_set(&ctx->err, GI_STATUS_BACKEND_UNAVAILABLE,
                            "device '%s': %s is unavailable: %s", d.spec, d.backend, d.reason);
    char spec[64];
    snprintf(spec, sizeof spec, "%s", d.spec);
    return gi_context_select(ctx, spec);
}

gi_status gi_context_ensure_selected(gi_context *ctx)
{
    if (ctx->selected)
        return GI_STATUS_OK;
    return select_auto(ctx);
}

gi_status gi_context_selected_sized(gi_context *ctx, gi_device_info *info, size_t info_size,
                                    const char **why)
{
    if (!ctx || (info && info_size < GI_DEVICE_INFO_SIZE_0_1))
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    gi_status st = gi_context_ensure_selected(ctx);
    if (st != GI_STATUS_OK)
        return st;
    if (info)
        gi_device_record_view(ctx, ctx->selected, info, info_size);
    if (why)
        *why = ctx->why;
    return GI_STATUS_OK;
}

gi_status(gi_context_selected)(gi_context *ctx, gi_device_info *info, const char **why)
{
    return gi_context_selected_sized(ctx, info, GI_DEVICE_INFO_SIZE_0_1, why);
}

gi_status gi_context_ensure_prepared(gi_context *ctx, unsigned workloads)
{
    gi_status st = gi_context_ensure_selected(ctx);
    if (st != GI_STATUS_OK)
        return st;
    gi_device_record *r = ctx->selected;
    const unsigned need = workloads & ~r->prepared;
    if (!need)
        return GI_STATUS_OK;
    const gi_backend_slot *s = &ctx->slots[r->slot];
    double start = gi_now();
    if (s->ops->prepare) {
        gi_run_config cfg = gi_context_run_config(ctx);
        st = s->ops->prepare(s->state, r->index, &cfg, need, &ctx->err);
        if (st != GI_STATUS_OK) {
            if (!ctx->err.msg[0])
                gi_error_set(&ctx->err, st, "%s: prepare: %s", r->spec, gi_status_string(st));
            return st;
        }
    }
    r->setup_s += gi_now() - start;
    r->prepared |= need;
    return GI_STATUS_OK;
}

enum { ALL_WORKLOADS = GI_WORKLOAD_INTEGRATE | GI_WORKLOAD_DGEMM };

static gi_status prepare(gi_context *ctx, unsigned workloads, double *setup_s)
{
    gi_status st = gi_context_ensure_prepared(ctx, workloads);
    if (st == GI_STATUS_OK && setup_s)
        *setup_s = ctx->selected->setup_s;
    return st;
}

gi_status gi_context_prepare(gi_context *ctx, double *setup_s)
{
    if (setup_s)
        *setup_s = 0.0;
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    /* Done once: a device a workload has prepared already is not set up again. */
    gi_status st = gi_context_ensure_selected(ctx);
    if (st != GI_STATUS_OK)
        return st;
    return prepare(ctx, ctx->selected->prepared ? 0 : ALL_WORKLOADS, setup_s);
}

gi_status gi_context_prepare_for(gi_context *ctx, unsigned workloads, double *setup_s)
{
    if (setup_s)
        *setup_s = 0.0;
    if (!ctx)
        return GI_STATUS_MISUSE;
    gi_context_begin(ctx);
    if (workloads == 0 || (workloads & ~(unsigned)ALL_WORKLOADS))
        return gi_error_set(&ctx->err, GI_STATUS_INVALID_ARGUMENT,
                            "gi_context_prepare_for: workloads %#x: allowed are "
                            "GI_WORKLOAD_INTEGRATE (0x1), GI_WORKLOAD_DGEMM (0x2) or both",
                            workloads);
    return prepare(ctx, workloads, setup_s);
}

int gi_context_device_threads(gi_context *ctx)
{
    if (!ctx || gi_context_ensure_selected(ctx) != GI_STATUS_OK)
        return 1;
    const gi_backend_slot *s = &ctx->slots[ctx->selected->slot];
    return s->ops && (s->ops->flags & GI_BACKEND_CPU_THREADS) ? gi_context_threads(ctx) : 1;
}
