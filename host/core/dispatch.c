/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "core/dispatch.h"

#include "util/error.h"

gi_status gi_dispatch_target(gi_context *ctx, unsigned workload, gi_target *target)
{
    /* Set-up happens here, before the caller starts its clock. */
    gi_status st = gi_context_ensure_prepared(ctx, workload);
    if (st != GI_STATUS_OK)
        return st;
    target->rec = ctx->selected;
    target->slot = &ctx->slots[target->rec->slot];
    target->cfg = gi_context_run_config(ctx);
    return GI_STATUS_OK;
}

void gi_dispatch_record_timing(gi_context *ctx, const gi_target *target, double wall_s,
                               const gi_workload_timing *t)
{
    const gi_backend_slot *slot = target->slot;
    const gi_device_record *record = target->rec;
    ctx->timing.time_s = wall_s;
    ctx->timing.kernel_time_s = t->kernel_time_s;
    ctx->timing.transfer_time_s = t->transfer_time_s;
    ctx->timing.threads = t->threads_used > 0 ? t->threads_used : 1;
    ctx->timing.backend = slot->name;
    ctx->timing.device = record->dev.name;
    ctx->timing.setup_s = record->setup_s;
    ctx->timing.compile_s = t->prepare_time_s;
}

gi_status gi_dispatch_failed(gi_context *ctx, gi_status st, const char *call)
{
    if (!ctx->err.msg[0])
        gi_error_set(&ctx->err, st, "%s: %s", call, gi_status_string(st));
    return st;
}
