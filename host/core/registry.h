/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/core/registry.h — the table of backends and the loading of plugins.
 */
#ifndef GI_CORE_REGISTRY_H
#define GI_CORE_REGISTRY_H

#include <stddef.h>

#include "core/backend.h"

/* Backends one context can hold: the registry's and the plugins found on the plugin path. */
#define GI_SLOTS_MAX 16

/* One line of the registry. The order of the table is the order of preference for "auto". */
typedef struct gi_registry_entry {
    const char *name;                       /* the --device word */
    const gi_backend_ops *(*builtin)(void); /* built-in backend; NULL for a plugin */
    int built;                              /* 0: configured out of this build */
} gi_registry_entry;

/* The registry and its length. */
const gi_registry_entry *gi_registry(size_t *count);

/* Loads plugin `name` (gpuinteg-<name>.so) from GPUINTEG_PLUGIN_PATH or from the gpuinteg/
 * folder beside libgpuinteg, and checks it (gi_plugin_check). On success sets *ops and
 * *handle; on failure writes the reason (dlopen's or dlsym's own text, or the check that
 * failed) into why. *found tells whether the plugin's file exists at all. */
gi_status gi_plugin_load(const char *name, const gi_backend_ops **ops, void **handle, int *found,
                         gi_error *why);

/* Checks a backend's ops as the loader does: non-NULL, ABI version, size, every required
 * member. Returns GI_STATUS_OK or GI_STATUS_BACKEND_UNAVAILABLE with the reason in why
 * ("<where>: " prefixed). */
gi_status gi_plugin_check(const gi_backend_ops *ops, const char *where, gi_error *why);

/* Calls found(name, arg) for each plugin file gpuinteg-<name>.so in the plugin folders, in
 * folder order (a name seen earlier is not reported again). Nothing is loaded. */
void gi_plugin_discover(void (*found)(const char *name, void *arg), void *arg);

/* Closes a plugin handle; NULL does nothing. */
void gi_plugin_unload(void *handle);

#endif /* GI_CORE_REGISTRY_H */
