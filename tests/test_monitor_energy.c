/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU package energy from a fake powercap tree (GPUINTEG_POWERCAP_ROOT): the exact joules of the
 * counters' differences, a wrap counted once, sub-zones left out, and "unavailable" with the
 * reason where nothing can be read. Never an estimate.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "run_cmd.h"

static char root[64];

static void put_file(const char *zone, const char *name, const char *text)
{
    char dir[256], path[320], tmp[330];
    snprintf(dir, sizeof dir, "%s/%s", root, zone);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    cr_assert(f, "%s", tmp);
    fputs(text, f);
    fclose(f);
    cr_assert_eq(rename(tmp, path), 0); /* a reader never sees half a number */
}

static void setup(void)
{
    gi_monitor_test_clean_env();
    snprintf(root, sizeof root, "/tmp/gi-powercap-XXXXXX");
    cr_assert(mkdtemp(root));
    setenv("GPUINTEG_POWERCAP_ROOT", root, 1);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    cr_assert_eq(system(cmd), 0);
    unsetenv("GPUINTEG_POWERCAP_ROOT");
}

TestSuite(monitor_energy, .init = setup, .fini = teardown);

static gi_monitor *started(void)
{
    gi_monitor *m;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    o.no_gpu = 1;
    o.sample_ms = 60000; /* readings at the start and the stop only */
    cr_assert_eq(gi_monitor_create(&m, &o), GI_STATUS_OK);
    cr_assert_eq(gi_monitor_start(m), GI_STATUS_OK);
    return m;
}

Test(monitor_energy, package_counters_with_a_wrap)
{
    put_file("intel-rapl:0", "name", "package-0\n");
    put_file("intel-rapl:0", "energy_uj", "1000000\n");
    put_file("intel-rapl:0", "max_energy_range_uj", "262143328850\n");
    /* A sub-zone (the cores): part of the package's figure, never added to it. */
    put_file("intel-rapl:0:0", "name", "core\n");
    put_file("intel-rapl:0:0", "energy_uj", "5000000\n");
    put_file("intel-rapl:1", "name", "package-1\n");
    put_file("intel-rapl:1", "energy_uj", "262143000000\n");
    put_file("intel-rapl:1", "max_energy_range_uj", "262143328850\n");
    gi_monitor *m = started();
    put_file("intel-rapl:0", "energy_uj", "3500000\n");   /* +2.5 J */
    put_file("intel-rapl:0:0", "energy_uj", "9000000\n"); /* ignored */
    put_file("intel-rapl:1", "energy_uj", "1000000\n");   /* wrapped: +0.32885 + 1.0 J */
    cr_assert_eq(gi_monitor_stop(m), GI_STATUS_OK);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert_float_eq(s.cpu_energy_j, 3.82885, 1e-9);
    cr_assert_str_eq(s.cpu_energy_status, "measured (powercap: package-0, package-1)");
    const char *text = gi_monitor_summary_text(m);
    cr_assert(strstr(text, "\nEnergy: CPU packages 3.8 J, measured (powercap: package-0, "
                           "package-1)\n"),
              "%s", text);
    cr_assert(strstr(gi_monitor_json(m), "\"cpu_status\":\"measured (powercap: package-0, "
                                         "package-1)\""));
    gi_monitor_destroy(m);
}

Test(monitor_energy, unreadable_counter_says_why)
{
    /* A counter that cannot be read (here a folder where the file should be: EISDIR, as
     * EACCES is for a user on most distributions). */
    char dir[256];
    put_file("intel-rapl:0", "name", "package-0\n");
    snprintf(dir, sizeof dir, "%s/intel-rapl:0/energy_uj", root);
    cr_assert_eq(mkdir(dir, 0755), 0);
    gi_monitor *m = started();
    gi_monitor_stop(m);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    cr_assert(isnan(s.cpu_energy_j), "never a made-up figure");
    char want[400];
    snprintf(want, sizeof want, "unavailable: %s/intel-rapl:0/energy_uj: Is a directory", root);
    cr_assert_str_eq(s.cpu_energy_status, want);
    cr_assert(strstr(gi_monitor_json(m), "\"cpu_j\":null"));
    gi_monitor_destroy(m);
}

Test(monitor_energy, no_zones)
{
    gi_monitor *m = started();
    gi_monitor_stop(m);
    gi_monitor_summary s;
    cr_assert_eq(gi_monitor_summarize(m, &s), GI_STATUS_OK);
    char want[400];
    snprintf(want, sizeof want, "unavailable: no RAPL package zones (intel-rapl:N) in %s", root);
    cr_assert_str_eq(s.cpu_energy_status, want);
    gi_monitor_destroy(m);
}
