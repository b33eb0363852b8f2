/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * RAPL package energy through /sys/class/powercap: microjoule counters that wrap at
 * max_energy_range_uj. A sample every period keeps the reads well inside one wrap (minutes at
 * full power).
 */
#include "monitor/energy.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_u64(const char *path, uint64_t *v, int *err)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        *err = errno;
        return 0;
    }
    unsigned long long x;
    int ok = fscanf(f, "%llu", &x) == 1;
    if (!ok)
        *err = ferror(f) ? errno : EINVAL;
    fclose(f);
    if (ok)
        *v = x;
    return ok;
}

/* Top-level zones only: "intel-rapl:0", not the core/uncore/dram sub-zones "intel-rapl:0:1"
 * (their energy is part of the package's). */
static int is_package_zone(const char *name)
{
    if (strncmp(name, "intel-rapl:", 11) != 0)
        return 0;
    const char *n = name + 11;
    return *n && strspn(n, "0123456789") == strlen(n);
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const gi_energy_zone *)a)->path, ((const gi_energy_zone *)b)->path);
}

int gi_energy_init(gi_energy_probe *p)
{
    memset(p, 0, sizeof *p);
    const char *root = getenv("GPUINTEG_POWERCAP_ROOT");
    snprintf(p->root, sizeof p->root, "%s", root && root[0] ? root : "/sys/class/powercap");
    DIR *d = opendir(p->root);
    if (!d) {
        snprintf(p->why, sizeof p->why, "%s: %s (no powercap on this kernel)", p->root,
                 strerror(errno));
        return 0;
    }
    int seen = 0, first_err = 0;
    char first_path[512] = "";
    struct dirent *e;
    while ((e = readdir(d)) && p->nzones < GI_ENERGY_MAX_ZONES) {
        if (!is_package_zone(e->d_name))
            continue;
        seen++;
        gi_energy_zone *z = &p->zones[p->nzones];
        memset(z, 0, sizeof *z);
        snprintf(z->path, sizeof z->path, "%.400s/%.60s/energy_uj", p->root, e->d_name);
        int err = 0;
        if (!read_u64(z->path, &z->last, &err)) {
            if (!first_err) {
                first_err = err;
                snprintf(first_path, sizeof first_path, "%s", z->path);
            }
            continue;
        }
        char file[512];
        snprintf(file, sizeof file, "%.400s/%.60s/max_energy_range_uj", p->root, e->d_name);
        read_u64(file, &z->range, &err);
        snprintf(file, sizeof file, "%.400s/%.60s/name", p->root, e->d_name);
        FILE *f = fopen(file, "re");
        if (f) {
            if (fgets(z->name, sizeof z->name, f))
                z->name[strcspn(z->name, "\n")] = '\0';
            fclose(f);
        }
        if (!z->name[0])
            snprintf(z->name, sizeof z->name, "%.60s", e->d_name);
        p->nzones++;
    }
    closedir(d);
    if (p->nzones > 1)
        qsort(p->zones, (size_t)p->nzones, sizeof *p->zones, by_path);
    if (p->nzones == 0) {
        if (seen)
            snprintf(p->why, sizeof p->why, "%s: %s%s", first_path, strerror(first_err),
                     first_err == EACCES || first_err == EPERM
                         ? " (the RAPL counters are readable by root only on this system)"
                         : "");
        else
            snprintf(p->why, sizeof p->why, "no RAPL package zones (intel-rapl:N) in %s", p->root);
    }
    return p->nzones;
}

void gi_energy_read(gi_energy_probe *p)
{
    for (int i = 0; i < p->nzones; i++) {
        gi_energy_zone *z = &p->zones[i];
        uint64_t now;
        int err;
        if (!read_u64(z->path, &now, &err))
            continue;
        uint64_t delta = now >= z->last       ? now - z->last
                         : z->range > z->last ? z->range - z->last + now
                                              : 0; /* a wrap without a known range: skip */
        z->joules += 1e-6 * (double)delta;
        z->last = now;
    }
}

double gi_energy_joules(const gi_energy_probe *p)
{
    double j = 0;
    for (int i = 0; i < p->nzones; i++)
        j += p->zones[i].joules;
    return j;
}
