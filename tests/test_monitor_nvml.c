/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The GPU part through NVML, against the fake libnvidia-ml.so.1 of tests/support/fake_nvml.c
 * (CTest puts it first in LD_LIBRARY_PATH): the GPUs found, CUDA_VISIBLE_DEVICES, the figures
 * and summary lines, an NVML that fails to initialise, and the GPU warnings.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "run_cmd.h"

static void setup(void)
{
    gi_monitor_test_clean_env();
    unsetenv("FAKE_NVML_UTIL");
    unsetenv("FAKE_NVML_FAIL_INIT");
}

TestSuite(monitor_nvml, .init = setup);

static gi_monitor *run(double seconds, const gi_monitor_workload *w)
{
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.sample_ms = 50;
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    struct timespec d = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
    nanosleep(&d, NULL);
    gi_monitor_stop(m);
    if (w)
        gi_monitor_set_workload(m, w);
    return m;
}

Test(monitor_nvml, both_gpus_with_their_figures)
{
    gi_monitor *m = run(0.2, NULL);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_str_eq(s.gpu_status, "");
    cr_assert_eq(s.gpu_count, 2);
    const gi_monitor_gpu *g = &s.gpus[0];
    cr_assert_eq(g->index, 0);
    cr_assert_eq(g->ordinal, 0);
    cr_assert_str_eq(g->name, "NVIDIA H100 80GB HBM3 (fake)");
    cr_assert_str_eq(g->uuid, "GPU-0a0a0a0a-fa4e-4000-8000-000000000000");
    cr_assert_eq(g->mem_total_bytes, 80ULL << 30);
    cr_assert_float_eq(g->util_percent_avg, 61.0, 1e-9);
    cr_assert_float_eq(g->util_percent_peak, 61.0, 1e-9);
    cr_assert_float_eq(g->mem_peak_bytes, 1288490189.0, 0.5);
    cr_assert_float_eq(g->power_avg_w, 210.0, 1e-9);
    cr_assert(isnan(s.gpus[1].power_avg_w), "GPU 1 does not report power");
    cr_assert_float_eq(s.gpus[1].util_percent_avg, 3.0, 1e-9);

    const char *text = gi_monitor_summary_text(m);
    cr_assert(strstr(text, "GPU 0 NVIDIA H100 80GB HBM3 (fake): 61% busy, peak memory 1.2 GiB of "
                           "80 GiB, 210 W average\n"),
              "%s", text);
    cr_assert(strstr(text, "GPU 1 NVIDIA A100-SXM4-40GB (fake): 3% busy, peak memory 512 MiB of "
                           "40 GiB\n"),
              "%s", text);
    cr_assert_null(strstr(text, "GPU: not available"));

    gi_monitor_sample smp;
    cr_assert_eq(gi_monitor_sample_get(m, 1, &smp), GI_STATUS_OK);
    cr_assert_eq(smp.gpu_count, 2);
    cr_assert_float_eq(smp.gpu[0].util_percent, 61, 1e-9);
    cr_assert_float_eq(smp.gpu[1].mem_used_bytes, 512.0 * 1048576, 0.5);
    cr_assert(isnan(smp.gpu[1].power_w));
    cr_assert(strstr(gi_monitor_json(m), "\"driver_version\":\"580.95.05-fake\""));
    gi_monitor_destroy(m);
}

Test(monitor_nvml, cuda_visible_devices_selects_and_orders)
{
    setenv("CUDA_VISIBLE_DEVICES", "1", 1);
    gi_monitor *m = run(0.05, NULL);
    gi_monitor_summary s;
    gi_monitor_summarize(m, &s);
    cr_assert_eq(s.gpu_count, 1);
    cr_assert_eq(s.gpus[0].index, 1);
    cr_assert_eq(s.gpus[0].ordinal, 0, "cuda:0 is NVML's GPU 1");
    cr_assert(strstr(gi_monitor_summary_text(m), "GPU 1 NVIDIA A100-SXM4-40GB (fake) (cuda:0):"),
              "%s", gi_monitor_summary_text(m));
    gi_monitor_destroy(m);

    setenv("CUDA_VISIBLE_DEVICES", "GPU-1b1b,0", 1); /* a UUID prefix, as CUDA accepts */
    m = run(0.05, NULL);
    gi_monitor_summarize(m, &s);
    cr_assert_eq(s.gpu_count, 2);
    cr_assert_eq(s.gpus[0].index, 1);
    cr_assert_eq(s.gpus[1].index, 0);
    cr_assert_eq(s.gpus[1].ordinal, 1);
    gi_monitor_destroy(m);

    setenv("CUDA_VISIBLE_DEVICES", "0,7,1", 1); /* CUDA stops at the first bad entry */
    m = run(0.05, NULL);
    gi_monitor_summarize(m, &s);
    cr_assert_eq(s.gpu_count, 1);
    cr_assert_eq(s.gpus[0].index, 0);
    gi_monitor_destroy(m);

    setenv("CUDA_VISIBLE_DEVICES", "5", 1);
    m = run(0.05, NULL);
    gi_monitor_summarize(m, &s);
    cr_assert_eq(s.gpu_count, 0);
    cr_assert_str_eq(s.gpu_status,
                     "not available: CUDA_VISIBLE_DEVICES='5' names no GPU NVML knows (2 found)");
    gi_monitor_destroy(m);

    setenv("CUDA_VISIBLE_DEVICES", "", 1);
    m = run(0.05, NULL);
    gi_monitor_summarize(m, &s);
    /* Nothing visible is nothing allocated; why NVML shows nothing is the JSON's detail. */
    cr_assert_str_eq(s.gpu_status, "no GPU allocated");
    cr_assert(
        strstr(gi_monitor_json(m),
               "\"gpu_sampling\":\"not available: CUDA_VISIBLE_DEVICES='' hides every GPU\""));
    gi_monitor_destroy(m);
}

Test(monitor_nvml, nvml_that_fails_to_initialise)
{
    setenv("FAKE_NVML_FAIL_INIT", "1", 1);
    gi_monitor *m = run(0.05, NULL);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK, "no NVML is not a failure");
    cr_assert_eq(s.gpu_count, 0);
    cr_assert_str_eq(s.gpu_status, "no GPU allocated", "a CPU-only run given no GPU");
    cr_assert(strstr(gi_monitor_summary_text(m), "\nGPU: no GPU allocated\n"));
    cr_assert(strstr(gi_monitor_json(m),
                     "\"gpu_sampling\":\"not available: nvmlInit: Driver Not Loaded\""));
    gi_monitor_destroy(m);

    /* Given a GPU (Slurm's variable), the reason is the figure. */
    setenv("SLURM_GPUS_ON_NODE", "1", 1);
    m = run(0.05, NULL);
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_str_eq(s.gpu_status, "not available: nvmlInit: Driver Not Loaded");
    cr_assert(
        strstr(gi_monitor_summary_text(m), "\nGPU: not available: nvmlInit: Driver Not Loaded\n"));
    unsetenv("SLURM_GPUS_ON_NODE");
    gi_monitor_destroy(m);
}

Test(monitor_nvml, busy_time_goes_to_the_gpu_that_ran)
{
    setenv("CUDA_VISIBLE_DEVICES", "1,0", 1);
    gi_monitor_workload w = {.name = "integrate",
                             .backend = "cuda",
                             .kind = GI_DEVICE_GPU,
                             .threads = 1,
                             .gpu = 1,
                             .busy_time_s = 0.00027};
    gi_monitor *m = run(0.05, &w);
    gi_monitor_summary s;
    gi_monitor_summarize(m, &s);
    cr_assert_eq(s.gpus[0].busy_time_s, 0.0);
    cr_assert_eq(s.gpus[1].busy_time_s, 0.00027, "cuda:1 is NVML's GPU 0 here");
    cr_assert(strstr(gi_monitor_summary_text(m), ", kernels 0.27 ms (device timers)\n"), "%s",
              gi_monitor_summary_text(m));
    gi_monitor_destroy(m);
}

Test(monitor_nvml, gpu_warnings)
{
    /* GPU 0 61% busy (above 50%), GPU 1 idle and not used by the workload. */
    setenv("FAKE_NVML_UTIL", "61,0", 1);
    gi_monitor_workload w = {.name = "integrate",
                             .backend = "cuda",
                             .kind = GI_DEVICE_GPU,
                             .threads = 1,
                             .gpu = 0,
                             .busy_time_s = 0.5};
    gi_monitor *m = run(1.1, &w);
    gi_monitor_summary s;
    gi_monitor_summarize(m, &s);
    cr_assert_eq(s.warning_count, 1, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(s.warnings[0], "GPU 1 (NVIDIA A100-SXM4-40GB (fake)) was idle during the run "
                                    "(0% busy, NVML): ask only for the GPUs the job uses"),
              "%s", s.warnings[0]);
    gi_monitor_destroy(m);

    /* The GPU that ran it, under the threshold. */
    setenv("FAKE_NVML_UTIL", "12,0", 1);
    setenv("CUDA_VISIBLE_DEVICES", "0", 1);
    m = run(1.1, &w);
    gi_monitor_summarize(m, &s);
    cr_assert_eq(s.warning_count, 1, "%s", gi_monitor_summary_text(m));
    cr_assert(strstr(s.warnings[0], "GPU 0 (NVIDIA H100 80GB HBM3 (fake)) was busy 12% of the "
                                    "run (NVML; under 50%): the work is too small"),
              "%s", s.warnings[0]);
    gi_monitor_destroy(m);

    /* Too short to judge. */
    m = run(0.1, &w);
    gi_monitor_summarize(m, &s);
    cr_assert_eq(s.warning_count, 0, "%s", gi_monitor_summary_text(m));
    gi_monitor_destroy(m);
}

/* Writes text to path through a temporary file renamed over it: the sampler never reads half. */
static void write_atomically(const char *path, const char *text)
{
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
    cr_assert_eq(rename(tmp, path), 0);
}

Test(monitor_nvml, energy_from_the_total_energy_counter)
{
    char dir[] = "/tmp/gi-fake-energy-XXXXXX", file[256];
    cr_assert(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/mj", dir);
    write_atomically(file, "1000000\n");
    setenv("FAKE_NVML_ENERGY_FILE", file, 1);
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.sample_ms = 60000; /* the readings at start and stop only */
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    write_atomically(file, "1234567\n");
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_eq(s.gpu_count, 2);
    /* 1 234 567 mJ - 1 000 000 mJ: exactly the counter's difference, nothing estimated. */
    cr_assert_float_eq(s.gpus[0].energy_j, 234.567, 1e-9);
    cr_assert_str_eq(s.gpus[0].energy_status, "measured (NVML total energy counter)");
    cr_assert(isnan(s.gpus[1].energy_j), "GPU 1 has no counter");
    cr_assert_str_eq(s.gpus[1].energy_status,
                     "unavailable: nvmlDeviceGetTotalEnergyConsumption: Not Supported");
    const char *text = gi_monitor_summary_text(m);
    cr_assert(strstr(text, "; GPU 0 234.6 J, measured (NVML total energy counter); GPU 1 "
                           "unavailable: nvmlDeviceGetTotalEnergyConsumption: Not Supported\n"),
              "%s", text);
    cr_assert(strstr(gi_monitor_json(m), "\"energy_j\":234.56"), "%s", gi_monitor_json(m));
    gi_monitor_destroy(m);
    unsetenv("FAKE_NVML_ENERGY_FILE");
    unlink(file);
    rmdir(dir);
}
