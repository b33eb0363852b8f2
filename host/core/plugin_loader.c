/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Finding and opening backend plugins. A plugin that cannot be used becomes an "unavailable"
 * backend with the reason; nothing here prints or aborts.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "core/registry.h"

#define GI_PATH_MAX 4096

/* The folder of libgpuinteg.so itself: plugins live in its gpuinteg/ subfolder, both in the
 * build tree and once installed, so no path is compiled in. */
static const int gi_library_anchor;

static int library_plugin_dir(char *out, size_t size)
{
    Dl_info info;
    if (!dladdr(&gi_library_anchor, &info) || !info.dli_fname)
        return 0;
    char copy[GI_PATH_MAX];
    snprintf(copy, sizeof copy, "%s", info.dli_fname);
    snprintf(out, size, "%s/gpuinteg", dirname(copy));
    return 1;
}

static int try_open(const char *dir, const char *file, const gi_backend_ops **ops, void **handle,
                    gi_error *why, int *found)
{
    char path[GI_PATH_MAX];
    int len = snprintf(path, sizeof path, "%s/%s", dir, file);
    if (len < 0 || (size_t)len >= sizeof path || access(path, F_OK) != 0)
        return 0;
    *found = 1;
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE, "cannot load %s: %s", path,
                     e ? e : "dlopen failed");
        return 0;
    }
    dlerror();
    gi_backend_entry_fn entry;
    /* POSIX's way of turning dlsym's object pointer into a function pointer. */
    *(void **)&entry = dlsym(h, GI_BACKEND_ENTRY_SYMBOL);
    const char *e = dlerror();
    if (e || !entry) {
        gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE, "%s is not a gpuinteg plugin: %s", path,
                     e ? e : "no " GI_BACKEND_ENTRY_SYMBOL);
        dlclose(h);
        return 0;
    }
    const gi_backend_ops *o = entry();
    if (gi_plugin_check(o, path, why) != GI_STATUS_OK) {
        dlclose(h);
        return 0;
    }
    *ops = o;
    *handle = h;
    return 1;
}

gi_status gi_plugin_check(const gi_backend_ops *o, const char *where, gi_error *why)
{
    if (!o)
        return gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE,
                            "%s: " GI_BACKEND_ENTRY_SYMBOL "() returned NULL", where);
    if (o->abi_version != GI_BACKEND_ABI_VERSION)
        return gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE,
                            "%s has plugin ABI %d, this libgpuinteg needs %d (rebuild the plugin)",
                            where, o->abi_version, GI_BACKEND_ABI_VERSION);
    if (o->size < sizeof *o)
        return gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE,
                            "%s: its ops table has %zu bytes, this libgpuinteg needs %zu (a plugin "
                            "built from other headers; rebuild it)",
                            where, o->size, sizeof *o);
    /* Each required member, named, so that a plugin's author sees which one is missing. */
    const char *missing = !o->name || !o->name[0] ? "name"
                          : !o->help              ? "help"
                          : !o->address           ? "address"
                          : !o->probe             ? "probe"
                          : !o->describe          ? "describe"
                          : !o->integrate_tiles   ? "integrate_tiles"
                                                  : NULL;
    if (missing)
        return gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE,
                            "%s: required member '%s' of its ops table is NULL", where, missing);
    if (o->address_len < 0 || o->address_len > GI_ADDRESS_MAX)
        return gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE,
                            "%s: address_len %d is outside 0 to %d", where, o->address_len,
                            GI_ADDRESS_MAX);
    return GI_STATUS_OK;
}

/* The plugin folders: GPUINTEG_PLUGIN_PATH, else the gpuinteg/ folder beside the library. */
static int plugin_dirs(char *dirs, size_t size)
{
    const char *env = getenv("GPUINTEG_PLUGIN_PATH");
    if (env && *env) {
        snprintf(dirs, size, "%s", env);
        return 1;
    }
    return library_plugin_dir(dirs, size);
}

void gi_plugin_discover(void (*found)(const char *name, void *arg), void *arg)
{
    char dirs[GI_PATH_MAX];
    if (!plugin_dirs(dirs, sizeof dirs))
        return;
    char *save = NULL;
    for (char *dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        DIR *d = opendir(dir);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            size_t len = strlen(e->d_name);
            const char *pre = "gpuinteg-", *suf = ".so";
            if (len <= strlen(pre) + strlen(suf) || strncmp(e->d_name, pre, strlen(pre)) != 0 ||
                strcmp(e->d_name + len - strlen(suf), suf) != 0)
                continue;
            char name[64];
            size_t n = len - strlen(pre) - strlen(suf);
            if (n >= sizeof name)
                continue;
            memcpy(name, e->d_name + strlen(pre), n);
            name[n] = '\0';
            found(name, arg);
        }
        closedir(d);
    }
}

gi_status gi_plugin_load(const char *name, const gi_backend_ops **ops, void **handle, int *found,
                         gi_error *why)
{
    char file[128], dirs[GI_PATH_MAX];
    snprintf(file, sizeof file, "gpuinteg-%s.so", name);
    *ops = NULL;
    *handle = NULL;

    if (!plugin_dirs(dirs, sizeof dirs))
        return gi_error_set(
            why, GI_STATUS_BACKEND_UNAVAILABLE,
            "cannot locate libgpuinteg to find its plugins; set GPUINTEG_PLUGIN_PATH");

    *found = 0;
    char *save = NULL, *scan = strdup(dirs);
    if (!scan)
        return gi_error_set(why, GI_STATUS_OUT_OF_MEMORY, "out of memory");
    for (char *dir = strtok_r(scan, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        if (try_open(dir, file, ops, handle, why, found)) {
            free(scan);
            return GI_STATUS_OK;
        }
        if (*found)
            break; /* a plugin that exists but fails to load: keep its reason */
    }
    free(scan);
    if (!*found)
        gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE, "plugin %s not found in %s", file, dirs);
    return GI_STATUS_BACKEND_UNAVAILABLE;
}

void gi_plugin_unload(void *handle)
{
    if (handle)
        dlclose(handle);
}
