/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The record of blas_record.h: a few devices, each with its most frequent shapes, under one
 * mutex (the CPU path adds ~50 ns to a call; see bench/blas_overhead).
 */
#include "blas_record.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PLACES 8
#define MAX_SHAPES 32

typedef struct shape_stat {
    int64_t m, n, k;
    uint64_t calls;
    double seconds;
} shape_stat;

typedef struct place_stat {
    char device[64], backend[32], name[256], reason[1024];
    uint64_t calls, fallbacks, other_calls; /* other: shapes beyond MAX_SHAPES */
    double flops, seconds, bytes;
    shape_stat shapes[MAX_SHAPES];
    int nshapes;
} place_stat;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static place_stat places[MAX_PLACES];
static int nplaces;
static uint64_t failures, dropped; /* dropped: calls at a place beyond MAX_PLACES */
static char last_failure[512];
static char request[128] = "auto", selected[64], why[768];

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

static place_stat *find_place(const gi_blas_place *where)
{
    for (int i = 0; i < nplaces; i++)
        if (strcmp(places[i].device, where->device) == 0 &&
            strncmp(places[i].reason, where->reason, sizeof places[i].reason - 1) == 0)
            return &places[i];
    if (nplaces == MAX_PLACES)
        return NULL;
    place_stat *p = &places[nplaces++];
    memset(p, 0, sizeof *p);
    copy(p->device, sizeof p->device, where->device);
    copy(p->backend, sizeof p->backend, where->backend);
    copy(p->name, sizeof p->name, where->name);
    copy(p->reason, sizeof p->reason, where->reason);
    return p;
}

void gi_blas_record_call(const gi_blas_place *where, int64_t m, int64_t n, int64_t k,
                         double seconds, double bytes, int fallback)
{
    pthread_mutex_lock(&lock);
    place_stat *p = find_place(where);
    if (!p) {
        dropped++;
        pthread_mutex_unlock(&lock);
        return;
    }
    p->calls++;
    p->fallbacks += fallback != 0;
    p->flops += 2.0 * (double)m * (double)n * (double)k;
    p->seconds += seconds;
    p->bytes += bytes;
    int i = 0;
    while (i < p->nshapes && !(p->shapes[i].m == m && p->shapes[i].n == n && p->shapes[i].k == k))
        i++;
    if (i == p->nshapes) {
        if (p->nshapes == MAX_SHAPES) {
            p->other_calls++;
            pthread_mutex_unlock(&lock);
            return;
        }
        p->shapes[p->nshapes++] = (shape_stat){.m = m, .n = n, .k = k};
    }
    p->shapes[i].calls++;
    p->shapes[i].seconds += seconds;
    pthread_mutex_unlock(&lock);
}

void gi_blas_record_failure(const char *message)
{
    pthread_mutex_lock(&lock);
    failures++;
    copy(last_failure, sizeof last_failure, message);
    pthread_mutex_unlock(&lock);
}

void gi_blas_record_selection(const char *req, const char *sel, const char *reason)
{
    pthread_mutex_lock(&lock);
    copy(request, sizeof request, req);
    copy(selected, sizeof selected, sel);
    copy(why, sizeof why, reason);
    pthread_mutex_unlock(&lock);
}

void gi_blas_record_reset_in_child(void)
{
    pthread_mutex_init(&lock, NULL);
    nplaces = 0;
    failures = dropped = 0;
    last_failure[0] = '\0';
}

static cJSON *place_json(const place_stat *p)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "device", p->device);
    cJSON_AddStringToObject(o, "backend", p->backend);
    cJSON_AddStringToObject(o, "name", p->name);
    cJSON_AddStringToObject(o, "reason", p->reason);
    cJSON_AddNumberToObject(o, "calls", (double)p->calls);
    cJSON_AddNumberToObject(o, "fallbacks", (double)p->fallbacks);
    cJSON_AddNumberToObject(o, "flops", p->flops);
    cJSON_AddNumberToObject(o, "time_s", p->seconds);
    cJSON_AddNumberToObject(o, "gflops_per_s", p->seconds > 0 ? p->flops / p->seconds / 1e9 : 0);
    cJSON_AddNumberToObject(o, "bytes_moved", p->bytes);
    cJSON *shapes = cJSON_AddArrayToObject(o, "shapes");
    for (int i = 0; i < p->nshapes; i++) {
        const shape_stat *s = &p->shapes[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "m", (double)s->m);
        cJSON_AddNumberToObject(j, "n", (double)s->n);
        cJSON_AddNumberToObject(j, "k", (double)s->k);
        cJSON_AddNumberToObject(j, "calls", (double)s->calls);
        cJSON_AddNumberToObject(j, "time_s", s->seconds);
        cJSON_AddItemToArray(shapes, j);
    }
    cJSON_AddNumberToObject(o, "calls_of_other_shapes", (double)p->other_calls);
    return o;
}

/* FILE with every "%p" replaced by the pid ("%%" is a percent sign). */
static int expand(const char *path, char *out, size_t size)
{
    size_t o = 0;
    for (const char *s = path; *s; s++) {
        char buf[32];
        const char *piece = buf;
        if (s[0] == '%' && s[1] == 'p') {
            snprintf(buf, sizeof buf, "%ld", (long)getpid());
            s++;
        } else if (s[0] == '%' && s[1] == '%') {
            piece = "%";
            s++;
        } else {
            buf[0] = *s;
            buf[1] = '\0';
        }
        size_t len = strlen(piece);
        if (o + len + 1 > size)
            return ENAMETOOLONG;
        memcpy(out + o, piece, len);
        o += len;
    }
    out[o] = '\0';
    return 0;
}

static cJSON *record_json(void)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "record", "gpuinteg_blas");
    cJSON_AddNumberToObject(j, "version", 1);
    cJSON_AddNumberToObject(j, "pid", (double)getpid());
    char exe[1024];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[len > 0 ? len : 0] = '\0';
    cJSON_AddStringToObject(j, "program", exe);
    cJSON_AddStringToObject(j, "device_request", request);
    cJSON_AddStringToObject(j, "device_selected", selected);
    cJSON_AddStringToObject(j, "why", why);
    cJSON *arr = cJSON_AddArrayToObject(j, "devices");
    for (int i = 0; i < nplaces; i++)
        cJSON_AddItemToArray(arr, place_json(&places[i]));
    cJSON_AddNumberToObject(j, "calls_not_recorded", (double)dropped);
    cJSON_AddNumberToObject(j, "failures", (double)failures);
    cJSON_AddStringToObject(j, "last_failure", last_failure);
    return j;
}

int gi_blas_record_write(const char *path)
{
    char final[4096], tmp[4200];
    int err = expand(path, final, sizeof final);
    if (err)
        return err;
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", final, (long)getpid());

    pthread_mutex_lock(&lock);
    cJSON *j = record_json();
    pthread_mutex_unlock(&lock);
    char *text = j ? cJSON_Print(j) : NULL;
    cJSON_Delete(j);
    if (!text)
        return ENOMEM;

    FILE *f = fopen(tmp, "w");
    if (!f) {
        err = errno;
        cJSON_free(text);
        return err;
    }
    int ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    ok = fflush(f) == 0 && ok;
    ok = fsync(fileno(f)) == 0 && ok;
    err = ok ? 0 : errno;
    if (fclose(f) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    cJSON_free(text);
    if (ok && rename(tmp, final) == 0)
        return 0;
    err = ok ? errno : err;
    unlink(tmp);
    return err ? err : EIO;
}
