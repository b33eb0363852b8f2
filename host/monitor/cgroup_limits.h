/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/cgroup_limits.h — the CPU quota and memory limit of this process's cgroup.
 */
#ifndef GI_MONITOR_CGROUP_LIMITS_H
#define GI_MONITOR_CGROUP_LIMITS_H

#include <stdint.h>

typedef struct gi_cgroup_limits {
    double cpus; /* quota / period in cores; 0 when there is no quota */
    char
        cpus_from[256]; /* the file and its content, e.g. "/sys/fs/cgroup/cpu.max: 150000 100000" */
    uint64_t mem_bytes; /* memory limit; 0 when none */
    uint64_t mem_usage; /* what the cgroup of that limit uses now (memory.current or
                           memory.usage_in_bytes beside it); 0 when unreadable */
    char mem_from[256];
} gi_cgroup_limits;

/*
 * Reads the limits that apply to this process: cgroup v2 (cpu.max, memory.max) when the
 * unified hierarchy is mounted with those controllers, else cgroup v1 (cpu.cfs_quota_us /
 * cpu.cfs_period_us, memory.limit_in_bytes). The process's own cgroup (from /proc/self/cgroup)
 * and each of its ancestors are read and the tightest limit wins, as the kernel applies it.
 * Where that folder is not visible (a container's cgroup namespace), the mount's root stands
 * for it. The mount point is $GPUINTEG_CGROUP_ROOT, else /sys/fs/cgroup. Never fails: what
 * cannot be read counts as no limit.
 */
void gi_cgroup_limits_read(gi_cgroup_limits *out);

#endif /* GI_MONITOR_CGROUP_LIMITS_H */
