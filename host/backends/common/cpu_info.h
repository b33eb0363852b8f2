/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/cpu_info.h — what the CPU backends say about the processor.
 */
#ifndef GI_COMMON_CPU_INFO_H
#define GI_COMMON_CPU_INFO_H

#include <stddef.h>
#include <stdint.h>

/* Copies the processor's model name (/proc/cpuinfo "model name", else the machine type from
 * uname) into buf. Never fails: falls back to "unknown CPU". */
void gi_cpu_model_name(char *buf, size_t size);

/* Physical memory in bytes, 0 when unknown. */
uint64_t gi_cpu_memory_bytes(void);

/* CPUs this process may run on (its affinity mask), at least 1. */
int gi_cpu_available(void);

#endif /* GI_COMMON_CPU_INFO_H */
