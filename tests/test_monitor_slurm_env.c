/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Slurm's variables at the edges of their ranges: figures that overflow, lists whose ranges
 * cannot be counted. Criterion runs each test in its own process, so setenv stays inside it.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>

#include "monitor/slurm_env.h"

static void clean(void)
{
    static const char *vars[] = {"SLURM_JOB_ID",       "SLURM_CPUS_PER_TASK",
                                 "SLURM_CPUS_ON_NODE", "SLURM_JOB_CPUS_PER_NODE",
                                 "SLURM_MEM_PER_NODE", "SLURM_MEM_PER_CPU",
                                 "SLURM_GPUS_ON_NODE", "SLURM_STEP_GPUS",
                                 "SLURM_JOB_GPUS"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
}

TestSuite(monitor_slurm_env, .init = clean);

Test(monitor_slurm_env, mem_per_cpu_times_cpus_that_overflows_is_ignored)
{
    /* 1034834473201 MiB x 17 CPUs is past 2^64 bytes: it wrapped to 1 MiB before. */
    setenv("SLURM_JOB_ID", "1", 1);
    setenv("SLURM_CPUS_PER_TASK", "17", 1);
    setenv("SLURM_MEM_PER_CPU", "1034834473201", 1);
    gi_slurm_alloc a;
    gi_slurm_read(&a);
    cr_assert_eq(a.cpus, 17);
    cr_assert_eq(a.mem_bytes, 0, "an overflowing limit is no limit, got %llu",
                 (unsigned long long)a.mem_bytes);
    cr_assert_str_eq(a.mem_from, "");
}

Test(monitor_slurm_env, mem_per_cpu_largest_product_that_fits)
{
    /* 2^39 MiB x 16 CPUs = 2^63 bytes: fits. */
    setenv("SLURM_CPUS_PER_TASK", "16", 1);
    setenv("SLURM_MEM_PER_CPU", "549755813888", 1);
    gi_slurm_alloc a;
    gi_slurm_read(&a);
    cr_assert_eq(a.mem_bytes, UINT64_C(1) << 63);
}

Test(monitor_slurm_env, gpu_range_past_int_is_not_one_gpu)
{
    setenv("SLURM_JOB_GPUS", "0-4294967296", 1);
    gi_slurm_alloc a;
    gi_slurm_read(&a);
    cr_assert_eq(a.gpus, 0, "got %d GPUs", a.gpus);
}

Test(monitor_slurm_env, gpu_ranges_whose_sum_overflows_are_ignored)
{
    setenv("SLURM_STEP_GPUS", "0-2147483646,0-2147483646", 1);
    gi_slurm_alloc a;
    gi_slurm_read(&a);
    cr_assert_eq(a.gpus, 0, "got %d GPUs", a.gpus);
}

Test(monitor_slurm_env, gpu_lists_counted)
{
    setenv("SLURM_JOB_GPUS", "0-1,4,6-7", 1);
    gi_slurm_alloc a;
    gi_slurm_read(&a);
    cr_assert_eq(a.gpus, 5);
    setenv("SLURM_JOB_GPUS", "-1-3", 1);
    gi_slurm_read(&a);
    cr_assert_eq(a.gpus, 0, "negative indices are malformed");
    setenv("SLURM_JOB_GPUS", "0-4095", 1);
    gi_slurm_read(&a);
    cr_assert_eq(a.gpus, 4096);
    setenv("SLURM_JOB_GPUS", "0-4096", 1);
    gi_slurm_read(&a);
    cr_assert_eq(a.gpus, 0, "more GPUs than SLURM_GPUS_ON_NODE accepts");
}
