/*
 * Available memory for the CLI's pre-allocation check: the kernel's estimate, capped by the
 * job's cgroup (Slurm and container limits are cgroup limits).
 */
#include "cli_memory.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Larger than any real limit: cgroup v1 writes "no limit" as 2⁶³ rounded down to a page. */
#define NO_LIMIT (UINT64_C(1) << 62)

static int read_u64(const char *path, uint64_t *out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char text[64] = "";
    int ok = fgets(text, sizeof text, f) != NULL;
    fclose(f);
    if (!ok)
        return 0;
    if (strncmp(text, "max", 3) == 0) {
        *out = UINT64_MAX;
        return 1;
    }
    return sscanf(text, "%" SCNu64, out) == 1;
}

static uint64_t mem_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return 0;
    char line[256];
    uint64_t kib = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %" SCNu64 " kB", &kib) == 1)
            break;
    fclose(f);
    return kib * 1024;
}

/* The tightest limit − usage along the cgroup path, from the leaf up to the root of the
 * hierarchy mounted at `mount`; UINT64_MAX when there is no limit. */
static uint64_t cgroup_room(const char *mount, const char *path, const char *limit_file,
                            const char *usage_file, char *where, size_t where_size)
{
    uint64_t room = UINT64_MAX;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s%s", mount, strcmp(path, "/") == 0 ? "" : path);
    for (;;) {
        char file[1200];
        uint64_t limit, usage = 0;
        snprintf(file, sizeof file, "%s/%s", dir, limit_file);
        if (read_u64(file, &limit) && limit < NO_LIMIT) {
            snprintf(file, sizeof file, "%s/%s", dir, usage_file);
            read_u64(file, &usage);
            uint64_t left = usage < limit ? limit - usage : 0;
            if (left < room) {
                room = left;
                snprintf(where, where_size, "%s/%s minus usage", dir, limit_file);
            }
        }
        if (strlen(dir) <= strlen(mount))
            break;
        *strrchr(dir, '/') = '\0';
    }
    return room;
}

uint64_t gi_cli_memory_available(char *source, size_t size)
{
    uint64_t best = mem_available();
    snprintf(source, size, "MemAvailable in /proc/meminfo");
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return best;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *controllers = strchr(line, ':');
        char *path = controllers ? strchr(controllers + 1, ':') : NULL;
        if (!path)
            continue;
        *path++ = '\0';
        controllers++;
        char where[1300] = "";
        uint64_t room = UINT64_MAX;
        if (controllers[0] == '\0') {
            room = cgroup_room("/sys/fs/cgroup", path, "memory.max", "memory.current", where,
                               sizeof where);
            char hybrid_where[sizeof where] = "";
            uint64_t hybrid = cgroup_room("/sys/fs/cgroup/unified", path, "memory.max",
                                          "memory.current", hybrid_where, sizeof hybrid_where);
            if (hybrid < room) {
                room = hybrid;
                memcpy(where, hybrid_where, sizeof where);
            }
        } else if (strstr(controllers, "memory")) {
            room = cgroup_room("/sys/fs/cgroup/memory", path, "memory.limit_in_bytes",
                               "memory.usage_in_bytes", where, sizeof where);
        }
        if (room < best || (best == 0 && room != UINT64_MAX)) {
            best = room;
            snprintf(source, size, "%s", where);
        }
    }
    fclose(f);
    return best;
}
