/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/core/context_impl.h — the inside of gi_context, shared by the files of host/core.
 *
 * Backends are opened lazily: a slot is loaded (plugin dlopen'ed, its ops checked) and probed
 * (its devices described) only when something needs it — the backend the user names, the
 * candidates of "auto" in order until one is usable, or every slot for the device list. A
 * slot's records are allocated once, when it is probed, and never move: pointers handed out
 * (gi_device_info strings, the selection) stay valid until gi_context_destroy.
 */
#ifndef GI_CORE_CONTEXT_IMPL_H
#define GI_CORE_CONTEXT_IMPL_H

#include <stdatomic.h>
#include <stddef.h>

#include <gpuinteg/dgemm.h>

#include "core/backend.h"
#include "core/registry.h"

/* One entry of the device list: a device, or a backend that has none (available = 0). */
typedef struct gi_device_record {
    gi_backend_device dev; /* what the backend said, or the reason it is unavailable */
    char spec[64];         /* "opencl:0:1" */
    size_t slot;           /* index into ctx->slots */
    int index;             /* device index within the backend; -1 for a backend-level entry */
    unsigned prepared;     /* the gi_workload bits ops->prepare got this device ready for */
    double setup_s;        /* how long that took */
} gi_device_record;

/* One backend as this context knows it. */
typedef struct gi_backend_slot {
    char name[64];                  /* the --device word */
    const gi_registry_entry *entry; /* its registry line; NULL for a plugin found on the path */
    int loaded;                     /* loading was tried (ops or load_error is set) */
    int probed;                     /* probing was tried: records are filled */
    const gi_backend_ops *ops;      /* NULL when it could not be loaded */
    void *state;                    /* from ops->probe */
    void *dl_handle;                /* the plugin's dlopen handle; NULL for built-ins */
    gi_error load_error;            /* why it could not be loaded */
    int device_count;               /* from ops->probe; 0 when unavailable */
    gi_device_record *records;      /* device_count records, or one "unavailable" record */
    size_t nrecords;
    gi_backend_version version; /* ops->version's, made when probed; key "" when none */
} gi_backend_slot;

struct gi_context {
    gi_backend_slot slots[GI_SLOTS_MAX];
    size_t nslots;
    gi_device_record *selected; /* NULL until the first selection */
    char why[768];              /* why the selected device was chosen */
    int threads;                /* 0 = the OpenMP default */
    gi_sine_kind sine;          /* of the integrate workload; 0 = GI_SINE_GI */
    atomic_int stop;            /* set by gi_context_interrupt */
    gi_timing timing;           /* of the last successful workload */
    gi_error err;               /* the last failure's message */
    int bad_arg;                /* gi_last_error_argument: the bad argument's position; 0: none */
};

/* Loads slot i's backend if not tried yet (no probe). Returns 1 when its ops are there. */
int gi_slot_load(gi_context *ctx, size_t i);

/* Loads and probes slot i if not done yet, filling its records. Returns GI_STATUS_OK, or
 * GI_STATUS_OUT_OF_MEMORY (the slot then has no records). */
gi_status gi_slot_open(gi_context *ctx, size_t i);

/* Opens every slot (the device list needs them all). */
gi_status gi_context_open_all(gi_context *ctx);

/* The slot named `name` (len bytes), or -1. */
long gi_slot_find(const gi_context *ctx, const char *name, size_t len);

/* Fills the gi_device_info view of a record (strings point into the record). */
void gi_device_record_view(const gi_context *ctx, const gi_device_record *r, gi_device_info *info,
                           size_t size);

/* Makes sure a device is selected ("auto" on first use). */
gi_status gi_context_ensure_selected(gi_context *ctx);

/* Prepares the selected device for the workloads (gi_workload bits) it is not ready for yet
 * (ops->prepare, timed; its time added to the device's setup_s). */
gi_status gi_context_ensure_prepared(gi_context *ctx, unsigned workloads);

/* The run configuration for the next workload call on ctx. */
gi_run_config gi_context_run_config(gi_context *ctx);

/* "auto, serial, openmp, opencl[:P[:D]], cuda[:D]": every backend's word and address syntax,
 * least preferred first, after "auto" (opens every slot). */
void gi_context_allowed_devices(gi_context *ctx, char *buf, size_t size);

/* Starts an API call: clears the last error. */
static inline void gi_context_begin(gi_context *ctx)
{
    ctx->err.msg[0] = '\0';
    ctx->bad_arg = 0;
}

/* Starts an API call that takes `n` pointer arguments, given after n as (name, pointer) pairs:
 * GI_STATUS_MISUSE when ctx is NULL (no message: there is nowhere to put it) or when one of
 * the pointers is NULL ("<call>: <name> is NULL", the first NULL one); else clears the last
 * error and returns GI_STATUS_OK. */
gi_status gi_context_enter(gi_context *ctx, const char *call, int n, ...);

#endif /* GI_CORE_CONTEXT_IMPL_H */
