/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/nvml_gpus.h — the NVIDIA GPUs this process may use, read through NVML, which
 * is opened with dlopen (libnvidia-ml.so.1 comes with the driver; gpuinteg never links it).
 */
#ifndef GI_MONITOR_NVML_GPUS_H
#define GI_MONITOR_NVML_GPUS_H

#include <stddef.h>
#include <stdint.h>

#include <gpuinteg/monitor.h>

typedef struct gi_nvml gi_nvml;

typedef struct gi_nvml_gpu {
    int index;   /* NVML's index (nvidia-smi's numbering) */
    int ordinal; /* position among the visible GPUs (cuda:<ordinal>) */
    char name[96];
    char uuid[96];
    uint64_t mem_total_bytes;
} gi_nvml_gpu;

/*
 * Loads NVML, initialises it and finds the GPUs the process may use: all of them, or those
 * CUDA_VISIBLE_DEVICES names (indices, or GPU-/MIG- UUIDs or unique prefixes of them; the
 * list ends at the first entry that names no GPU, as in CUDA), at most GI_MONITOR_MAX_GPUS.
 * Returns the handle, to be closed with gi_nvml_close, or NULL with the reason in why
 * ("libnvidia-ml.so.1: cannot open shared object file: No such file or directory",
 * "nvmlInit: Driver Not Loaded", "no NVIDIA GPU found", "CUDA_VISIBLE_DEVICES='' hides every
 * GPU"). Not thread-safe with itself; the handle may then be used from another thread.
 */
gi_nvml *gi_nvml_open(char *why, size_t why_size);

/* Shuts NVML down and unloads it. Does nothing for NULL. */
void gi_nvml_close(gi_nvml *n);

/* The GPUs found, and how many. The array is owned by n. */
const gi_nvml_gpu *gi_nvml_gpus(const gi_nvml *n, int *count);

/* Reads GPU i's utilization (percent), memory in use (bytes) and power (watts); a value the
 * GPU does not report is NaN. */
void gi_nvml_sample(gi_nvml *n, int i, gi_monitor_gpu_sample *out);

/* The driver's version ("580.95.05"), or "" when unknown. Owned by n. */
/* GPU i's energy counter (NVML's total energy since the driver loaded, in mJ: whole numbers,
 * exact in a double up to 2^53). Returns 1, or 0
 * with the reason in why (e.g. "nvmlDeviceGetTotalEnergyConsumption: Not Supported" on boards
 * before Volta). */
int gi_nvml_energy(gi_nvml *n, int i, double *millijoules, char *why, size_t why_size);

const char *gi_nvml_driver_version(const gi_nvml *n);

#endif /* GI_MONITOR_NVML_GPUS_H */
