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

/* The openmp backend's BLAS: its device detail ends "dgemm: OpenBLAS 0.3.21, pthreads, Zen
 * kernels" (host/backends/openmp). */
static cJSON *blas_json(const backend_state *omp, const cJSON *build_backend)
{
    cJSON *o = cJSON_CreateObject();
    const char *dg = omp->has_first ? strstr(omp->first.detail, "dgemm: ") : NULL;
    char vendor[64] = "", version[64] = "", threading[64] = "", kernels[64] = "";
    if (dg &&
        sscanf(dg + 7, "%63s %63[^,], %63[^,], %63[^\n]", vendor, version, threading, kernels) ==
            4 &&
        strcmp(vendor, "none") != 0) {
        char *k = strstr(kernels, " kernels");
        if (k)
            *k = '\0';
        cJSON_AddStringToObject(o, "vendor", vendor);
        cJSON_AddStringToObject(o, "version", version);
        cJSON_AddStringToObject(o, "threading", threading);
        cJSON_AddStringToObject(o, "kernels", kernels);
    } else {
        const cJSON *detail = cJSON_GetObjectItemCaseSensitive(build_backend, "detail");
        const char *why = !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(build_backend, "built"))
                              ? "the openmp backend was not built"
                          : omp->reason ? omp->reason
                          : cJSON_IsString(detail) && strstr(detail->valuestring, "no dgemm")
                              ? "built without OpenBLAS"
                              : "the openmp backend did not say";
        cJSON_AddNullToObject(o, "vendor");
        cJSON_AddStringToObject(o, "reason", why);
    }
    return o;
}

/* CUDA: the toolkit built against (the runtime is linked statically: the same version) and
 * the driver here, from the first device's "CUDA 12.4 (runtime 13.0)". */
static cJSON *cuda_json(const backend_state *cu, const cJSON *libraries, int built)
{
    cJSON *o = cJSON_CreateObject();
    const cJSON *tk = cJSON_GetObjectItemCaseSensitive(libraries, "CUDA");
    cJSON_AddItemToObject(o, "toolkit", str_or_null(cJSON_IsString(tk) ? tk->valuestring : NULL));
    int dmaj = 0, dmin = 0, rmaj = 0, rmin = 0;
    if (cu->has_first && sscanf(cu->first.driver_version, "CUDA %d.%d (runtime %d.%d)", &dmaj,
                                &dmin, &rmaj, &rmin) == 4) {
        char buf[32];
        snprintf(buf, sizeof buf, "%d.%d", rmaj, rmin);
        cJSON_AddStringToObject(o, "runtime", buf);
        snprintf(buf, sizeof buf, "%d.%d", dmaj, dmin);
        cJSON_AddStringToObject(o, "driver", buf);
    } else {
        cJSON_AddItemToObject(o, "runtime",
                              str_or_null(built && cJSON_IsString(tk) ? tk->valuestring : NULL));
        cJSON_AddNullToObject(o, "driver");
        cJSON_AddStringToObject(o, "reason",
                                built ? (cu->reason ? cu->reason : "no device")
                                      : "the cuda backend was not built");
    }
    return o;
}

/* OpenCL: the ICD loader built against and each platform the loader found here (from the
 * devices' "platform 'NAME', VERSION, …" detail), once each. */
static cJSON *opencl_json(gi_context *ctx, const cJSON *build_backend, const backend_state *cl)
{
    cJSON *o = cJSON_CreateObject();
    const cJSON *detail = cJSON_GetObjectItemCaseSensitive(build_backend, "detail");
    const char *loader = cJSON_IsString(detail) ? strstr(detail->valuestring, "ICD loader ") : NULL;
    char path[512] = "";
    if (loader)
        sscanf(loader + 11, "%511[^,]", path);
    cJSON_AddItemToObject(o, "icd_loader", str_or_null(path));
    const char *vendors = getenv("OCL_ICD_VENDORS");
    cJSON_AddStringToObject(o, "icd_vendors",
                            vendors && *vendors ? vendors : "/etc/OpenCL/vendors");
    cJSON *platforms = cJSON_AddArrayToObject(o, "platforms");
    for (size_t i = 0; ctx && i < gi_device_count(ctx); i++) {
        gi_device_info d;
        char name[256], version[128];
        if (gi_device_get(ctx, i, &d) != GI_STATUS_OK || strcmp(d.backend, "opencl") != 0 ||
            d.index < 0 || sscanf(d.detail, "platform '%255[^']', %127[^,]", name, version) != 2)
            continue;
        int seen = 0;
        const cJSON *p;
        cJSON_ArrayForEach(p, platforms)
        {
            if (strcmp(cJSON_GetObjectItemCaseSensitive(p, "name")->valuestring, name) == 0)
                seen = 1;
        }
        if (seen)
            continue;
        cJSON *p_new = cJSON_CreateObject();
        cJSON_AddStringToObject(p_new, "name", name);
        cJSON_AddStringToObject(p_new, "version", version);
        cJSON_AddItemToArray(platforms, p_new);
    }
    if (cJSON_GetArraySize(platforms) == 0)
        cJSON_AddStringToObject(o, "reason", cl->reason ? cl->reason : "no platform");
    return o;
}

/* The whole document: the build's facts, each backend's state here, BLAS, CUDA, OpenCL, MPI. */
static cJSON *version_json(gi_context *ctx)
{
    cJSON *j = cJSON_Parse(gi_build_info());
    if (!j)
        j = cJSON_CreateObject();
    const cJSON *libraries = cJSON_GetObjectItemCaseSensitive(j, "libraries");
    cJSON *b;
    const cJSON *omp_build = NULL, *cl_build = NULL;
    int cuda_built = 0;
    backend_state omp = {0}, cu = {0}, cl = {0};
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "backends"))
    {
        const char *name = cJSON_GetObjectItemCaseSensitive(b, "name")->valuestring;
        int built = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "built"));
        backend_state s = built ? backend_here(ctx, name) : (backend_state){0};
        if (built) {
            cJSON_AddBoolToObject(b, "available", s.devices > 0);
            cJSON_AddNumberToObject(b, "devices", s.devices);
            if (s.devices == 0)
                cJSON_AddItemToObject(b, "unavailable_reason", str_or_null(s.reason));
        }
        if (strcmp(name, "openmp") == 0) {
            omp = s;
            omp_build = b;
        } else if (strcmp(name, "cuda") == 0) {
            cu = s;
            cuda_built = built;
        } else if (strcmp(name, "opencl") == 0) {
            cl = s;
            cl_build = b;
        }
    }
    cJSON_AddItemToObject(j, "blas", blas_json(&omp, omp_build));
    cJSON_AddItemToObject(j, "cuda", cuda_json(&cu, libraries, cuda_built));
    cJSON_AddItemToObject(j, "opencl", opencl_json(ctx, cl_build, &cl));
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

static void print_text(const cJSON *j)
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
    const cJSON *blas = cJSON_GetObjectItemCaseSensitive(j, "blas");
    if (*txt(blas, "vendor"))
        printf("BLAS:      %s %s, %s threading, %s kernels\n", txt(blas, "vendor"),
               txt(blas, "version"), txt(blas, "threading"), txt(blas, "kernels"));
    else
        printf("BLAS:      none: %s\n", txt(blas, "reason"));
    const cJSON *cuda = cJSON_GetObjectItemCaseSensitive(j, "cuda");
    printf("CUDA:      toolkit %s, runtime %s, driver %s%s%s\n",
           *txt(cuda, "toolkit") ? txt(cuda, "toolkit") : "none",
           *txt(cuda, "runtime") ? txt(cuda, "runtime") : "none",
           *txt(cuda, "driver") ? txt(cuda, "driver") : "none", *txt(cuda, "reason") ? ": " : "",
           txt(cuda, "reason"));
    const cJSON *cl = cJSON_GetObjectItemCaseSensitive(j, "opencl");
    printf("OpenCL:    ICD loader %s (vendors in %s); platforms:",
           *txt(cl, "icd_loader") ? txt(cl, "icd_loader") : "none", txt(cl, "icd_vendors"));
    const cJSON *p;
    const char *sep = " ";
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(cl, "platforms"))
    {
        printf("%s%s (%s)", sep, txt(p, "name"), txt(p, "version"));
        sep = ", ";
    }
    if (*txt(cl, "reason"))
        printf(" none: %s", txt(cl, "reason"));
    putchar('\n');
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
    cJSON *j = version_json(ctx);
    gi_context_destroy(ctx);
    if (json) {
        char *text = cJSON_PrintUnformatted(j);
        if (text)
            puts(text);
        cJSON_free(text);
    } else {
        print_text(j);
    }
    cJSON_Delete(j);
    return GI_EXIT_OK;
}
