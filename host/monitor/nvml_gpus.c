/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * NVML through dlopen. The few types and prototypes used are declared here with NVML's own
 * names and layouts (nvml.h is not needed to build), and the library is looked up by its
 * soname, so gpuinteg runs the same on machines without a driver.
 */
#include "monitor/nvml_gpus.h"

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* From nvml.h (stable ABI since NVML 2.285). */
typedef int nvmlReturn_t; /* NVML_SUCCESS = 0 */
typedef struct nvmlDevice_st *nvmlDevice_t;
typedef struct nvmlUtilization_st {
    unsigned int gpu;    /* percent of the last sample period a kernel was running */
    unsigned int memory; /* percent of it the memory was read or written */
} nvmlUtilization_t;
typedef struct nvmlMemory_st {
    unsigned long long total, free, used;
} nvmlMemory_t;

struct gi_nvml {
    void *lib;
    nvmlReturn_t (*shutdown)(void);
    const char *(*error_string)(nvmlReturn_t);
    nvmlReturn_t (*get_utilization)(nvmlDevice_t, nvmlUtilization_t *);
    nvmlReturn_t (*get_memory)(nvmlDevice_t, nvmlMemory_t *);
    nvmlReturn_t (*get_power)(nvmlDevice_t, unsigned int *);
    nvmlReturn_t (*get_energy)(nvmlDevice_t, unsigned long long *); /* Volta and later */
    nvmlDevice_t handles[GI_MONITOR_MAX_GPUS];
    gi_nvml_gpu gpus[GI_MONITOR_MAX_GPUS];
    int count;
    char driver[96];
};

typedef nvmlReturn_t (*init_fn)(void);
typedef nvmlReturn_t (*count_fn)(unsigned int *);
typedef nvmlReturn_t (*by_index_fn)(unsigned int, nvmlDevice_t *);
typedef nvmlReturn_t (*string_fn)(nvmlDevice_t, char *, unsigned int);
typedef nvmlReturn_t (*driver_fn)(char *, unsigned int);

/* Stores a dlsym result in a function pointer; ISO C has no cast between the two, POSIX
 * guarantees they have the same representation. */
#define LOAD(lib, var, name)                                                                       \
    do {                                                                                           \
        void *sym_ = dlsym(lib, name);                                                             \
        memcpy(&(var), &sym_, sizeof sym_);                                                        \
    } while (0)

static const char *err_text(const gi_nvml *n, nvmlReturn_t rc)
{
    const char *s = n->error_string ? n->error_string(rc) : NULL;
    return s ? s : "unknown NVML error";
}

/* NVML's index of the GPU a CUDA_VISIBLE_DEVICES entry names, or -1. */
static int entry_index(const char *entry, size_t len, int total, nvmlDevice_t *all,
                       const char uuids[][96])
{
    if (len == 0)
        return -1;
    if (strspn(entry, "0123456789") >= len) {
        long v = strtol(entry, NULL, 10);
        return v < total ? (int)v : -1;
    }
    /* A UUID or a unique prefix of one, as CUDA accepts ("GPU-8f3a"). MIG instances are not
     * separate NVML devices here: they count as their parent GPU. */
    int found = -1;
    for (int i = 0; i < total; i++) {
        if (!all[i])
            continue;
        const char *u = uuids[i];
        int match = strncmp(u, entry, len) == 0 ||
                    (strncmp(entry, "MIG-", 4) == 0 && strncmp(u + 4, entry + 4, len - 4) == 0);
        if (match) {
            if (found >= 0)
                return -1; /* ambiguous prefix */
            found = i;
        }
    }
    return found;
}

gi_nvml *gi_nvml_open(char *why, size_t why_size)
{
    const char *visible = getenv("CUDA_VISIBLE_DEVICES");
    if (visible &&
        (visible[0] == '\0' || strcmp(visible, "NoDevFiles") == 0 || strcmp(visible, "-1") == 0)) {
        snprintf(why, why_size, "CUDA_VISIBLE_DEVICES='%.60s' hides every GPU", visible);
        return NULL;
    }
    void *lib = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, why_size, "%s", e ? e : "libnvidia-ml.so.1 could not be loaded");
        return NULL;
    }
    gi_nvml *n = calloc(1, sizeof *n);
    if (!n) {
        dlclose(lib);
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    n->lib = lib;
    init_fn init = NULL;
    count_fn get_count = NULL;
    by_index_fn by_index = NULL;
    string_fn get_name = NULL, get_uuid = NULL;
    driver_fn get_driver = NULL;
    LOAD(lib, init, "nvmlInit_v2");
    LOAD(lib, n->shutdown, "nvmlShutdown");
    LOAD(lib, n->error_string, "nvmlErrorString");
    LOAD(lib, get_count, "nvmlDeviceGetCount_v2");
    LOAD(lib, by_index, "nvmlDeviceGetHandleByIndex_v2");
    LOAD(lib, get_name, "nvmlDeviceGetName");
    LOAD(lib, get_uuid, "nvmlDeviceGetUUID");
    LOAD(lib, get_driver, "nvmlSystemGetDriverVersion");
    LOAD(lib, n->get_utilization, "nvmlDeviceGetUtilizationRates");
    LOAD(lib, n->get_memory, "nvmlDeviceGetMemoryInfo");
    LOAD(lib, n->get_power, "nvmlDeviceGetPowerUsage");
    LOAD(lib, n->get_energy, "nvmlDeviceGetTotalEnergyConsumption");
    if (!init || !n->shutdown || !get_count || !by_index || !n->get_memory) {
        snprintf(why, why_size, "libnvidia-ml.so.1 lacks nvmlInit_v2 or another NVML 2 call");
        dlclose(lib);
        free(n);
        return NULL;
    }
    nvmlReturn_t rc = init();
    if (rc != 0) {
        snprintf(why, why_size, "nvmlInit: %s", err_text(n, rc));
        dlclose(lib);
        free(n);
        return NULL;
    }
    if (get_driver && get_driver(n->driver, sizeof n->driver) != 0)
        n->driver[0] = '\0';

    unsigned int total = 0;
    if ((rc = get_count(&total)) != 0 || total == 0) {
        snprintf(why, why_size, "%s%s", rc ? "nvmlDeviceGetCount: " : "no NVIDIA GPU found",
                 rc ? err_text(n, rc) : "");
        gi_nvml_close(n);
        return NULL;
    }
    if (total > 64)
        total = 64;
    nvmlDevice_t all[64] = {0};
    char uuids[64][96];
    for (unsigned i = 0; i < total; i++) {
        uuids[i][0] = '\0';
        if (by_index(i, &all[i]) != 0)
            all[i] = NULL;
        else if (get_uuid && get_uuid(all[i], uuids[i], sizeof uuids[i]) != 0)
            uuids[i][0] = '\0';
    }

    /* The visible GPUs, in CUDA's order when CUDA_VISIBLE_DEVICES gives one. */
    int order[64], norder = 0;
    if (visible) {
        for (const char *v = visible; *v && norder < 64;) {
            size_t len = strcspn(v, ",");
            int idx = entry_index(v, len, (int)total, all, (const char(*)[96])uuids);
            if (idx < 0 || !all[idx])
                break;
            order[norder++] = idx;
            v += len;
            if (*v == ',')
                v++;
        }
    } else {
        for (unsigned i = 0; i < total; i++)
            if (all[i])
                order[norder++] = (int)i;
    }
    for (int k = 0; k < norder && n->count < GI_MONITOR_MAX_GPUS; k++) {
        int i = order[k];
        gi_nvml_gpu *g = &n->gpus[n->count];
        g->index = i;
        g->ordinal = k;
        snprintf(g->uuid, sizeof g->uuid, "%s", uuids[i]);
        if (!get_name || get_name(all[i], g->name, sizeof g->name) != 0)
            snprintf(g->name, sizeof g->name, "NVIDIA GPU");
        nvmlMemory_t mem;
        if (n->get_memory(all[i], &mem) == 0)
            g->mem_total_bytes = mem.total;
        n->handles[n->count++] = all[i];
    }
    if (n->count == 0) {
        snprintf(why, why_size, "CUDA_VISIBLE_DEVICES='%.60s' names no GPU NVML knows (%u found)",
                 visible ? visible : "", total);
        gi_nvml_close(n);
        return NULL;
    }
    return n;
}

void gi_nvml_close(gi_nvml *n)
{
    if (!n)
        return;
    n->shutdown();
    dlclose(n->lib);
    free(n);
}

const gi_nvml_gpu *gi_nvml_gpus(const gi_nvml *n, int *count)
{
    *count = n ? n->count : 0;
    return n ? n->gpus : NULL;
}

const char *gi_nvml_driver_version(const gi_nvml *n)
{
    return n ? n->driver : "";
}

void gi_nvml_sample(gi_nvml *n, int i, gi_monitor_gpu_sample *out)
{
    out->util_percent = NAN;
    out->mem_used_bytes = NAN;
    out->power_w = NAN;
    if (!n || i < 0 || i >= n->count)
        return;
    nvmlDevice_t d = n->handles[i];
    nvmlUtilization_t u;
    if (n->get_utilization && n->get_utilization(d, &u) == 0)
        out->util_percent = u.gpu;
    nvmlMemory_t mem;
    if (n->get_memory(d, &mem) == 0)
        out->mem_used_bytes = (double)mem.used;
    unsigned int mw;
    if (n->get_power && n->get_power(d, &mw) == 0)
        out->power_w = mw / 1000.0;
}

int gi_nvml_energy(gi_nvml *n, int i, double *millijoules, char *why, size_t why_size)
{
    if (!n || i < 0 || i >= n->count) {
        snprintf(why, why_size, "no such GPU");
        return 0;
    }
    if (!n->get_energy) {
        snprintf(why, why_size, "this NVML has no nvmlDeviceGetTotalEnergyConsumption");
        return 0;
    }
    unsigned long long mj;
    nvmlReturn_t rc = n->get_energy(n->handles[i], &mj);
    if (rc != 0) {
        snprintf(why, why_size, "nvmlDeviceGetTotalEnergyConsumption: %s", err_text(n, rc));
        return 0;
    }
    *millijoules = (double)mj;
    return 1;
}
