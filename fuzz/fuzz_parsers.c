/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for what gpuinteg parses from outside: the integrate and gemm option
 * parsers (with the monitor's options), Slurm's variables and cgroup files. The first byte
 * picks the parser; the rest is split at NUL bytes into fields (arguments, variable values,
 * file contents). A crash, a sanitizer report or a leak is a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gemm_cmd.h"
#include "integrate_cmd.h"
#include "monitor/cgroup_limits.h"
#include "monitor/slurm_env.h"

#define MAX_FIELDS 24

/* A folder standing for /sys/fs/cgroup (GPUINTEG_CGROUP_ROOT), made once per process. */
static char cgroup_root[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(cgroup_root, sizeof cgroup_root, "/tmp/gi-fuzz-cgroup-XXXXXX");
    if (!mkdtemp(cgroup_root))
        abort();
    setenv("GPUINTEG_CGROUP_ROOT", cgroup_root, 1);
    return 0;
}

/* Splits data at NUL bytes into at most MAX_FIELDS strings in buf (size n + 1). */
static int split(const uint8_t *data, size_t n, char *buf, char **fields)
{
    memcpy(buf, data, n);
    buf[n] = '\0';
    int count = 0;
    for (char *p = buf; count < MAX_FIELDS && p <= buf + n; p += strlen(p) + 1)
        fields[count++] = p;
    return count;
}

static void parse_options(int which, int argc, char **argv)
{
    if (which == 0) {
        gi_integrate_opts o = {.device = "auto", .repeat = 1, .mpi = GI_MPI_AUTO};
        gi_integrate_params_default(&o.p);
        int help = 0;
        gi_integrate_opts_parse(argc, argv, &o, &help);
    } else {
        gi_gemm_opts o = {.device = "auto",
                          .size = 3000,
                          .transa = 'N',
                          .transb = 'N',
                          .repeat = 1,
                          .seed = 42,
                          .mpi = GI_MPI_AUTO};
        int help = 0;
        gi_gemm_opts_parse(argc, argv, &o, &help);
    }
}

static void read_slurm(int count, char **fields)
{
    static const char *vars[] = {"SLURM_JOB_ID",       "SLURM_CPUS_PER_TASK",
                                 "SLURM_CPUS_ON_NODE", "SLURM_JOB_CPUS_PER_NODE",
                                 "SLURM_MEM_PER_NODE", "SLURM_MEM_PER_CPU",
                                 "SLURM_GPUS_ON_NODE", "SLURM_STEP_GPUS",
                                 "SLURM_JOB_GPUS",     "CUDA_VISIBLE_DEVICES"};
    const int nvars = (int)(sizeof vars / sizeof vars[0]);
    for (int i = 0; i < nvars; i++) {
        if (i < count && fields[i][0])
            setenv(vars[i], fields[i], 1);
        else
            unsetenv(vars[i]);
    }
    gi_slurm_alloc a;
    gi_slurm_read(&a);
    if (a.cpus < 0 || a.gpus < 0 || a.gpus > 4096 || a.cpus > (1 << 20))
        abort();
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        abort();
    fputs(text, f);
    fclose(f);
}

/* v2 (flag 0) or v1 (flag 1) files at the root, filled from the fields. */
static void read_cgroup(int v1, int count, char **fields)
{
    const char *f0 = count > 0 ? fields[0] : "", *f1 = count > 1 ? fields[1] : "";
    char dir[128];
    if (!v1) {
        snprintf(dir, sizeof dir, "%s/memory", cgroup_root);
        rmdir(dir);
        snprintf(dir, sizeof dir, "%s/cpu", cgroup_root);
        rmdir(dir);
        write_file(cgroup_root, "cgroup.controllers", "cpu memory");
        write_file(cgroup_root, "cpu.max", f0);
        write_file(cgroup_root, "memory.max", f1);
        write_file(cgroup_root, "memory.current", count > 2 ? fields[2] : "");
    } else {
        char path[160];
        snprintf(path, sizeof path, "%s/cgroup.controllers", cgroup_root);
        unlink(path);
        snprintf(dir, sizeof dir, "%s/cpu", cgroup_root);
        mkdir(dir, 0700);
        write_file(dir, "cpu.cfs_quota_us", f0);
        write_file(dir, "cpu.cfs_period_us", count > 2 ? fields[2] : "100000");
        snprintf(dir, sizeof dir, "%s/memory", cgroup_root);
        mkdir(dir, 0700);
        write_file(dir, "memory.limit_in_bytes", f1);
        write_file(dir, "memory.usage_in_bytes", count > 3 ? fields[3] : "");
    }
    gi_cgroup_limits l;
    gi_cgroup_limits_read(&l);
    if (!(l.cpus >= 0) || l.cpus != l.cpus || (l.mem_bytes == 0 && l.mem_usage != 0))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    char *buf = malloc(size);
    char *fields[MAX_FIELDS];
    int count = split(data + 1, size - 1, buf, fields);
    switch (data[0] % 5) {
    case 0:
    case 1:
        parse_options(data[0] % 5, count, fields);
        break;
    case 2:
        read_slurm(count, fields);
        break;
    default:
        read_cgroup(data[0] % 5 == 4, count, fields);
        break;
    }
    free(buf);
    return 0;
}
