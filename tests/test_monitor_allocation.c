/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the run was given, from controlled inputs: the affinity mask (set here, as taskset
 * does), Slurm's variables, and cgroup file-system fixtures (tests/fixtures/cgroup, read
 * through GPUINTEG_CGROUP_ROOT). Criterion runs each test in its own process, so changing the
 * affinity or the environment stays inside the test.
 */
#include <criterion/criterion.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "run_cmd.h"

static void setup(void)
{
    gi_monitor_test_clean_env();
}

TestSuite(monitor_allocation, .init = setup);

/* Starts and stops a monitor right away and returns its summary (the monitor is left for the
 * caller to destroy: the summary's strings live in it). */
static gi_monitor *measure(gi_monitor_summary *s)
{
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.no_gpu = 1;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK, "%s", gi_monitor_last_error(m));
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_summarize(m, s), GI_STATUS_OK);
    return m;
}

static int affinity_count(void)
{
    cpu_set_t set;
    cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
    return CPU_COUNT(&set);
}

static void pin_to_first_cpu(void)
{
    cpu_set_t set;
    cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
    int first = 0;
    while (!CPU_ISSET(first, &set))
        first++;
    CPU_ZERO(&set);
    CPU_SET(first, &set);
    cr_assert_eq(sched_setaffinity(0, sizeof set, &set), 0);
}

Test(monitor_allocation, affinity_one_cpu_is_one_allocated)
{
    pin_to_first_cpu(); /* what `taskset -c 0` does */
    gi_monitor_summary s;
    gi_monitor *m = measure(&s);
    cr_assert_eq(s.cpu_affinity, 1);
    cr_assert_eq(s.cpu_allocated, 1.0);
    cr_assert_str_eq(s.cpu_allocated_source, "affinity");
    cr_assert_eq(s.cpu_cgroup, 0.0);
    cr_assert_eq(s.cpu_slurm, 0.0);
    cr_assert_eq(s.mem_limit_bytes, 0);
    cr_assert_str_eq(s.mem_limit_source, "");
    gi_monitor_destroy(m);
}

Test(monitor_allocation, affinity_mask_counts_every_cpu)
{
    gi_monitor_summary s;
    gi_monitor *m = measure(&s);
    cr_assert_eq(s.cpu_affinity, affinity_count());
    cr_assert_eq(s.cpu_allocated, (double)affinity_count());
    cr_assert_str_eq(s.cpu_allocated_source, "affinity");
    gi_monitor_destroy(m);
}

Test(monitor_allocation, slurm_cpus_per_task_wins)
{
    setenv("SLURM_JOB_ID", "4242", 1);
    setenv("SLURM_CPUS_PER_TASK", "8", 1);
    setenv("SLURM_CPUS_ON_NODE", "16", 1);
    setenv("SLURM_JOB_CPUS_PER_NODE", "16", 1);
    setenv("GPUINTEG_CGROUP_ROOT", gi_fixture("cgroup/v2-quota"), 1);
    gi_monitor_summary s;
    gi_monitor *m = measure(&s);
    cr_assert_eq(s.cpu_allocated, 8.0);
    cr_assert_str_eq(s.cpu_allocated_source, "slurm");
    cr_assert_eq(s.cpu_slurm, 8.0);
    cr_assert_eq(s.cpu_cgroup, 0.5, "the cgroup figure is still reported");
    cr_assert(strstr(gi_monitor_json(m), "\"slurm_detail\":\"SLURM_CPUS_PER_TASK=8\""), "%s",
              gi_monitor_json(m));
    gi_monitor_destroy(m);
}

Test(monitor_allocation, slurm_cpus_on_node_then_job_cpus_per_node)
{
    setenv("SLURM_CPUS_ON_NODE", "6", 1);
    setenv("SLURM_JOB_CPUS_PER_NODE", "12(x2),4", 1);
    gi_monitor_summary s;
    gi_monitor *m = measure(&s);
    cr_assert_eq(s.cpu_allocated, 6.0);
    cr_assert_str_eq(s.cpu_allocated_source, "slurm");
    gi_monitor_destroy(m);

    unsetenv("SLURM_CPUS_ON_NODE");
    m = measure(&s);
    cr_assert_eq(s.cpu_allocated, 12.0, "first entry of 12(x2),4");
    gi_monitor_destroy(m);
}

Test(monitor_allocation, malformed_slurm_values_are_ignored)
{
    setenv("SLURM_CPUS_PER_TASK", "four", 1);
    setenv("SLURM_CPUS_ON_NODE", "-3", 1);
    setenv("SLURM_JOB_CPUS_PER_NODE", "x(2)", 1);
    setenv("SLURM_MEM_PER_NODE", "4G", 1);
    gi_monitor_summary s;
    gi_monitor *m = measure(&s);
    cr_assert_str_eq(s.cpu_allocated_source, "affinity");
    cr_assert_eq(s.cpu_slurm, 0.0);
    cr_assert_eq(s.mem_limit_bytes, 0);
    gi_monitor_destroy(m);
}

Test(monitor_allocation, slurm_memory_per_node_and_per_cpu)
{
    setenv("SLURM_MEM_PER_NODE", "4096", 1); /* MiB, as Slurm writes it */
    gi_monitor_summary s;
    gi_monitor *m = measure(&s);
    cr_assert_eq(s.mem_limit_bytes, 4096ULL << 20);
    cr_assert_str_eq(s.mem_limit_source, "slurm");
    gi_monitor_destroy(m);

    unsetenv("SLURM_MEM_PER_NODE");
    setenv("SLURM_MEM_PER_CPU", "1000", 1);
    setenv("SLURM_CPUS_PER_TASK", "3", 1);
    m = measure(&s);
    cr_assert_eq(s.mem_limit_bytes, 3000ULL << 20, "1000 MiB per CPU x 3 CPUs");
    gi_monitor_destroy(m);
}

Test(monitor_allocation, cgroup_v2_quota_and_memory_max)
{
    setenv("GPUINTEG_CGROUP_ROOT", gi_fixture("cgroup/v2-quota"), 1);
    gi_monitor_summary s;
    gi_monitor *m = measure(&s);
    /* cpu.max "50000 100000": half a core, below any affinity mask. */
    cr_assert_eq(s.cpu_cgroup, 0.5);
    cr_assert_eq(s.cpu_allocated, 0.5);
    cr_assert_str_eq(s.cpu_allocated_source, "cgroup");
    cr_assert_eq(s.mem_limit_bytes, 2147483648ULL);
    cr_assert_str_eq(s.mem_limit_source, "cgroup");
    cr_assert(strstr(gi_monitor_summary_text(m), " of 0.5 allocated cores used ("), "%s",
              gi_monitor_summary_text(m));
    gi_monitor_destroy(m);
}

Test(monitor_allocation, cgroup_v2_without_limits)
{
    setenv("GPUINTEG_CGROUP_ROOT", gi_fixture("cgroup/v2-unlimited"), 1);
    gi_monitor_summary s;
    gi_monitor *m = measure(&s);
    cr_assert_eq(s.cpu_cgroup, 0.0);
    cr_assert_eq(s.mem_limit_bytes, 0);
    cr_assert_str_eq(s.cpu_allocated_source, "affinity");
    cr_assert(strstr(gi_monitor_json(m), "\"limit_bytes\":null"), "%s", gi_monitor_json(m));
    gi_monitor_destroy(m);
}

Test(monitor_allocation, cgroup_v1_quota_and_limit)
{
    setenv("GPUINTEG_CGROUP_ROOT", gi_fixture("cgroup/v1-quota"), 1);
    gi_monitor_summary s;
    gi_monitor *m = measure(&s);
    cr_assert_eq(s.cpu_cgroup, 0.25);
    cr_assert_str_eq(s.cpu_allocated_source, "cgroup");
    cr_assert_eq(s.mem_limit_bytes, 1ULL << 30);
    gi_monitor_destroy(m);

    setenv("GPUINTEG_CGROUP_ROOT", gi_fixture("cgroup/v1-unlimited"), 1);
    m = measure(&s);
    cr_assert_eq(s.cpu_cgroup, 0.0, "cfs_quota_us = -1 is no quota");
    cr_assert_eq(s.mem_limit_bytes, 0, "2^63-4096 is v1's 'no limit'");
    gi_monitor_destroy(m);
}

Test(monitor_allocation, tightest_memory_limit_wins)
{
    setenv("GPUINTEG_CGROUP_ROOT", gi_fixture("cgroup/v2-quota"), 1); /* 2 GiB */
    setenv("SLURM_MEM_PER_NODE", "1024", 1);                          /* 1 GiB */
    gi_monitor_summary s;
    gi_monitor *m = measure(&s);
    cr_assert_eq(s.mem_limit_bytes, 1ULL << 30);
    cr_assert_str_eq(s.mem_limit_source, "slurm");
    gi_monitor_destroy(m);

    setenv("SLURM_MEM_PER_NODE", "8192", 1);
    m = measure(&s);
    cr_assert_eq(s.mem_limit_bytes, 2ULL << 30);
    cr_assert_str_eq(s.mem_limit_source, "cgroup");
    gi_monitor_destroy(m);
}
