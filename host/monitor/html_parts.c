/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pieces of the HTML page shared by report_html.c and report_job.c.
 */
#include "monitor/html_parts.h"

#include <gpuinteg/monitor.h>

static const char *level(double percent)
{
    return percent >= 75 ? "good" : percent >= GI_MONITOR_CPU_USED_MIN_PERCENT ? "fair" : "poor";
}

void gi_html_bar(FILE *f, double percent)
{
    double w = percent < 0 ? 0 : percent > 100 ? 100 : percent;
    fprintf(f, "<span class=\"bar\"><span class=\"%s\" style=\"width:%.0f%%\"></span></span>%.0f%%",
            level(percent), w, percent);
}
