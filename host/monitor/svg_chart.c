/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inline SVG line and step charts over time.
 */
#include "monitor/svg_chart.h"

#include <math.h>
#include <stdlib.h>

#include "monitor/text_format.h"

enum { W = 720, H = 240, LEFT = 58, RIGHT = 16, TOP = 14, BOTTOM = 38 };
/* More points than this are thinned into buckets: the plot is ~650 px wide. */
#define MAX_POINTS 700

/* A round step (1, 2 or 5 × 10^k) giving about `target` intervals over range. */
static double nice_step(double range, int target)
{
    if (!(range > 0))
        return 1;
    double raw = range / target, mag = pow(10.0, floor(log10(raw))), r = raw / mag;
    double step = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
    return step * mag;
}

static int decimals(double step)
{
    int d = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    return d > 6 ? 6 : d;
}

typedef struct frame {
    double x_max, y_max;
} frame;

static double px(const frame *fr, double x)
{
    return LEFT + (W - LEFT - RIGHT) * (x / fr->x_max);
}

static double py(const frame *fr, double y)
{
    double v = y < 0 ? 0 : y > fr->y_max ? fr->y_max : y;
    return TOP + (H - TOP - BOTTOM) * (1.0 - v / fr->y_max);
}

static void axes(FILE *f, const frame *fr, double ystep, double xstep, const char *unit)
{
    int yd = decimals(ystep), xd = decimals(xstep);
    fprintf(f, "<g class=\"grid\">");
    for (double y = 0; y <= fr->y_max * (1 + 1e-9); y += ystep) {
        double yy = py(fr, y);
        fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT, yy, W - RIGHT, yy);
        fprintf(f, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.*f</text>",
                LEFT - 6, yy + 4, yd, y);
    }
    for (double x = 0; x <= fr->x_max * (1 + 1e-9); x += xstep) {
        double xx = px(fr, x);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", xx, TOP, xx, H - BOTTOM);
        fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.*f</text>",
                xx, H - BOTTOM + 16, xd, x);
    }
    fprintf(f, "</g>");
    fprintf(f, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (s)</text>",
            (LEFT + W - RIGHT) / 2, H - 4);
    fprintf(f,
            "<text class=\"axis\" transform=\"rotate(-90)\" x=\"%d\" y=\"14\" "
            "text-anchor=\"middle\">",
            -(TOP + H - BOTTOM) / 2);
    gi_html_escape(f, unit);
    fprintf(f, "</text>");
    fprintf(f, "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", LEFT, TOP,
            W - LEFT - RIGHT, H - TOP - BOTTOM);
}

/* Thins a series into at most MAX_POINTS points (bucket mean or maximum, at the bucket's last
 * x). Returns the count; the arrays returned are malloc'd (the caller frees them when
 * *owned is set) or are the series' own. */
static size_t thin(const gi_chart_series *s, double x_max, double **xs, double **ys, int *owned)
{
    *owned = 0;
    *xs = (double *)s->x;
    *ys = (double *)s->y;
    if (s->n <= MAX_POINTS)
        return s->n;
    double *bx = malloc(MAX_POINTS * sizeof *bx), *by = malloc(MAX_POINTS * sizeof *by);
    if (!bx || !by) {
        free(bx);
        free(by);
        return s->n; /* draw them all instead */
    }
    size_t out = 0, i = 0;
    for (size_t b = 0; b < MAX_POINTS && i < s->n; b++) {
        double edge = x_max * (double)(b + 1) / MAX_POINTS, sum = 0, peak = NAN;
        size_t first = i, count = 0;
        for (; i < s->n && (s->x[i] <= edge || b + 1 == MAX_POINTS); i++) {
            if (isnan(s->y[i]))
                continue;
            sum += s->y[i];
            count++;
            if (isnan(peak) || s->y[i] > peak)
                peak = s->y[i];
        }
        if (i == first)
            continue; /* no sample in this bucket */
        bx[out] = s->x[i - 1];
        by[out] = count ? (s->peaks ? peak : sum / (double)count) : NAN;
        out++;
    }
    *xs = bx;
    *ys = by;
    *owned = 1;
    return out;
}

/* Writes the path data of a series; returns 0 when it has no point to draw. With close, each
 * run of points is closed down to the axis for shading. */
static int path(FILE *f, const frame *fr, const gi_chart_series *s, const double *x,
                const double *y, size_t n, int close)
{
    int drawn = 0, open = 0;
    double start_x = 0;
    double base = py(fr, 0);
    for (size_t i = 0; i < n; i++) {
        if (isnan(y[i]) || (s->step && i == 0)) {
            if (open && close)
                fprintf(f, " V%.1f H%.1f Z", base, start_x);
            open = 0;
            continue;
        }
        double x0 = s->step ? px(fr, x[i - 1]) : px(fr, x[i]);
        double x1 = px(fr, x[i]), yy = py(fr, y[i]);
        if (!open) {
            fprintf(f, "%sM%.1f %.1f", drawn ? " " : "", x0, yy);
            start_x = x0;
            open = 1;
        } else if (s->step) {
            fprintf(f, " V%.1f", yy);
        } else {
            fprintf(f, " L%.1f %.1f", x1, yy);
        }
        if (s->step)
            fprintf(f, " H%.1f", x1);
        drawn = 1;
    }
    if (open && close)
        fprintf(f, " V%.1f H%.1f Z", base, start_x);
    return drawn;
}

void gi_svg_chart(FILE *f, const gi_chart *c)
{
    frame fr = {.x_max = c->x_max > 0 ? c->x_max : 1.0, .y_max = c->y_max};
    if (!(fr.y_max > 0) || !isfinite(fr.y_max))
        fr.y_max = 1.0;
    double ystep = nice_step(fr.y_max, 5);
    fr.y_max = ceil(fr.y_max / ystep - 1e-9) * ystep;
    double xstep = nice_step(fr.x_max, 8);

    fputs("<figure><figcaption><b>", f);
    gi_html_escape(f, c->title);
    fputs("</b>", f);
    for (size_t k = 0; k < c->nseries; k++) {
        fprintf(f, "<span class=\"key\"><i class=\"%s\" style=\"border-color:%s\"></i>",
                c->series[k].dashed ? "dash" : "solid", c->series[k].color);
        gi_html_escape(f, c->series[k].label);
        fputs("</span>", f);
    }
    fprintf(f,
            "</figcaption><svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
            "aria-label=\"",
            W, H, W, H);
    gi_html_escape(f, c->title);
    fputs("\"><title>", f);
    gi_html_escape(f, c->title);
    fputs("</title>", f);
    axes(f, &fr, ystep, xstep, c->y_unit);

    for (size_t k = 0; k < c->nseries; k++) {
        const gi_chart_series *s = &c->series[k];
        double *x, *y;
        int owned;
        size_t n = thin(s, fr.x_max, &x, &y, &owned);
        if (s->fill) {
            fprintf(f, "<path class=\"area\" fill=\"%s\" d=\"", s->color);
            path(f, &fr, s, x, y, n, 1);
            fputs("\"/>", f);
        }
        fprintf(f, "<path class=\"line%s\" stroke=\"%s\" d=\"", s->dashed ? " dashed" : "",
                s->color);
        path(f, &fr, s, x, y, n, 0);
        fputs("\"/>", f);
        if (owned) {
            free(x);
            free(y);
        }
    }
    fputs("</svg></figure>\n", f);
}
