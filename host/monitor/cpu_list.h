/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/cpu_list.h — CPU sets as Linux writes them ("0-3,8,10-11", as in
 * /proc/self/status Cpus_allowed_list and cpuset files): written from an affinity mask, read
 * back into a bit set, and combined, so that the job's report can tell whether the ranks of a
 * node share CPUs and how many CPUs they have together.
 */
#ifndef GI_MONITOR_CPU_LIST_H
#define GI_MONITOR_CPU_LIST_H

#include <stddef.h>
#include <stdint.h>

/* The largest CPU number read from a list; larger ones make the list unreadable. */
#define GI_CPU_LIST_MAX_CPU 65535

/* Writes the affinity mask of process pid (0: this process) as a CPU list into buf. Returns 1,
 * or 0 (buf "") when the mask cannot be read or the list does not fit. */
int gi_cpu_list_of_process(int pid, char *buf, size_t size);

/* A set of CPU numbers, one bit each. Owned by the caller; free with gi_cpu_bits_free. */
typedef struct gi_cpu_bits {
    uint64_t *words;
    size_t nwords;
} gi_cpu_bits;

/* Reads a CPU list into *out. Returns 1, or 0 (out empty) for NULL, "", a malformed list, a
 * CPU past GI_CPU_LIST_MAX_CPU, or no memory. */
int gi_cpu_bits_parse(const char *list, gi_cpu_bits *out /* OUT */);

/* CPUs in the set. */
int gi_cpu_bits_count(const gi_cpu_bits *b);

/* 1 if a and b have a CPU in common. */
int gi_cpu_bits_overlap(const gi_cpu_bits *a, const gi_cpu_bits *b);

/* into |= from. Returns 1, or 0 when out of memory (into unchanged). */
int gi_cpu_bits_merge(gi_cpu_bits *into, const gi_cpu_bits *from);

void gi_cpu_bits_free(gi_cpu_bits *b);

#endif /* GI_MONITOR_CPU_LIST_H */
