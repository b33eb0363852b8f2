/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/monitor_blas.h — `gpuinteg monitor` and libgpuinteg_blas: the monitor points
 * GPUINTEG_BLAS_REPORT at a folder of its own (blas-%p.json: one record per process of the
 * command that loaded the library), and after the command reads the records into the report's
 * "run" lines ("BLAS opencl:0:0" → calls, sizes, time, GFLOP/s, bytes moved).
 *
 * Files, not a pipe or shared memory: the library writes its record at its process's exit,
 * whole, by rename (a reader never sees half of one), and needs nothing from the monitor
 * but the variable. A GPUINTEG_BLAS_REPORT the user set is left alone (and not read).
 */
#ifndef GI_CLI_MONITOR_BLAS_H
#define GI_CLI_MONITOR_BLAS_H

#include <limits.h>
#include <stdio.h>

#include "cli_monitor.h"

typedef struct gi_monitor_blas {
    char dir[PATH_MAX]; /* "" when no record is collected */
} gi_monitor_blas;

/* Makes the folder and sets GPUINTEG_BLAS_REPORT in this process's environment, for the
 * command to inherit (call before the fork; the monitor itself never loads the library).
 * On failure (no temporary folder) nothing is collected and the run goes on. */
void gi_monitor_blas_prepare(gi_monitor_blas *b);

/* Adds the records' lines to the report (cm NULL: not), prints them on out (NULL: not),
 * removes the folder. Call it on every way out after prepare. */
void gi_monitor_blas_collect(gi_monitor_blas *b, gi_cli_monitor *cm, FILE *out);

#endif /* GI_CLI_MONITOR_BLAS_H */
