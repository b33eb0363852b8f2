/*
 * host/core/registry.h — the table of backends and the loading of plugins.
 */
#ifndef GI_CORE_REGISTRY_H
#define GI_CORE_REGISTRY_H

#include <stddef.h>

#include "core/backend.h"

#define GI_REGISTRY_MAX 8

/* One line of the registry. The order of the table is the order of preference for "auto". */
typedef struct gi_registry_entry {
    const char *name;                       /* the --device word */
    const gi_backend_ops *(*builtin)(void); /* built-in backend; NULL for a plugin */
    int built;                              /* 0: configured out of this build */
    int address_len;       /* numbers --device takes after the name (cuda:D → 1) */
    int gpu_only_for_auto; /* "auto" takes only its GPU devices */
    const char *option;    /* the CMake option that builds it */
} gi_registry_entry;

/* The registry and its length. */
const gi_registry_entry *gi_registry(size_t *count);

/* Loads plugin `name` (gpuinteg-<name>.so) from GPUINTEG_PLUGIN_PATH or from the gpuinteg/
 * folder beside libgpuinteg. On success sets *ops and *handle; on failure writes the reason
 * (dlopen's or dlsym's own text, or the ABI mismatch) into why. *found tells whether the
 * plugin's file exists at all. */
gi_status gi_plugin_load(const char *name, const gi_backend_ops **ops, void **handle, int *found,
                         gi_error *why);

/* Closes a plugin handle; NULL does nothing. */
void gi_plugin_unload(void *handle);

#endif /* GI_CORE_REGISTRY_H */
