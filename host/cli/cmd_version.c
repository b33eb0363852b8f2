/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg --version [--json]: what this gpuinteg was built from and with (gi_build_info) and
 * what it finds here at run time: each backend available or why not, the BLAS the openmp backend
 * loaded (vendor, version, threading), the CUDA driver and runtime, the OpenCL platforms, and
 * whether gpuinteg-mpi is beside this program. The first text line stays "gpuinteg VERSION".
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mpi_program.h"

/* What one backend offers at run time, from the context's device list. */
typedef struct backend_state {
    int devices;          /* usable devices */
    const char *reason;   /* why none is usable: the backend's record or the first device's */
    gi_device_info first; /* the first device (usable or not); valid when has_first */
    int has_first;
} backend_state;

static backend_state backend_here(gi_context *ctx, const char *name)
{
    backend_state s = {0};
    for (size_t i = 0; ctx && i < gi_device_count(ctx); i++) {
        gi_device_info d;
        if (gi_device_get(ctx, i, &d) != GI_STATUS_OK || strcmp(d.backend, name) != 0)
            continue;
        if (d.index < 0) { /* the backend itself is unavailable */
            s.reason = d.reason;
            continue;
        }
        if (!s.has_first) {
            s.first = d;
            s.has_first = 1;
        }
        if (d.available)
            s.devices++;
        else if (!s.reason)
            s.reason = d.reason;
    }
    if (!ctx)
        s.reason = "no context could be created";
    else if (!s.reason && !s.has_first)
        s.reason = "not found";
    return s;
}

static cJSON *str_or_null(const char *s)
{
    return s && *s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* The backend named `name` among ctx's, filled into *b; 0 when it is not there. */
static int backend_named(gi_context *ctx, const char *name, gi_backend_info *b)
{
    for (size_t i = 0; ctx && i < gi_backend_count(ctx); i++)
        if (gi_backend_get(ctx, i, b) == GI_STATUS_OK && strcmp(b->name, name) == 0)
            return 1;
    return 0;
}

/* Adds a section of the backends' own (gi_backend_info's version_*) to the document under
 * its key, and its text line to lines. */
static void add_section(cJSON *j, cJSON *lines, const char *key, const char *title, cJSON *section,
                        const char *text)
{
    cJSON_AddItemToObject(j, key, section);
    cJSON *line = cJSON_CreateObject();
    cJSON_AddStringToObject(line, "title", title);
    cJSON_AddStringToObject(line, "text", text);
    cJSON_AddItemToArray(lines, line);
}

/* A backend whose section the build declares but which is not here to fill it (left out of
 * the build, or its plugin not loaded): every field null and why. */
static void add_missing_section(cJSON *j, cJSON *lines, const cJSON *declared, const char *why)
{
    const char *key = cJSON_GetObjectItemCaseSensitive(declared, "key")->valuestring;
    cJSON *section = cJSON_CreateObject();
    const cJSON *field;
    cJSON_ArrayForEach(field, cJSON_GetObjectItemCaseSensitive(declared, "fields"))
    {
        cJSON_AddNullToObject(section, field->valuestring);
    }
    cJSON_AddStringToObject(section, "reason", why);
    char text[1200];
    snprintf(text, sizeof text, "%s: %s",
             cJSON_GetObjectItemCaseSensitive(declared, "none")->valuestring, why);
    add_section(j, lines, key, cJSON_GetObjectItemCaseSensitive(declared, "title")->valuestring,
                section, text);
}

/* Each backend's section: the one it wrote (ops' version), else the build's declaration. */
static void add_sections(gi_context *ctx, cJSON *j, cJSON *lines)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "backends"))
    {
        const char *name = cJSON_GetObjectItemCaseSensitive(b, "name")->valuestring;
        const cJSON *declared = cJSON_GetObjectItemCaseSensitive(b, "version_section");
        gi_backend_info info;
        int here = backend_named(ctx, name, &info);
        cJSON *section = here && info.version_key[0] ? cJSON_Parse(info.version_json) : NULL;
        if (section) {
            add_section(j, lines, info.version_key, info.version_title, section, info.version_text);
        } else if (cJSON_IsObject(declared)) {
            char why[600];
            if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "built")))
                snprintf(why, sizeof why, "the %s backend was not built", name);
            else
                snprintf(why, sizeof why, "%s",
                         !ctx             ? "no context could be created"
                         : !here          ? "not found"
                         : info.reason[0] ? info.reason
                                          : "the backend wrote no section");
            add_missing_section(j, lines, declared, why);
        }
    }
    /* Plugins found on the plugin path, beyond the build's own backends. */
    for (size_t i = 0; ctx && i < gi_backend_count(ctx); i++) {
        gi_backend_info info;
        if (gi_backend_get(ctx, i, &info) != GI_STATUS_OK || !info.version_key[0] ||
            cJSON_HasObjectItem(j, info.version_key))
            continue;
        cJSON *section = cJSON_Parse(info.version_json);
        if (section)
            add_section(j, lines, info.version_key, info.version_title, section, info.version_text);
    }
}

/* The whole document: the build's facts, each backend's state here and its own section
 * (BLAS, CUDA, OpenCL, …), MPI. lines gets the sections' text lines. */
static cJSON *version_json(gi_context *ctx, cJSON *lines)
{
    cJSON *j = cJSON_Parse(gi_build_info());
    if (!j)
        j = cJSON_CreateObject();
    cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "backends"))
    {
        const char *name = cJSON_GetObjectItemCaseSensitive(b, "name")->valuestring;
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "built")))
            continue;
        backend_state s = backend_here(ctx, name);
        cJSON_AddBoolToObject(b, "available", s.devices > 0);
        cJSON_AddNumberToObject(b, "devices", s.devices);
        if (s.devices == 0)
            cJSON_AddItemToObject(b, "unavailable_reason", str_or_null(s.reason));
    }
    add_sections(ctx, j, lines);
    cJSON *mpi = cJSON_GetObjectItemCaseSensitive(j, "mpi");
    char path[4096];
    if (mpi && gi_cli_mpi_program_path(path, sizeof path)) {
        cJSON_AddStringToObject(mpi, "program", path);
        cJSON_AddBoolToObject(mpi, "program_found", access(path, X_OK) == 0);
    }
    return j;
}

/* A string member for printing: "" when absent. */
static const char *txt(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static void print_text(const cJSON *j, const cJSON *lines)
{
    printf("gpuinteg %s\n", txt(j, "version"));
    printf("build:     commit %s, %s, %s, %s\n", txt(j, "commit"), txt(j, "build_type"),
           txt(j, "compiler"), txt(j, "platform"));
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "backends"))
    {
        const char *name = txt(b, "name");
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "built"))) {
            printf("%-10s left out: %s\n", name, txt(b, "reason"));
            continue;
        }
        const char *detail = txt(b, "detail");
        int n = (int)cJSON_GetObjectItemCaseSensitive(b, "devices")->valuedouble;
        printf("%-10s built%s%s%s; ", name, *detail ? " (" : "", detail, *detail ? ")" : "");
        if (n > 0)
            printf("available here, %d device%s\n", n, n == 1 ? "" : "s");
        else
            printf("unavailable here: %s\n", txt(b, "unavailable_reason"));
    }
    const cJSON *mpi = cJSON_GetObjectItemCaseSensitive(j, "mpi");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(mpi, "built")))
        printf("MPI:       %s, %s%s\n", txt(mpi, "detail"),
               *txt(mpi, "program") ? txt(mpi, "program") : "gpuinteg-mpi",
               cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(mpi, "program_found")) ? ""
                                                                                    : " (missing)");
    else
        printf("MPI:       left out: %s\n", txt(mpi, "reason"));
    const char *sep;
    const cJSON *line;
    cJSON_ArrayForEach(line, lines)
    {
        char title[32];
        snprintf(title, sizeof title, "%s:", txt(line, "title"));
        printf("%-10s %s\n", title, txt(line, "text"));
    }
    const cJSON *lib;
    printf("libraries:");
    sep = " ";
    cJSON_ArrayForEach(lib, cJSON_GetObjectItemCaseSensitive(j, "libraries"))
    {
        printf("%s%s %s", sep, lib->string, cJSON_IsString(lib) ? lib->valuestring : "?");
        sep = ", ";
    }
    putchar('\n');
}

int gi_cmd_version(int argc, char **argv)
{
    int json = 0;
    gi_cli_args a = {.argc = argc, .argv = argv, .i = -1};
    while (gi_cli_next(&a)) {
        if (gi_cli_is(&a, "--json", NULL) && !a.eq)
            json = 1;
        else
            return gi_cli_unknown(&a, "--version");
    }
    gi_context *ctx = NULL;
    if (gi_context_create(&ctx) != GI_STATUS_OK)
        ctx = NULL; /* the build's facts still print; every backend then says why */
    cJSON *lines = cJSON_CreateArray();
    cJSON *j = version_json(ctx, lines);
    gi_context_destroy(ctx);
    if (json) {
        char *text = cJSON_PrintUnformatted(j);
        if (text)
            puts(text);
        cJSON_free(text);
    } else {
        print_text(j, lines);
    }
    cJSON_Delete(j);
    cJSON_Delete(lines);
    return GI_EXIT_OK;
}
