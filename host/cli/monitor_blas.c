/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reading libgpuinteg_blas's records (see monitor_blas.h): one line per device, summed over
 * the command's processes, with its three most frequent shapes.
 */
#include "monitor_blas.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DEVICES 8
#define MAX_SHAPES  16

typedef struct shape_sum {
    double m, n, k, calls;
} shape_sum;

typedef struct device_sum {
    char device[64], reason[256];
    double calls, fallbacks, flops, seconds, bytes;
    shape_sum shapes[MAX_SHAPES];
    int nshapes;
} device_sum;

void gi_monitor_blas_prepare(gi_monitor_blas *b)
{
    b->dir[0] = '\0';
    if (getenv("GPUINTEG_BLAS_REPORT"))
        return;
    const char *tmp = getenv("TMPDIR");
    snprintf(b->dir, sizeof b->dir, "%s/gpuinteg-blas-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(b->dir)) {
        b->dir[0] = '\0';
        return;
    }
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/blas-%%p.json", b->dir);
    setenv("GPUINTEG_BLAS_REPORT", path, 1);
}

static double num(const cJSON *o, const char *key)
{
    double v = cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
    return v == v ? v : 0.0; /* NaN when missing */
}

static void add_shapes(device_sum *d, const cJSON *shapes)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, shapes)
    {
        shape_sum one = {num(s, "m"), num(s, "n"), num(s, "k"), num(s, "calls")};
        int i = 0;
        while (i < d->nshapes &&
               !(d->shapes[i].m == one.m && d->shapes[i].n == one.n && d->shapes[i].k == one.k))
            i++;
        if (i < d->nshapes)
            d->shapes[i].calls += one.calls;
        else if (d->nshapes < MAX_SHAPES)
            d->shapes[d->nshapes++] = one;
    }
}

static void add_record(device_sum *sums, int *n, const cJSON *rec)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItem(rec, "devices"))
    {
        const char *dev = cJSON_GetStringValue(cJSON_GetObjectItem(d, "device"));
        const char *why = cJSON_GetStringValue(cJSON_GetObjectItem(d, "reason"));
        if (!dev)
            continue;
        int i = 0;
        while (i < *n && strcmp(sums[i].device, dev) != 0)
            i++;
        if (i == *n) {
            if (*n == MAX_DEVICES)
                continue;
            memset(&sums[i], 0, sizeof sums[i]);
            snprintf(sums[i].device, sizeof sums[i].device, "%s", dev);
            snprintf(sums[i].reason, sizeof sums[i].reason, "%s", why ? why : "");
            (*n)++;
        }
        sums[i].calls += num(d, "calls");
        sums[i].fallbacks += num(d, "fallbacks");
        sums[i].flops += num(d, "flops");
        sums[i].seconds += num(d, "time_s");
        sums[i].bytes += num(d, "bytes_moved");
        add_shapes(&sums[i], cJSON_GetObjectItem(d, "shapes"));
    }
}

static int by_calls(const void *a, const void *b)
{
    double x = ((const shape_sum *)a)->calls, y = ((const shape_sum *)b)->calls;
    return (x < y) - (x > y);
}

static void describe(device_sum *d, char *out, size_t size)
{
    qsort(d->shapes, (size_t)d->nshapes, sizeof d->shapes[0], by_calls);
    size_t len = (size_t)snprintf(out, size, "%.0f call%s (", d->calls, d->calls == 1 ? "" : "s");
    for (int i = 0; i < d->nshapes && i < 3 && len < size; i++)
        len += (size_t)snprintf(out + len, size - len, "%s%.0fx%.0fx%.0f x%.0f", i ? ", " : "",
                                d->shapes[i].m, d->shapes[i].n, d->shapes[i].k, d->shapes[i].calls);
    if (len < size)
        len += (size_t)snprintf(
            out + len, size - len, "%s), %.3g flop in %.3f s = %.2f GFLOP/s, %.3g MB moved",
            d->nshapes > 3 ? ", ..." : "", d->flops, d->seconds,
            d->seconds > 0 ? d->flops / d->seconds * 1e-9 : 0.0, d->bytes * 1e-6);
    if (d->fallbacks > 0 && len < size)
        len +=
            (size_t)snprintf(out + len, size - len, ", %.0f after a device failure", d->fallbacks);
    if (len < size)
        snprintf(out + len, size - len, "; %s", d->reason);
}

void gi_monitor_blas_collect(gi_monitor_blas *b, gi_cli_monitor *cm, FILE *out)
{
    if (!b->dir[0])
        return;
    unsetenv("GPUINTEG_BLAS_REPORT");
    device_sum sums[MAX_DEVICES];
    int n = 0, processes = 0;
    DIR *dir = opendir(b->dir);
    struct dirent *e;
    while (dir && (e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        char path[PATH_MAX + 256];
        snprintf(path, sizeof path, "%s/%s", b->dir, e->d_name);
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
            FILE *f = fopen(path, "r");
            char *text = NULL;
            long size = 0;
            if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && size < (1 << 24) &&
                fseek(f, 0, SEEK_SET) == 0 && (text = calloc(1, (size_t)size + 1)) &&
                fread(text, 1, (size_t)size, f) == (size_t)size) {
                cJSON *rec = cJSON_Parse(text);
                if (rec) {
                    add_record(sums, &n, rec);
                    processes++;
                }
                cJSON_Delete(rec);
            }
            free(text);
            if (f)
                fclose(f);
        }
        unlink(path); /* records, and the .tmp of a process killed while writing */
    }
    if (dir)
        closedir(dir);
    rmdir(b->dir);
    b->dir[0] = '\0';
    if (processes == 0)
        return;
    if (out)
        fprintf(out, "BLAS calls (libgpuinteg_blas, %d process%s):\n", processes,
                processes == 1 ? "" : "es");
    for (int i = 0; i < n; i++) {
        char key[96], value[1024];
        snprintf(key, sizeof key, "BLAS %.63s", sums[i].device);
        describe(&sums[i], value, sizeof value);
        if (cm)
            gi_cli_monitor_info(cm, key, "%s", value);
        if (out)
            fprintf(out, "  %s: %s\n", sums[i].device, value);
    }
}
