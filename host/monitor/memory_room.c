/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory a run may still take: the monitor's own allocation sources (cgroup, Slurm) less
 * what is used, the kernel's MemAvailable, and the address-space limit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <gpuinteg/monitor.h>

#include "monitor/cgroup_limits.h"
#include "monitor/slurm_env.h"

#define MIB (1024.0 * 1024.0)

/* A "Name:   123 kB" line of /proc/meminfo or /proc/self/status, in bytes; 0 if absent. */
static uint64_t kib_field(const char *file, const char *name)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return 0;
    char line[256];
    uint64_t kib = 0;
    size_t len = strlen(name);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, len) == 0 && line[len] == ':' &&
            sscanf(line + len + 1, "%" SCNu64, &kib) == 1)
            break;
    fclose(f);
    return kib * 1024;
}

static void take(gi_memory_room *out, uint64_t room, const char *source)
{
    if (room < out->bytes) {
        out->bytes = room;
        snprintf(out->source, sizeof out->source, "%s", source);
    }
}

void gi_memory_room_read(gi_memory_room *out)
{
    memset(out, 0, sizeof *out);
    out->bytes = UINT64_MAX;
    out->address_space = UINT64_MAX;
    char text[sizeof out->source];

    uint64_t avail = kib_field("/proc/meminfo", "MemAvailable");
    if (avail > 0)
        take(out, avail, "MemAvailable in /proc/meminfo");

    gi_cgroup_limits cg;
    gi_cgroup_limits_read(&cg);
    if (cg.mem_bytes > 0) {
        uint64_t left = cg.mem_usage < cg.mem_bytes ? cg.mem_bytes - cg.mem_usage : 0;
        snprintf(text, sizeof text, "%.200s less %.0f MiB used", cg.mem_from,
                 (double)cg.mem_usage / MIB);
        take(out, left, text);
    }

    gi_slurm_alloc sl;
    gi_slurm_read(&sl);
    if (sl.mem_bytes > 0) {
        /* Slurm's limit is the job's; what this process holds is what is known to be used. */
        uint64_t rss = kib_field("/proc/self/status", "VmRSS");
        uint64_t left = rss < sl.mem_bytes ? sl.mem_bytes - rss : 0;
        snprintf(text, sizeof text, "%.100s less %.0f MiB resident", sl.mem_from,
                 (double)rss / MIB);
        take(out, left, text);
    }

    struct rlimit as;
    if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) {
        uint64_t size = kib_field("/proc/self/status", "VmSize");
        uint64_t limit = (uint64_t)as.rlim_cur;
        out->address_space = size < limit ? limit - size : 0;
        snprintf(out->address_space_from, sizeof out->address_space_from,
                 "ulimit -v %" PRIu64 " KiB, %.0f MiB mapped", limit / 1024, (double)size / MIB);
    }
}
