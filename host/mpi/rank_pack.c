/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A job's rank (or srun task) record as bytes: a flat serialisation (one binary runs the job,
 * so native byte order and doubles). MPI-free: MPI ranks send it with MPI_Gatherv, the tasks
 * of an srun step through files (the gpuinteg monitor command).
 */
#include "rank_pack.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The fixed part of a record; strings, warnings and samples follow. */
typedef struct rank_head {
    int32_t rank, node, cpu_sharers, threads, kind, gpu_index;
    uint32_t warning_count, sample_count;
    double duration_s, cpu_allocated, cpu_time_s, cpu_wait_s, cpu_peak_cores, busy_time_s;
    double gpu_util_percent_avg, gpu_mem_peak_bytes;
    uint64_t mem_peak_rss_bytes, mem_limit_bytes;
} rank_head;

/* The members a record and its head share under the same name and meaning, so that packing
 * and unpacking cannot disagree on them. */
/* clang-format off */
#define RANK_HEAD_SAME(X)                                                                    \
    X(rank) X(node) X(cpu_sharers) X(threads) X(gpu_index)                                   \
    X(duration_s) X(cpu_allocated) X(cpu_time_s) X(cpu_wait_s) X(cpu_peak_cores)            \
    X(busy_time_s) X(gpu_util_percent_avg) X(gpu_mem_peak_bytes)                             \
    X(mem_peak_rss_bytes) X(mem_limit_bytes)
/* clang-format on */

#define NO_STRING UINT32_MAX

/* A growing byte buffer; `failed` once an allocation failed. */
typedef struct bytes {
    unsigned char *p;
    size_t len, cap;
    int failed;
} bytes;

static void put(bytes *b, const void *data, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2 + 256;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

/* Length (with its NUL) then the bytes; NO_STRING for NULL. */
static void put_string(bytes *b, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) + 1 : NO_STRING;
    put(b, &n, sizeof n);
    if (s)
        put(b, s, n);
}

static void pad8(bytes *b)
{
    static const unsigned char zero[8] = {0};
    put(b, zero, (8 - b->len % 8) % 8);
}

int gi_mpi_rank_pack(const gi_monitor_rank *r, size_t max_samples, void **out, size_t *size)
{
    size_t samples = r->sample_count < max_samples ? r->sample_count : max_samples;
    rank_head h = {.kind = (int32_t)r->kind,
                   .warning_count = (uint32_t)r->warning_count,
                   .sample_count = (uint32_t)samples};
#define TO_HEAD(member) h.member = r->member;
    RANK_HEAD_SAME(TO_HEAD)
#undef TO_HEAD
    bytes b = {0};
    put(&b, &h, sizeof h);
    const char *strings[] = {
        r->host,    r->cpu_allocated_source, r->cpu_list, r->backend, r->device, r->gpu_uuid,
        r->gpu_name};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        put_string(&b, strings[i]);
    for (size_t i = 0; i < r->warning_count; i++)
        put_string(&b, r->warnings[i]);
    pad8(&b);
    put(&b, r->samples, samples * sizeof *r->samples);
    pad8(&b);
    if (b.failed) {
        free(b.p);
        return 0;
    }
    *out = b.p;
    *size = b.len;
    return 1;
}

/* Reads a string at *at; 0 when it runs past the end or lacks its NUL. */
static int get_string(const unsigned char *buf, size_t size, size_t *at, const char **out)
{
    uint32_t n;
    if (*at + sizeof n > size)
        return 0;
    memcpy(&n, buf + *at, sizeof n);
    *at += sizeof n;
    if (n == NO_STRING) {
        *out = NULL;
        return 1;
    }
    if (n == 0 || n > size - *at || buf[*at + n - 1] != '\0')
        return 0;
    *out = (const char *)(buf + *at);
    *at += n;
    return 1;
}

int gi_mpi_rank_unpack(const void *data, size_t size, gi_monitor_rank *r, const char ***warnings)
{
    const unsigned char *buf = data;
    memset(r, 0, sizeof *r);
    *warnings = NULL;
    rank_head h;
    if (size < sizeof h)
        return 0;
    memcpy(&h, buf, sizeof h);
    size_t at = sizeof h;
    const char **strings[] = {
        &r->host,    &r->cpu_allocated_source, &r->cpu_list, &r->backend, &r->device, &r->gpu_uuid,
        &r->gpu_name};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        if (!get_string(buf, size, &at, strings[i]))
            return 0;
    if (h.warning_count > size / sizeof(uint32_t))
        return 0;
    const char **w = calloc(h.warning_count ? h.warning_count : 1, sizeof *w);
    if (!w)
        return 0;
    for (uint32_t i = 0; i < h.warning_count; i++)
        if (!get_string(buf, size, &at, &w[i]) || !w[i]) {
            free(w);
            return 0;
        }
    at += (8 - at % 8) % 8;
    if (h.sample_count > (size - (at < size ? at : size)) / sizeof(gi_monitor_rank_sample)) {
        free(w);
        return 0;
    }
#define FROM_HEAD(member) r->member = h.member;
    RANK_HEAD_SAME(FROM_HEAD)
#undef FROM_HEAD
    r->kind = (gi_device_kind)h.kind;
    r->warning_count = h.warning_count;
    r->warnings = w;
    r->sample_count = h.sample_count;
    r->samples = (const gi_monitor_rank_sample *)(buf + at);
    *warnings = w;
    return 1;
}
