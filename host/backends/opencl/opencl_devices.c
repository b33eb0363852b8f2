/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Finding the OpenCL devices: every platform the ICD loader knows, every device of each, with the
 * facts `gpuinteg devices` shows and the reason when one cannot run these workloads.
 */
#include "opencl_devices.h"
#include "opencl_rule.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opencl_errors.h"
#include "util/fork_watch.h"

/* Reads a string property; on failure writes the reason into d and returns 0. */
static int device_string(opencl_device *d, cl_device_info what, const char *what_name, char *buf,
                         size_t size)
{
    size_t len = 0;
    cl_int rc = clGetDeviceInfo(d->id, what, 0, NULL, &len);
    char *tmp = rc == CL_SUCCESS ? malloc(len + 1) : NULL;
    if (rc == CL_SUCCESS && !tmp)
        rc = CL_OUT_OF_HOST_MEMORY;
    if (rc == CL_SUCCESS)
        rc = clGetDeviceInfo(d->id, what, len, tmp, NULL);
    if (rc != CL_SUCCESS) {
        gi_error e;
        opencl_fail(&e, rc, "%s: clGetDeviceInfo(%s)", d->spec, what_name);
        gi_text_copy(d->info.reason, sizeof d->info.reason, e.msg);
        free(tmp);
        return 0;
    }
    tmp[len] = '\0';
    gi_text_copy(buf, size, tmp);
    free(tmp);
    return 1;
}

/* Reads a fixed-size property; on failure writes the reason into d and returns 0. */
static int device_value(opencl_device *d, cl_device_info what, const char *what_name, void *out,
                        size_t size)
{
    cl_int rc = clGetDeviceInfo(d->id, what, size, out, NULL);
    if (rc != CL_SUCCESS) {
        gi_error e;
        opencl_fail(&e, rc, "%s: clGetDeviceInfo(%s)", d->spec, what_name);
        gi_text_copy(d->info.reason, sizeof d->info.reason, e.msg);
        return 0;
    }
    return 1;
}

#define STRING(d, what, buf) device_string(d, what, #what, buf, sizeof(buf))
#define VALUE(d, what, var)  device_value(d, what, #what, &(var), sizeof(var))

/* Whether the space-separated extension list names ext exactly. */
static int has_extension(const char *list, const char *ext)
{
    size_t n = strlen(ext);
    for (const char *p = strstr(list, ext); p; p = strstr(p + 1, ext))
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

/* "OpenCL 3.0" out of "OpenCL 3.0 PoCL HSTR: pthread-x86_64-…": the rest is in the driver. */
static void short_version(const char *version, char *out, size_t size)
{
    const char *space = strchr(version, ' ');
    const char *end = space ? strchr(space + 1, ' ') : NULL;
    size_t n = end ? (size_t)(end - version) : strlen(version);
    snprintf(out, size, "%.*s", (int)n, version);
}

static void read_facts(opencl_device *d, const char *platform_name)
{
    gi_backend_device *info = &d->info;
    char version[256], extensions[16384];
    cl_device_type type = 0;
    cl_uint units = 0;
    cl_ulong global = 0;
    cl_bool available = CL_FALSE, compiler = CL_FALSE;
    size_t max_group = 0;
    info->kind = GI_DEVICE_OTHER; /* until CL_DEVICE_TYPE says more */
    if (!STRING(d, CL_DEVICE_NAME, info->name) || !STRING(d, CL_DEVICE_VENDOR, info->vendor) ||
        !STRING(d, CL_DRIVER_VERSION, info->driver_version) ||
        !STRING(d, CL_DEVICE_VERSION, version) || !STRING(d, CL_DEVICE_EXTENSIONS, extensions) ||
        !VALUE(d, CL_DEVICE_TYPE, type) || !VALUE(d, CL_DEVICE_MAX_COMPUTE_UNITS, units) ||
        !VALUE(d, CL_DEVICE_GLOBAL_MEM_SIZE, global) ||
        !VALUE(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE, d->max_alloc) ||
        !VALUE(d, CL_DEVICE_MAX_WORK_GROUP_SIZE, max_group) ||
        !VALUE(d, CL_DEVICE_AVAILABLE, available) ||
        !VALUE(d, CL_DEVICE_COMPILER_AVAILABLE, compiler) ||
        !VALUE(d, CL_DEVICE_NATIVE_VECTOR_WIDTH_DOUBLE, d->native_double))
        return; /* unavailable, with the failed query as the reason */

    /* OpenCL 1.0/1.1 devices may not know CL_DEVICE_DOUBLE_FP_CONFIG: then the extension
     * decides alone. */
    cl_device_fp_config fp = 0;
    if (clGetDeviceInfo(d->id, CL_DEVICE_DOUBLE_FP_CONFIG, sizeof fp, &fp, NULL) != CL_SUCCESS)
        fp = 0;
    info->fp64 = has_extension(extensions, "cl_khr_fp64") || fp != 0;
    info->kind = (type & CL_DEVICE_TYPE_GPU)   ? GI_DEVICE_GPU
                 : (type & CL_DEVICE_TYPE_CPU) ? GI_DEVICE_CPU
                                               : GI_DEVICE_OTHER;
    info->compute_units = (int)units;
    info->global_mem_bytes = global;
    if (info->kind == GI_DEVICE_CPU) {
        /* A CPU device runs in this process: PoCL needs about 512 MiB for its compiler and
         * 128 MiB per compute unit, and crashes (SIGSEGV, or its own assertion) without them. */
        info->host_bytes = ((uint64_t)512 + 128 * (uint64_t)(units > 0 ? units : 1)) << 20;
        snprintf(info->host_bytes_what, sizeof info->host_bytes_what,
                 "the OpenCL CPU device's compiler and threads in this process");
    }

    char ver[64];
    short_version(version, ver, sizeof ver);
    snprintf(info->detail, sizeof info->detail,
             "platform '%.80s', %s, work-groups <= %zu, buffers <= %.1f GiB", platform_name, ver,
             max_group, (double)d->max_alloc / (1024.0 * 1024 * 1024));

    if (!available)
        snprintf(info->reason, sizeof info->reason,
                 "the driver reports it unavailable (CL_DEVICE_AVAILABLE is false)");
    else if (!compiler)
        snprintf(info->reason, sizeof info->reason,
                 "no OpenCL C compiler for it (CL_DEVICE_COMPILER_AVAILABLE is false); gpuinteg "
                 "builds its kernels at run time");
    else if (!info->fp64)
        snprintf(info->reason, sizeof info->reason,
                 "no double precision (no cl_khr_fp64, CL_DEVICE_DOUBLE_FP_CONFIG is 0); both "
                 "workloads compute in double");
    else
        info->available = 1;
}

/* Appends the devices of platform p to the state; notes what went wrong in why. */
static int add_platform(opencl_state *s, cl_platform_id platform, int p, gi_error *why)
{
    char pname[256] = "?";
    clGetPlatformInfo(platform, CL_PLATFORM_NAME, sizeof pname - 1, pname, NULL);
    pname[sizeof pname - 1] = '\0';

    cl_uint n = 0;
    cl_int rc = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, NULL, &n);
    if (rc == CL_SUCCESS && n == 0)
        rc = CL_DEVICE_NOT_FOUND;
    cl_device_id *ids = rc == CL_SUCCESS ? malloc(n * sizeof *ids) : NULL;
    if (rc == CL_SUCCESS && !ids)
        rc = CL_OUT_OF_HOST_MEMORY;
    if (rc == CL_SUCCESS)
        rc = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, n, ids, NULL);
    opencl_device *grown =
        rc == CL_SUCCESS ? realloc(s->devices, (s->count + n) * sizeof *grown) : NULL;
    if (rc == CL_SUCCESS && !grown)
        rc = CL_OUT_OF_HOST_MEMORY;
    if (rc != CL_SUCCESS) {
        const char *name = opencl_error_name(rc);
        gi_error_append(why, "%splatform %d '%.80s': clGetDeviceIDs: %s", why->msg[0] ? "; " : "",
                        p, pname, name ? name : "unknown OpenCL error");
        free(ids);
        return 0;
    }
    s->devices = grown;
    for (cl_uint k = 0; k < n; k++) {
        opencl_device *d = &s->devices[s->count++];
        memset(d, 0, sizeof *d);
        d->platform = platform;
        d->id = ids[k];
        d->info.address[0] = p;
        d->info.address[1] = (int)k;
        d->info.address_len = 2;
        snprintf(d->spec, sizeof d->spec, "opencl:%d:%u", p, k);
        read_facts(d, pname);
    }
    free(ids);
    return 1;
}

/* Contexts may be created from several threads at once, and the first listing in a process is
 * when the ICD loader and the drivers initialise: PoCL 3.1 hands out device handles whose facts
 * another thread is still filling in (a crash in clGetDeviceInfo). Listings take turns. */
static pthread_mutex_t probe_lock = PTHREAD_MUTEX_INITIALIZER;

static int probe_locked(opencl_state **state, gi_error *why);

int opencl_devices_probe(opencl_state **state, gi_error *why)
{
    pthread_mutex_lock(&probe_lock);
    int n = probe_locked(state, why);
    pthread_mutex_unlock(&probe_lock);
    return n;
}

/* A child forked after this process listed the platforms inherits the drivers' state but not
 * their threads (PoCL's workers; a GPU driver's context): OpenCL there hangs at the first
 * command, or fails (util/fork_watch.h). Such a child finds no OpenCL device, with the reason,
 * and every entry of the backend refuses. */
gi_status opencl_fork_check(gi_error *err)
{
    if (!gi_fork_watch_forked())
        return GI_STATUS_OK;
    return gi_error_set(err, GI_STATUS_BACKEND_UNAVAILABLE,
                        "opencl: this process was forked (fork(), or Python multiprocessing's "
                        "default 'fork' start method) from one that had already opened OpenCL, "
                        "whose driver threads do not survive fork; open OpenCL only in the child "
                        "processes, or start them with the 'spawn' or 'forkserver' method");
}

static int probe_locked(opencl_state **state, gi_error *why)
{
    *state = NULL;
    if (opencl_fork_check(why) != GI_STATUS_OK)
        return 0;
    gi_fork_watch_arm();
    cl_uint np = 0;
    cl_int rc = clGetPlatformIDs(0, NULL, &np);
    if (rc != CL_SUCCESS || np == 0) {
        const char *vendors = getenv("OCL_ICD_VENDORS");
        if (rc != CL_SUCCESS)
            opencl_fail(why, rc, "no OpenCL platform: clGetPlatformIDs");
        else
            gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE,
                         "no OpenCL platform: clGetPlatformIDs found none");
        gi_error_append(why, " (no usable ICD in %s)",
                        vendors && *vendors ? vendors : "/etc/OpenCL/vendors");
        return 0;
    }
    cl_platform_id *platforms = malloc(np * sizeof *platforms);
    opencl_state *s = calloc(1, sizeof *s);
    if (!platforms || !s) {
        free(platforms);
        free(s);
        gi_error_set(why, GI_STATUS_OUT_OF_MEMORY, "opencl: out of memory listing platforms");
        return 0;
    }
    *state = s;
    rc = clGetPlatformIDs(np, platforms, NULL);
    if (rc != CL_SUCCESS) {
        free(platforms);
        opencl_fail(why, rc, "no OpenCL platform: clGetPlatformIDs");
        return 0;
    }
    gi_error problems = {{0}};
    for (cl_uint p = 0; p < np; p++)
        add_platform(s, platforms[p], (int)p, &problems);
    free(platforms);
    if (s->count == 0)
        gi_error_set(why, GI_STATUS_BACKEND_UNAVAILABLE, "no OpenCL device: %s", problems.msg);
    return s->count;
}

void opencl_devices_release(opencl_state *s)
{
    if (!s)
        return;
    /* In a forked child the objects are the parent's driver's: calling it could hang. */
    for (int i = 0; i < s->count && !gi_fork_watch_forked(); i++) {
        opencl_device *d = &s->devices[i];
        opencl_rule_release(d);
        for (int k = 0; k < 2; k++) {
            if (d->integrate[k].kernel)
                clReleaseKernel(d->integrate[k].kernel);
            if (d->integrate[k].program)
                clReleaseProgram(d->integrate[k].program);
        }
        if (d->queue)
            clReleaseCommandQueue(d->queue);
        if (d->context)
            clReleaseContext(d->context);
    }
    free(s->devices);
    free(s);
}
