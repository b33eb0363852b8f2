/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/svg_chart.h — a time-series chart as inline SVG, for the HTML report: axes with
 * round ticks, a grid, lines or steps with optional shading, a legend. No scripts, no fonts
 * from outside: the page stays self-contained.
 */
#ifndef GI_MONITOR_SVG_CHART_H
#define GI_MONITOR_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

typedef struct gi_chart_series {
    const char *label; /* legend text (escaped when written) */
    const char *color; /* a CSS colour literal such as "#2563eb" (written as is: not user data) */
    const double *x;   /* seconds, increasing */
    const double *y;   /* values in the chart's unit; NaN leaves a gap */
    size_t n;
    int step;   /* 1: y[i] holds over (x[i-1], x[i]] (a rate over an interval); 0: a line */
    int fill;   /* 1: shade the area under it */
    int dashed; /* 1: a dashed line (limits, allocations) */
    int peaks;  /* 1: when thinning many points, keep each bucket's maximum (else its mean) */
} gi_chart_series;

typedef struct gi_chart {
    const char *title;  /* above the plot, and the SVG's accessible name (escaped) */
    const char *y_unit; /* e.g. "cores", "%", "GiB" (escaped) */
    double x_max;       /* right end of the time axis, seconds */
    double y_max;       /* the axis is rounded up from this to a round tick */
    const gi_chart_series *series;
    size_t nseries;
} gi_chart;

/* Writes <figure><figcaption>title</figcaption><svg …>…</svg></figure> to f. */
void gi_svg_chart(FILE *f, const gi_chart *c);

#endif /* GI_MONITOR_SVG_CHART_H */
