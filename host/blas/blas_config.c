/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reading GPUINTEG_BLAS_*: every bad value becomes one line naming the variable, the value and
 * what is allowed. The device string is only checked for length here; its syntax and
 * availability are gi_context_select's.
 */
#include "blas_config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(gi_blas_config *c, const char *var, const char *value, const char *allowed)
{
    if (!c->error[0])
        snprintf(c->error, sizeof c->error, "%s = '%.200s' is not valid: %s", var, value, allowed);
    return 0;
}

void gi_blas_config_read(gi_blas_config *c, const char *(*getenv_fn)(const char *name))
{
    memset(c, 0, sizeof *c);
    const char *v = getenv_fn("GPUINTEG_BLAS_DEVICE");
    if (!v || !v[0])
        v = "auto";
    if (strlen(v) >= sizeof c->device)
        bad(c, "GPUINTEG_BLAS_DEVICE", v, "use auto, serial, openmp, opencl[:P[:D]] or cuda[:D]");
    else
        strcpy(c->device, v);

    v = getenv_fn("GPUINTEG_BLAS_FALLBACK");
    if (v && v[0]) {
        if (strcmp(v, "cpu") == 0)
            c->fallback_cpu = 1;
        else if (strcmp(v, "none") != 0)
            bad(c, "GPUINTEG_BLAS_FALLBACK", v, "use none (the default) or cpu");
    }

    v = getenv_fn("GPUINTEG_BLAS_MIN_FLOPS");
    if (v && v[0]) {
        char *end;
        double x = strtod(v, &end);
        if (end == v || *end != '\0' || !isfinite(x) || x < 0)
            bad(c, "GPUINTEG_BLAS_MIN_FLOPS", v,
                "use a number of floating-point operations >= 0 (e.g. 1e9; 0 sends every call "
                "to the device), or leave it unset for the transfer model");
        else {
            c->has_min_flops = 1;
            c->min_flops = x;
        }
    }

    v = getenv_fn("GPUINTEG_BLAS_REPORT");
    if (v && v[0]) {
        if (strlen(v) >= sizeof c->report - 16)
            bad(c, "GPUINTEG_BLAS_REPORT", v, "the path is too long");
        else
            strcpy(c->report, v);
    }
}
