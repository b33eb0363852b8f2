/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/html_parts.h — small pieces both HTML writers (the run's page and the job's
 * section of it) draw with, so that neither writer calls into the other.
 */
#ifndef GI_MONITOR_HTML_PARTS_H
#define GI_MONITOR_HTML_PARTS_H

#include <stdio.h>

/* An efficiency bar with its percentage ("good" from 75%, "fair" from
 * GI_MONITOR_CPU_USED_MIN_PERCENT, else "poor"), as the page's tables show it. */
void gi_html_bar(FILE *f, double percent);

#endif /* GI_MONITOR_HTML_PARTS_H */
