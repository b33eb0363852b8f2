/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU lists ("0-3,8") to and from bit sets.
 */
#include "monitor/cpu_list.h"

#include <ctype.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gi_cpu_list_of_process(int pid, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    buf[0] = '\0';
    /* Sized for machines past CPU_SETSIZE (1024) CPUs, as allocation.c counts them. */
    for (size_t ncpu = 1024; ncpu <= GI_CPU_LIST_MAX_CPU + 1; ncpu *= 4) {
        cpu_set_t *set = CPU_ALLOC(ncpu);
        if (!set)
            return 0;
        size_t bytes = CPU_ALLOC_SIZE(ncpu);
        if (sched_getaffinity(pid, bytes, set) != 0) {
            CPU_FREE(set);
            continue;
        }
        size_t used = 0;
        int ok = 1;
        for (size_t c = 0; c < ncpu && ok;) {
            if (!CPU_ISSET_S(c, bytes, set)) {
                c++;
                continue;
            }
            size_t end = c;
            while (end + 1 < ncpu && CPU_ISSET_S(end + 1, bytes, set))
                end++;
            int n = end > c
                        ? snprintf(buf + used, size - used, "%s%zu-%zu", used ? "," : "", c, end)
                        : snprintf(buf + used, size - used, "%s%zu", used ? "," : "", c);
            ok = n > 0 && (size_t)n < size - used;
            used += ok ? (size_t)n : 0;
            c = end + 1;
        }
        CPU_FREE(set);
        if (!ok)
            buf[0] = '\0';
        return ok && used > 0;
    }
    return 0;
}

static int set_bit(gi_cpu_bits *b, size_t cpu)
{
    size_t w = cpu / 64;
    if (w >= b->nwords) {
        size_t n = w + 1;
        uint64_t *words = realloc(b->words, n * sizeof *words);
        if (!words)
            return 0;
        memset(words + b->nwords, 0, (n - b->nwords) * sizeof *words);
        b->words = words;
        b->nwords = n;
    }
    b->words[w] |= UINT64_C(1) << (cpu % 64);
    return 1;
}

/* A CPU number at *p, advancing it; -1 when there is none or it is too large. */
static long read_cpu(const char **p)
{
    if (!isdigit((unsigned char)**p))
        return -1;
    char *end;
    long v = strtol(*p, &end, 10);
    *p = end;
    return v > GI_CPU_LIST_MAX_CPU ? -1 : v;
}

int gi_cpu_bits_parse(const char *list, gi_cpu_bits *out)
{
    memset(out, 0, sizeof *out);
    if (!list || !*list)
        return 0;
    const char *p = list;
    for (;;) {
        long lo = read_cpu(&p), hi = lo;
        if (lo < 0)
            break;
        if (*p == '-') {
            p++;
            if ((hi = read_cpu(&p)) < lo)
                break;
        }
        int ok = 1;
        for (long c = lo; c <= hi && ok; c++)
            ok = set_bit(out, (size_t)c);
        if (!ok)
            break;
        if (*p == '\0' || *p == '\n')
            return 1;
        if (*p++ != ',')
            break;
    }
    gi_cpu_bits_free(out);
    return 0;
}

int gi_cpu_bits_count(const gi_cpu_bits *b)
{
    int n = 0;
    for (size_t i = 0; i < b->nwords; i++)
        n += __builtin_popcountll(b->words[i]);
    return n;
}

int gi_cpu_bits_overlap(const gi_cpu_bits *a, const gi_cpu_bits *b)
{
    size_t n = a->nwords < b->nwords ? a->nwords : b->nwords;
    for (size_t i = 0; i < n; i++)
        if (a->words[i] & b->words[i])
            return 1;
    return 0;
}

int gi_cpu_bits_merge(gi_cpu_bits *into, const gi_cpu_bits *from)
{
    if (from->nwords > into->nwords) {
        uint64_t *words = realloc(into->words, from->nwords * sizeof *words);
        if (!words)
            return 0;
        memset(words + into->nwords, 0, (from->nwords - into->nwords) * sizeof *words);
        into->words = words;
        into->nwords = from->nwords;
    }
    for (size_t i = 0; i < from->nwords; i++)
        into->words[i] |= from->words[i];
    return 1;
}

void gi_cpu_bits_free(gi_cpu_bits *b)
{
    free(b->words);
    b->words = NULL;
    b->nwords = 0;
}
