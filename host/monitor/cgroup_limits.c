/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * cgroup CPU quota and memory limit, v2 first, then v1.
 */
#include "monitor/cgroup_limits.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* v1 reports "no limit" as a huge page-rounded number (2^63 - 4096 on x86-64). */
#define V1_UNLIMITED (1ULL << 60)

static int read_line(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int ok = fgets(buf, (int)size, f) != NULL;
    fclose(f);
    if (ok)
        buf[strcspn(buf, "\n")] = '\0';
    return ok;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The path of this process's cgroup in the hierarchy whose /proc/self/cgroup line has the
 * controller list `want` ("" for the v2 line "0::/path", or one v1 controller such as "cpu",
 * matched as a member of the comma-separated list). "/" when not found. */
static void own_path(const char *want, char *path, size_t size, char *controllers, size_t csize)
{
    snprintf(path, size, "/");
    if (controllers && csize)
        controllers[0] = '\0';
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return;
    char line[PATH_MAX + 128];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = '\0';
        const char *list = c1 + 1;
        int match = 0;
        if (want[0] == '\0') {
            match = list[0] == '\0';
        } else {
            char copy[256];
            snprintf(copy, sizeof copy, "%s", list);
            for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
                 tok = strtok_r(NULL, ",", &save))
                if (strcmp(tok, want) == 0)
                    match = 1;
        }
        if (match) {
            snprintf(path, size, "%s", c2 + 1);
            if (controllers && csize)
                snprintf(controllers, csize, "%s", list);
            break;
        }
    }
    fclose(f);
}

/* Joins mount + path, then climbs until the folder exists (a cgroup namespace can hide the
 * outer part of the path). */
static void leaf_dir(const char *mount, const char *path, char *dir, size_t size)
{
    snprintf(dir, size, "%s%s", mount, strcmp(path, "/") == 0 ? "" : path);
    size_t root_len = strlen(mount);
    while (strlen(dir) > root_len && !is_dir(dir)) {
        char *slash = strrchr(dir, '/');
        if (!slash || (size_t)(slash - dir) < root_len)
            break;
        *slash = '\0';
    }
    if (!is_dir(dir))
        snprintf(dir, size, "%s", mount);
}

/* Calls visit(dir) for dir and each parent up to and including mount. */
typedef void (*visit_fn)(const char *dir, gi_cgroup_limits *out);
static void climb(const char *dir_in, const char *mount, visit_fn visit, gi_cgroup_limits *out)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", dir_in);
    size_t root_len = strlen(mount);
    for (;;) {
        visit(dir, out);
        if (strlen(dir) <= root_len)
            break;
        char *slash = strrchr(dir, '/');
        if (!slash || (size_t)(slash - dir) < root_len)
            break;
        *slash = '\0';
    }
}

static void take_cpus(gi_cgroup_limits *out, double cpus, const char *file, const char *text)
{
    if (cpus > 0 && (out->cpus == 0 || cpus < out->cpus)) {
        out->cpus = cpus;
        snprintf(out->cpus_from, sizeof out->cpus_from, "%.180s: %.60s", file, text);
    }
}

static int parse_u64(const char *s, uint64_t *v);

/* usage_file: the usage beside the limit, in the same folder. */
static void take_mem(gi_cgroup_limits *out, uint64_t bytes, const char *file, const char *text,
                     const char *usage_file)
{
    if (bytes > 0 && (out->mem_bytes == 0 || bytes < out->mem_bytes)) {
        out->mem_bytes = bytes;
        snprintf(out->mem_from, sizeof out->mem_from, "%.180s: %.60s", file, text);
        char used[64];
        uint64_t usage = 0;
        out->mem_usage =
            read_line(usage_file, used, sizeof used) && parse_u64(used, &usage) ? usage : 0;
    }
}

static int parse_u64(const char *s, uint64_t *v)
{
    if (*s < '0' || *s > '9')
        return 0;
    errno = 0;
    char *end;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno == ERANGE || (*end != '\0' && *end != ' '))
        return 0;
    *v = x;
    return 1;
}

static void visit_v2(const char *dir, gi_cgroup_limits *out)
{
    char file[PATH_MAX + 16], text[128];
    snprintf(file, sizeof file, "%s/cpu.max", dir);
    if (read_line(file, text, sizeof text)) {
        /* "max 100000" (no quota) or "<quota> <period>" in microseconds. */
        uint64_t quota, period;
        const char *sp = strchr(text, ' ');
        if (sp && parse_u64(text, &quota) && parse_u64(sp + 1, &period) && period > 0)
            take_cpus(out, (double)quota / (double)period, file, text);
    }
    snprintf(file, sizeof file, "%s/memory.max", dir);
    uint64_t bytes;
    char usage[PATH_MAX + 16];
    snprintf(usage, sizeof usage, "%s/memory.current", dir);
    if (read_line(file, text, sizeof text) && parse_u64(text, &bytes))
        take_mem(out, bytes, file, text, usage);
}

static void visit_v1_cpu(const char *dir, gi_cgroup_limits *out)
{
    char qfile[PATH_MAX + 32], pfile[PATH_MAX + 32], q[64], p[64];
    snprintf(qfile, sizeof qfile, "%s/cpu.cfs_quota_us", dir);
    snprintf(pfile, sizeof pfile, "%s/cpu.cfs_period_us", dir);
    uint64_t quota, period;
    /* A quota of -1 means none; parse_u64 rejects it. */
    if (read_line(qfile, q, sizeof q) && read_line(pfile, p, sizeof p) && parse_u64(q, &quota) &&
        parse_u64(p, &period) && period > 0) {
        char text[140];
        snprintf(text, sizeof text, "%s (period %s)", q, p);
        take_cpus(out, (double)quota / (double)period, qfile, text);
    }
}

static void visit_v1_mem(const char *dir, gi_cgroup_limits *out)
{
    char file[PATH_MAX + 32], text[64];
    snprintf(file, sizeof file, "%s/memory.limit_in_bytes", dir);
    uint64_t bytes;
    char usage[PATH_MAX + 32];
    snprintf(usage, sizeof usage, "%s/memory.usage_in_bytes", dir);
    if (read_line(file, text, sizeof text) && parse_u64(text, &bytes) && bytes < V1_UNLIMITED)
        take_mem(out, bytes, file, text, usage);
}

/* The v1 mount of a controller: <root>/<list as in /proc/self/cgroup> ("cpu,cpuacct"), else
 * <root>/<controller>. */
static int v1_mount(const char *root, const char *controller, char *mount, size_t size, char *path,
                    size_t psize)
{
    char list[256];
    own_path(controller, path, psize, list, sizeof list);
    if (list[0]) {
        snprintf(mount, size, "%s/%s", root, list);
        if (is_dir(mount))
            return 1;
    }
    snprintf(mount, size, "%s/%s", root, controller);
    return is_dir(mount);
}

void gi_cgroup_limits_read(gi_cgroup_limits *out)
{
    memset(out, 0, sizeof *out);
    const char *root = getenv("GPUINTEG_CGROUP_ROOT");
    if (!root || !root[0])
        root = "/sys/fs/cgroup";

    char mount[PATH_MAX], path[PATH_MAX], dir[PATH_MAX], probe[PATH_MAX + 32];
    /* v2: the unified hierarchy at the root (v2-only systems) or at root/unified (hybrid). */
    snprintf(mount, sizeof mount, "%s", root);
    snprintf(probe, sizeof probe, "%s/cgroup.controllers", mount);
    if (!exists(probe)) {
        snprintf(mount, sizeof mount, "%s/unified", root);
        snprintf(probe, sizeof probe, "%s/cgroup.controllers", mount);
    }
    if (exists(probe)) {
        own_path("", path, sizeof path, NULL, 0);
        leaf_dir(mount, path, dir, sizeof dir);
        climb(dir, mount, visit_v2, out);
    }

    /* v1, for what v2 did not give (a hybrid system keeps its controllers in v1). */
    if (out->cpus == 0 && v1_mount(root, "cpu", mount, sizeof mount, path, sizeof path)) {
        leaf_dir(mount, path, dir, sizeof dir);
        climb(dir, mount, visit_v1_cpu, out);
    }
    if (out->mem_bytes == 0 && v1_mount(root, "memory", mount, sizeof mount, path, sizeof path)) {
        leaf_dir(mount, path, dir, sizeof dir);
        climb(dir, mount, visit_v1_mem, out);
    }
}
