/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A stand-in for libnvidia-ml.so.1 with two GPUs, so that the monitor's NVML path is tested on
 * machines without one. Built as lib/fake-nvml/libnvidia-ml.so.1 in the test tree and found
 * through LD_LIBRARY_PATH. Only the calls gpuinteg makes exist.
 *
 * GPU 0 "NVIDIA H100 80GB HBM3 (fake)": 80 GiB, 1.2 GiB in use, 210 W.
 * GPU 1 "NVIDIA A100-SXM4-40GB (fake)": 40 GiB, 512 MiB in use, power not supported.
 * Utilization: FAKE_NVML_UTIL="u0,u1" (default "61,3"). FAKE_NVML_FAIL_INIT=1: nvmlInit_v2
 * fails with NVML_ERROR_DRIVER_NOT_LOADED. Energy (nvmlDeviceGetTotalEnergyConsumption): GPU 0's
 * counter in mJ is the number in the file FAKE_NVML_ENERGY_FILE (a test writes it between the
 * monitor's start and stop; 5000000 when unset); GPU 1 does not support it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUCCESS           0
#define INVALID_ARGUMENT  2
#define NOT_SUPPORTED     3
#define DRIVER_NOT_LOADED 9
#define NOT_FOUND         6

typedef struct fake_gpu {
    const char *name, *uuid;
    unsigned long long total, used;
    unsigned power_mw; /* 0: not supported */
} fake_gpu;

static const fake_gpu gpus[2] = {
    {"NVIDIA H100 80GB HBM3 (fake)", "GPU-0a0a0a0a-fa4e-4000-8000-000000000000", 80ULL << 30,
     1288490189ULL, 210000},
    {"NVIDIA A100-SXM4-40GB (fake)", "GPU-1b1b1b1b-fa4e-4000-8000-111111111111", 40ULL << 30,
     512ULL << 20, 0},
};

typedef struct nvmlUtilization_st {
    unsigned int gpu, memory;
} nvmlUtilization_t;
typedef struct nvmlMemory_st {
    unsigned long long total, free, used;
} nvmlMemory_t;
typedef const fake_gpu *nvmlDevice_t;

int nvmlInit_v2(void);
int nvmlShutdown(void);
const char *nvmlErrorString(int);
int nvmlDeviceGetCount_v2(unsigned int *);
int nvmlDeviceGetHandleByIndex_v2(unsigned int, nvmlDevice_t *);
int nvmlDeviceGetName(nvmlDevice_t, char *, unsigned int);
int nvmlDeviceGetUUID(nvmlDevice_t, char *, unsigned int);
int nvmlSystemGetDriverVersion(char *, unsigned int);
int nvmlDeviceGetUtilizationRates(nvmlDevice_t, nvmlUtilization_t *);
int nvmlDeviceGetMemoryInfo(nvmlDevice_t, nvmlMemory_t *);
int nvmlDeviceGetPowerUsage(nvmlDevice_t, unsigned int *);
int nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t, unsigned long long *);

int nvmlInit_v2(void)
{
    const char *fail = getenv("FAKE_NVML_FAIL_INIT");
    return fail && fail[0] == '1' ? DRIVER_NOT_LOADED : SUCCESS;
}

int nvmlShutdown(void)
{
    return SUCCESS;
}

const char *nvmlErrorString(int rc)
{
    return rc == DRIVER_NOT_LOADED ? "Driver Not Loaded"
           : rc == NOT_SUPPORTED   ? "Not Supported"
                                   : "Unknown Error";
}

int nvmlDeviceGetCount_v2(unsigned int *n)
{
    *n = 2;
    return SUCCESS;
}

int nvmlDeviceGetHandleByIndex_v2(unsigned int i, nvmlDevice_t *d)
{
    if (i >= 2)
        return INVALID_ARGUMENT;
    *d = &gpus[i];
    return SUCCESS;
}

static int copy(char *dst, unsigned len, const char *src)
{
    if (strlen(src) + 1 > len)
        return INVALID_ARGUMENT;
    strcpy(dst, src);
    return SUCCESS;
}

int nvmlDeviceGetName(nvmlDevice_t d, char *buf, unsigned int len)
{
    return copy(buf, len, d->name);
}

int nvmlDeviceGetUUID(nvmlDevice_t d, char *buf, unsigned int len)
{
    return copy(buf, len, d->uuid);
}

int nvmlSystemGetDriverVersion(char *buf, unsigned int len)
{
    return copy(buf, len, "580.95.05-fake");
}

int nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *u)
{
    const char *spec = getenv("FAKE_NVML_UTIL");
    unsigned u0 = 61, u1 = 3;
    if (spec) {
        char *end;
        u0 = (unsigned)strtoul(spec, &end, 10);
        if (*end == ',')
            u1 = (unsigned)strtoul(end + 1, NULL, 10);
    }
    u->gpu = d == &gpus[0] ? u0 : u1;
    u->memory = u->gpu / 2;
    return SUCCESS;
}

int nvmlDeviceGetMemoryInfo(nvmlDevice_t d, nvmlMemory_t *m)
{
    m->total = d->total;
    m->used = d->used;
    m->free = d->total - d->used;
    return SUCCESS;
}

int nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned int *mw)
{
    if (!d->power_mw)
        return NOT_SUPPORTED;
    *mw = d->power_mw;
    return SUCCESS;
}

int nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t d, unsigned long long *mj)
{
    if (d != &gpus[0])
        return NOT_SUPPORTED;
    *mj = 5000000ULL;
    const char *file = getenv("FAKE_NVML_ENERGY_FILE");
    FILE *f = file ? fopen(file, "r") : NULL;
    if (f) {
        if (fscanf(f, "%llu", mj) != 1)
            *mj = 0;
        fclose(f);
    }
    return SUCCESS;
}
