/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The address space left under RLIMIT_AS: the limit less VmSize from /proc/self/status.
 */
#include "common/address_space.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

static uint64_t vm_size(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return 0;
    char line[256];
    uint64_t kib = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmSize: %" SCNu64 " kB", &kib) == 1)
            break;
    fclose(f);
    return kib * 1024;
}

uint64_t gi_address_space_room(char *from, size_t size)
{
    if (from && size)
        from[0] = '\0';
    struct rlimit as;
    if (getrlimit(RLIMIT_AS, &as) != 0 || as.rlim_cur == RLIM_INFINITY)
        return UINT64_MAX;
    uint64_t limit = (uint64_t)as.rlim_cur, mapped = vm_size();
    if (from && size)
        snprintf(from, size, "ulimit -v %" PRIu64 " KiB, %.0f MiB mapped", limit / 1024,
                 (double)mapped / 1048576.0);
    return mapped < limit ? limit - mapped : 0;
}
