/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "integrate_check.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double gi_test_integrate_tolerance(const gi_integrate_params *p)
{
    const double u = DBL_EPSILON / 2;
    double xm = fmax(fabs(p->x0), fabs(p->x1)), ym = fmax(fabs(p->y0), fabs(p->y1));
    double n = (double)p->nx * (double)p->ny;
    double area = (p->x1 - p->x0) / (double)p->nx * ((p->y1 - p->y0) / (double)p->ny);
    double s = fabs(gi_integrate_closed_form(p));
    return area * n * u * (4 * (xm + ym) + 4) + 3 * u * s + area * n * n * u * u;
}

int gi_test_devices(const char *list[16])
{
    static char buf[512];
    const char *env = getenv("GI_TEST_DEVICES");
    snprintf(buf, sizeof buf, "%s", env && *env ? env : "serial,openmp");
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t && n < 16; t = strtok_r(NULL, ",", &save))
        list[n++] = t;
    return n;
}
