/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Without NVML (no NVIDIA driver on this machine): the GPU part says so in one clear line and
 * nothing fails; the workload's own device timers are still reported.
 */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "run_cmd.h"

Test(monitor_no_nvml, gpu_line_says_not_available)
{
    void *nvml = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (nvml) {
        dlclose(nvml);
        cr_skip_test("this machine has NVML (an NVIDIA driver): the 'not available' path is "
                     "tested with the fake NVML's init failure instead");
    }
    gi_monitor_test_clean_env();
    gi_monitor *m;
    cr_assert_eq(gi_monitor_create(&m, NULL), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    gi_monitor_workload w = {.name = "integrate",
                             .backend = "opencl",
                             .kind = GI_DEVICE_GPU,
                             .threads = 1,
                             .gpu = -1,
                             .busy_time_s = 0.0123};
    gi_monitor_set_workload(m, &w);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_eq(s.gpu_count, 0);
    cr_assert(strncmp(s.gpu_status, "not available: ", 15) == 0, "%s", s.gpu_status);
    cr_assert(strstr(s.gpu_status, "libnvidia-ml.so.1"), "names the library: %s", s.gpu_status);
    const char *text = gi_monitor_summary_text(m);
    cr_assert(strstr(text, "\nGPU: not available: libnvidia-ml.so.1"), "%s", text);
    cr_assert(strstr(text, "; kernels 12.3 ms (device timers)\n"), "%s", text);
    cr_assert(strstr(gi_monitor_json(m), "\"gpus\":[]"));
    cr_assert(strstr(gi_monitor_json(m), "\"gpu_status\":\"not available: libnvidia-ml.so.1"));

    /* A CPU-only run that was given no GPU: the card says so, the reason is a detail. */
    w.kind = GI_DEVICE_CPU;
    w.backend = "openmp";
    w.busy_time_s = 0;
    gi_monitor_set_workload(m, &w);
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_str_eq(s.gpu_status, "no GPU allocated");
    text = gi_monitor_summary_text(m);
    cr_assert(strstr(text, "\nGPU: no GPU allocated\n"), "%s", text);
    cr_assert_null(strstr(text, "libnvidia-ml"), "%s", text);
    cr_assert(strstr(gi_monitor_json(m), "\"gpu_status\":\"no GPU allocated\""));
    cr_assert(strstr(gi_monitor_json(m), "\"gpu_sampling\":\"not available: libnvidia-ml.so.1"));

    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.no_gpu = 1;
    gi_monitor *off;
    cr_assert_eq(gi_monitor_create(&off, &o), GI_STATUS_OK);
    gi_monitor_start(off);
    gi_monitor_stop(off);
    cr_assert(
        strstr(gi_monitor_summary_text(off), "\nGPU: not sampled (GPU sampling turned off)\n"));
    gi_monitor_destroy(off);
    gi_monitor_destroy(m);
}
