/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Slurm's allocation, as its environment variables state it.
 */
#include "monitor/slurm_env.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses a positive whole number at the start of s; *end gets what follows. 0 if none. */
static long long leading_count(const char *s, const char **end)
{
    if (!s || *s < '0' || *s > '9')
        return 0;
    errno = 0;
    char *e;
    long long v = strtoll(s, &e, 10);
    if (errno == ERANGE || v <= 0)
        return 0;
    *end = e;
    return v;
}

/* A variable that must be exactly a positive whole number. */
static long long env_count(const char *name, const char **text)
{
    const char *v = getenv(name);
    const char *end;
    long long n = leading_count(v, &end);
    if (n <= 0 || *end != '\0')
        return 0;
    *text = v;
    return n;
}

/* Most GPUs one node is taken to have: the bound of SLURM_GPUS_ON_NODE too. */
#define MAX_GPUS 4096

/* A GPU index: digits only (no sign, no blanks), at most 9 of them so it fits an int. */
static int gpu_index(const char *s, const char **end, long *out)
{
    size_t n = strspn(s, "0123456789");
    if (n == 0 || n > 9)
        return 0;
    *out = strtol(s, NULL, 10);
    *end = s + n;
    return 1;
}

/* Number of entries in a GPU list: "0,1", "0-3", "0-1,4". Ranges count their members. 0 for
 * a malformed list or one of more than MAX_GPUS entries. */
static int list_length(const char *s)
{
    long count = 0;
    while (s && *s) {
        const char *end;
        long a, b;
        if (!gpu_index(s, &end, &a))
            return 0;
        b = a;
        if (*end == '-' && (!gpu_index(end + 1, &end, &b) || b < a))
            return 0;
        /* a, b < 10^9 and count <= MAX_GPUS: no overflow. */
        count += b - a + 1;
        if (count > MAX_GPUS)
            return 0;
        if (*end == ',')
            end++;
        else if (*end != '\0')
            return 0;
        s = end;
    }
    return (int)count;
}

/* GPUs: SLURM_GPUS_ON_NODE, else the length of a GPU list. */
static void read_gpus(gi_slurm_alloc *out)
{
    const char *text;
    long long g = env_count("SLURM_GPUS_ON_NODE", &text);
    if (g > 0 && g <= MAX_GPUS) {
        out->gpus = (int)g;
        snprintf(out->gpus_from, sizeof out->gpus_from, "SLURM_GPUS_ON_NODE=%s", text);
    } else {
        static const char *lists[] = {"SLURM_STEP_GPUS", "SLURM_JOB_GPUS"};
        for (size_t i = 0; i < 2 && out->gpus == 0; i++) {
            const char *v = getenv(lists[i]);
            int n = list_length(v);
            if (n > 0) {
                out->gpus = n;
                snprintf(out->gpus_from, sizeof out->gpus_from, "%s=%.60s", lists[i], v);
            }
        }
    }
}

void gi_slurm_read(gi_slurm_alloc *out)
{
    memset(out, 0, sizeof *out);
    out->in_job = getenv("SLURM_JOB_ID") != NULL;

    static const char *cpu_vars[] = {"SLURM_CPUS_PER_TASK", "SLURM_CPUS_ON_NODE"};
    for (size_t i = 0; i < 2 && out->cpus == 0; i++) {
        const char *text;
        long long n = env_count(cpu_vars[i], &text);
        if (n > 0 && n <= 1 << 20) {
            out->cpus = (int)n;
            snprintf(out->cpus_from, sizeof out->cpus_from, "%s=%s", cpu_vars[i], text);
        }
    }
    if (out->cpus == 0) {
        /* "8(x2),4": 8 CPUs on each of the first two nodes. The first entry is this node's in
         * the usual single-node case; a multi-node job step sets SLURM_CPUS_ON_NODE anyway. */
        const char *v = getenv("SLURM_JOB_CPUS_PER_NODE"), *end;
        long long n = leading_count(v, &end);
        if (n > 0 && n <= 1 << 20 && (*end == '\0' || *end == '(' || *end == ',')) {
            out->cpus = (int)n;
            snprintf(out->cpus_from, sizeof out->cpus_from, "SLURM_JOB_CPUS_PER_NODE=%.60s", v);
        }
    }

    const char *text;
    long long mib = env_count("SLURM_MEM_PER_NODE", &text);
    if (mib > 0 && mib < (1LL << 40)) {
        out->mem_bytes = (uint64_t)mib << 20;
        snprintf(out->mem_from, sizeof out->mem_from, "SLURM_MEM_PER_NODE=%s", text);
    } else if ((mib = env_count("SLURM_MEM_PER_CPU", &text)) > 0 && mib < (1LL << 40)) {
        int cpus = out->cpus > 0 ? out->cpus : 1;
        uint64_t bytes;
        /* A product past 2^64 is no figure at all: ignored, as a malformed value is. */
        if (!__builtin_mul_overflow((uint64_t)mib << 20, (uint64_t)cpus, &bytes)) {
            out->mem_bytes = bytes;
            snprintf(out->mem_from, sizeof out->mem_from, "SLURM_MEM_PER_CPU=%s x %d CPU%s", text,
                     cpus, cpus == 1 ? "" : "s");
        }
    }

    read_gpus(out);
}
