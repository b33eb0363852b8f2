/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/energy.h — CPU package energy from the kernel's powercap (RAPL) counters, as
 * deltas over the run; "unavailable" with the reason when they cannot be read (since 2020 the
 * counters are readable by root only on most distributions).
 */
#ifndef GI_MONITOR_ENERGY_H
#define GI_MONITOR_ENERGY_H

#include <stdint.h>

#define GI_ENERGY_MAX_ZONES 16

typedef struct gi_energy_zone {
    char path[512]; /* its energy_uj file */
    char name[64];  /* "package-0" */
    uint64_t range; /* max_energy_range_uj: the counter wraps after it; 0 unknown */
    uint64_t last;  /* the last raw reading */
    double joules;  /* accumulated since the start */
} gi_energy_zone;

typedef struct gi_energy_probe {
    gi_energy_zone zones[GI_ENERGY_MAX_ZONES];
    int nzones;     /* 0: unavailable (why says so) */
    char why[600];  /* the reason when unavailable */
    char root[400]; /* the powercap folder read */
} gi_energy_probe;

/*
 * Finds the package zones (<root>/intel-rapl:N, the top level of the RAPL tree, which the
 * kernel also uses on AMD) and takes the first reading. <root> is $GPUINTEG_POWERCAP_ROOT,
 * else /sys/class/powercap. Returns the number of zones readable; 0 with p->why set otherwise.
 */
int gi_energy_init(gi_energy_probe *p);

/* Reads every zone and adds what it counted since the last reading (one wrap allowed). */
void gi_energy_read(gi_energy_probe *p);

/* Joules of all zones since gi_energy_init. */
double gi_energy_joules(const gi_energy_probe *p);

#endif /* GI_MONITOR_ENERGY_H */
