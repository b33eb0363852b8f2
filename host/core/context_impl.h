/*
 * host/core/context_impl.h — the inside of gi_context, shared by the files of host/core.
 */
#ifndef GI_CORE_CONTEXT_IMPL_H
#define GI_CORE_CONTEXT_IMPL_H

#include <stdatomic.h>
#include <stddef.h>

#include <gpuinteg/dgemm.h>

#include "core/backend.h"
#include "core/registry.h"

/* One backend as this context loaded it. */
typedef struct gi_backend_slot {
    const gi_registry_entry *entry; /* its registry line */
    const gi_backend_ops *ops;      /* NULL when it could not be loaded */
    void *state;                    /* from ops->probe */
    void *dl_handle;                /* the plugin's dlopen handle; NULL for built-ins */
    int device_count;               /* from ops->probe; 0 when unavailable */
} gi_backend_slot;

/* One entry of the device list: a device, or a backend that has none (available = 0). */
typedef struct gi_device_record {
    gi_backend_device dev; /* what the backend said, or the reason it is unavailable */
    char spec[64];         /* "opencl:0:1" */
    size_t slot;           /* index into ctx->slots */
    int index;             /* device index within the backend; -1 for a backend-level entry */
} gi_device_record;

struct gi_context {
    gi_backend_slot slots[GI_REGISTRY_MAX];
    size_t nslots;
    gi_device_record *devices;
    size_t ndevices;
    long selected;    /* index into devices; -1 until the first selection */
    char why[768];    /* why the selected device was chosen */
    int threads;      /* 0 = the OpenMP default */
    atomic_int stop;  /* set by gi_context_interrupt */
    gi_timing timing; /* of the last successful workload */
    gi_error err;     /* the last failure's message */
    int bad_arg;      /* gi_last_error_argument: the bad argument's position; 0 for none */
};

/* Fills the gi_device_info view of a record (strings point into the record). */
void gi_device_record_view(const gi_context *ctx, const gi_device_record *r, gi_device_info *info);

/* Makes sure a device is selected ("auto" on first use). */
gi_status gi_context_ensure_selected(gi_context *ctx);

/* The run configuration for the next workload call on ctx. */
gi_run_config gi_context_run_config(gi_context *ctx);

/* Starts an API call: clears the last error. */
static inline void gi_context_begin(gi_context *ctx)
{
    ctx->err.msg[0] = '\0';
    ctx->bad_arg = 0;
}

#endif /* GI_CORE_CONTEXT_IMPL_H */
