/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/monitor/json_format.h — how the monitor's JSON writers put values into cJSON objects,
 * shared so that every report prints numbers and absent values the same way.
 */
#ifndef GI_MONITOR_JSON_FORMAT_H
#define GI_MONITOR_JSON_FORMAT_H

#include <cjson/cJSON.h>

#include <gpuinteg/context.h>

/* Adds v with 17 significant digits, so that it reads back to the same double (cJSON's own
 * printing stops at 15 digits when those come within an epsilon); null for NaN and infinities. */
void gi_json_num(cJSON *o, const char *key, double v);

/* Adds s, or null when s is NULL or empty ("none", "not measured"). */
void gi_json_str_or_null(cJSON *o, const char *key, const char *s);

/* Adds the "cpu" object every report gives, for one process or a job: allocated, then
 * allocated_source unless source is NULL, used_cores and percent. Returns it (the caller adds
 * the rest), or NULL when out of memory. */
cJSON *gi_json_cpu(cJSON *o, double allocated, const char *source, double used_cores,
                   double percent);

/* "cpu", "gpu" or "other"; NULL for a value outside gi_device_kind. */
const char *gi_json_kind_word(gi_device_kind k);

#endif /* GI_MONITOR_JSON_FORMAT_H */
