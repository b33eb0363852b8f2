/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * What this library was built from and with (gpuinteg/build.h). The facts are generated at
 * configure time (cmake/GiBuildInfo.cmake: generated/build_info.c) and the commit at build time
 * (cmake/GiCommit.cmake: generated/build_commit.c); both texts are composed here once.
 */
#include <gpuinteg/build.h>

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char gi_build_info_version[];
extern const char gi_build_info_rest[];
extern const char gi_build_commit[];

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char *info_text;    /* composed once, kept for the life of the process */
static char *summary_text; /* likewise */

static void append(char *buf, size_t size, size_t *len, const char *fmt, const char *a,
                   const char *b)
{
    if (*len >= size)
        return;
    int n = snprintf(buf + *len, size - *len, fmt, a, b);
    if (n > 0)
        *len += (size_t)n < size - *len ? (size_t)n : size - *len - 1;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static void compose(void)
{
    size_t size = strlen(gi_build_info_rest) + strlen(gi_build_commit) + 64;
    info_text = malloc(size);
    if (!info_text)
        return;
    snprintf(info_text, size, "{\"version\":\"%s\",\"commit\":\"%s\",%s", gi_build_info_version,
             gi_build_commit, gi_build_info_rest);

    cJSON *j = cJSON_Parse(info_text);
    char line[2048];
    size_t len = 0;
    append(line, sizeof line, &len, "gpuinteg %s (commit %s", gi_build_info_version,
           gi_build_commit);
    append(line, sizeof line, &len, ", %s, %s); backends:", str(j, "build_type"),
           str(j, "compiler"));
    const cJSON *b;
    const char *sep = " ";
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "backends"))
    {
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "built"))) {
            append(line, sizeof line, &len, "%s%s", sep, str(b, "name"));
            sep = ", ";
        }
    }
    const cJSON *mpi = cJSON_GetObjectItemCaseSensitive(j, "mpi");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(mpi, "built")))
        append(line, sizeof line, &len, "; MPI: %s%s", str(mpi, "detail"), "");
    else
        append(line, sizeof line, &len, "; MPI left out (%s)%s", str(mpi, "reason"), "");
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "backends"))
    {
        if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(b, "built")))
            append(line, sizeof line, &len, "; %s left out (%s)", str(b, "name"), str(b, "reason"));
    }
    cJSON_Delete(j);
    summary_text = strdup(line);
}

const char *gi_build_info(void)
{
    pthread_once(&once, compose);
    return info_text ? info_text : "{}";
}

const char *gi_build_summary(void)
{
    pthread_once(&once, compose);
    return summary_text ? summary_text : "gpuinteg (build facts unavailable: out of memory)";
}
