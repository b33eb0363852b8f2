/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "monitor/json_format.h"

#include <math.h>
#include <stdio.h>

void gi_json_num(cJSON *o, const char *key, double v)
{
    char buf[40];
    if (isfinite(v)) {
        snprintf(buf, sizeof buf, "%.17g", v);
        cJSON_AddRawToObject(o, key, buf);
    } else {
        cJSON_AddNullToObject(o, key);
    }
}

void gi_json_str_or_null(cJSON *o, const char *key, const char *s)
{
    if (s && s[0])
        cJSON_AddStringToObject(o, key, s);
    else
        cJSON_AddNullToObject(o, key);
}

cJSON *gi_json_cpu(cJSON *o, double allocated, const char *source, double used_cores,
                   double percent)
{
    cJSON *cpu = cJSON_AddObjectToObject(o, "cpu");
    if (cpu) {
        gi_json_num(cpu, "allocated", allocated);
        if (source)
            cJSON_AddStringToObject(cpu, "allocated_source", source);
        gi_json_num(cpu, "used_cores", used_cores);
        gi_json_num(cpu, "percent", percent);
    }
    return cpu;
}

const char *gi_json_kind_word(gi_device_kind k)
{
    return k == GI_DEVICE_CPU     ? "cpu"
           : k == GI_DEVICE_GPU   ? "gpu"
           : k == GI_DEVICE_OTHER ? "other"
                                  : NULL;
}
