/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * NVRTC through dlopen, and the disk cache of its CUBINs (cuda_nvrtc.h).
 */
#include "cuda_nvrtc.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/error.h"
#include "cuda_kernels.h"

/* The few NVRTC entry points used, with NVRTC's own types spelled out (nvrtc.h is not needed to
 * build the plugin; the signatures are NVRTC's stable C API). */
typedef int nvrtc_result;
typedef struct _nvrtcProgram *nvrtc_program;
static struct {
    int opened;
    char why[512];
    int major, minor;
    const char *(*error_string)(nvrtc_result);
    nvrtc_result (*version)(int *, int *);
    nvrtc_result (*create)(nvrtc_program *, const char *, const char *, int, const char *const *,
                           const char *const *);
    nvrtc_result (*compile)(nvrtc_program, int, const char *const *);
    nvrtc_result (*log_size)(nvrtc_program, size_t *);
    nvrtc_result (*log)(nvrtc_program, char *);
    nvrtc_result (*cubin_size)(nvrtc_program, size_t *);
    nvrtc_result (*cubin)(nvrtc_program, char *);
    nvrtc_result (*destroy)(nvrtc_program *);
} nv;
static pthread_once_t nv_once = PTHREAD_ONCE_INIT;

#ifndef GI_NVRTC_SONAME
#define GI_NVRTC_SONAME "libnvrtc.so"
#endif

static void nv_open(void)
{
    const char *names[] = {GI_NVRTC_SONAME, "libnvrtc.so"};
    void *h = NULL;
    for (int i = 0; i < 2 && !h; i++)
        h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(nv.why, sizeof nv.why, "NVRTC is needed to compile the integrand: dlopen(%s): %s",
                 GI_NVRTC_SONAME, dlerror());
        return;
    }
#define SYM(field, name)                                                                           \
    if (!(*(void **)&nv.field = dlsym(h, name))) {                                                 \
        snprintf(nv.why, sizeof nv.why, "%s has no %s", GI_NVRTC_SONAME, name);                    \
        return;                                                                                    \
    }
    SYM(error_string, "nvrtcGetErrorString");
    SYM(version, "nvrtcVersion");
    SYM(create, "nvrtcCreateProgram");
    SYM(compile, "nvrtcCompileProgram");
    SYM(log_size, "nvrtcGetProgramLogSize");
    SYM(log, "nvrtcGetProgramLog");
    SYM(cubin_size, "nvrtcGetCUBINSize");
    SYM(cubin, "nvrtcGetCUBIN");
    SYM(destroy, "nvrtcDestroyProgram");
#undef SYM
    if (nv.version(&nv.major, &nv.minor) != 0) {
        snprintf(nv.why, sizeof nv.why, "nvrtcVersion failed");
        return;
    }
    nv.opened = 1; /* the handle stays open for the process: NVRTC keeps state of its own */
}

const char *const gi_nvrtc_options[] = {"--fmad=false", "-default-device", "--std=c++17", NULL};

char *gi_nvrtc_program_text(const char *user)
{
    size_t ulen = strlen(user), klen = (size_t)cuda_kernel_integrate_rule_len;
    char *text = malloc(ulen + klen + 1);
    if (!text)
        return NULL;
    memcpy(text, user, ulen);
    memcpy(text + ulen, cuda_kernel_integrate_rule, klen + 1);
    return text;
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t gi_nvrtc_key(const char *text, const gi_nvrtc_target *target, int nvrtc_major,
                      int nvrtc_minor)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv(h, text, strlen(text) + 1);
    for (int i = 0; gi_nvrtc_options[i]; i++)
        h = fnv(h, gi_nvrtc_options[i], strlen(gi_nvrtc_options[i]) + 1);
    const int nums[4] = {target->major, target->minor, nvrtc_major, nvrtc_minor};
    h = fnv(h, nums, sizeof nums);
    return fnv(h, target->gpu_name, strlen(target->gpu_name) + 1);
}

/* The cache folder, created if missing; "" when there is none to use. */
static void cache_dir(char *buf, size_t size)
{
    const char *env = getenv("GPUINTEG_CUDA_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (env && *env)
        snprintf(buf, size, "%s", env);
    else if (xdg && *xdg)
        snprintf(buf, size, "%s/gpuinteg/nvrtc", xdg);
    else if (home && *home)
        snprintf(buf, size, "%s/.cache/gpuinteg/nvrtc", home);
    else {
        buf[0] = '\0';
        return;
    }
    /* mkdir -p, each level */
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0700);
            *p = '/';
        }
    }
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        buf[0] = '\0';
}

static int read_file(const char *path, void **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    struct stat st;
    int ok = fstat(fileno(f), &st) == 0 && st.st_size > 0 && st.st_size < (1 << 28);
    void *buf = ok ? malloc((size_t)st.st_size) : NULL;
    ok = buf && fread(buf, 1, (size_t)st.st_size, f) == (size_t)st.st_size;
    fclose(f);
    if (!ok) {
        free(buf);
        return 0;
    }
    *data = buf;
    *size = (size_t)st.st_size;
    return 1;
}

/* Written to a unique temporary name and renamed: readers see a whole file or none, and two
 * processes compiling the same program at once do no harm. */
static void write_file(const char *path, const void *data, size_t size)
{
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return;
    int ok = write(fd, data, size) == (ssize_t)size;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0)
        unlink(tmp);
}

void gi_nvrtc_forget(const gi_nvrtc_result *r)
{
    if (r->cache_path[0])
        unlink(r->cache_path);
}

gi_status gi_nvrtc_compile(const char *user, const gi_nvrtc_target *target, gi_nvrtc_result *out,
                           gi_error *err)
{
    memset(out, 0, sizeof *out);
    pthread_once(&nv_once, nv_open);
    if (!nv.opened)
        return gi_error_set(err, GI_STATUS_NOT_SUPPORTED, "cuda: %s", nv.why);
    char *text = gi_nvrtc_program_text(user);
    if (!text)
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY, "cuda: out of memory for the program");
    char dir[400];
    cache_dir(dir, sizeof dir);
    if (dir[0])
        snprintf(out->cache_path, sizeof out->cache_path, "%s/%016llx.cubin", dir,
                 (unsigned long long)gi_nvrtc_key(text, target, nv.major, nv.minor));
    if (out->cache_path[0] && read_file(out->cache_path, &out->cubin, &out->size)) {
        out->from_cache = 1;
        free(text);
        return GI_STATUS_OK;
    }

    double start = gi_now();
    char arch[32];
    snprintf(arch, sizeof arch, "--gpu-architecture=sm_%d%d", target->major, target->minor);
    const char *options[8];
    int n = 0;
    for (; gi_nvrtc_options[n]; n++)
        options[n] = gi_nvrtc_options[n];
    options[n++] = arch;
    nvrtc_program prog = NULL;
    nvrtc_result rc = nv.create(&prog, text, "gpuinteg_integrand.cu", 0, NULL, NULL);
    free(text);
    if (rc != 0)
        return gi_error_set(err, GI_STATUS_DEVICE_ERROR, "cuda: nvrtcCreateProgram: %s",
                            nv.error_string(rc));
    rc = nv.compile(prog, n, options);
    gi_status st = GI_STATUS_OK;
    if (rc != 0) {
        size_t len = 0;
        char log[2048] = "";
        if (nv.log_size(prog, &len) == 0 && len > 0) {
            char *full = malloc(len);
            if (full && nv.log(prog, full) == 0)
                snprintf(log, sizeof log, "%s", full);
            free(full);
        }
        st = gi_error_set(err, GI_STATUS_DEVICE_ERROR, "cuda: nvrtcCompileProgram(%s): %s: log: %s",
                          arch, nv.error_string(rc), log);
    }
    if (st == GI_STATUS_OK && (rc = nv.cubin_size(prog, &out->size)) == 0 &&
        (out->cubin = malloc(out->size)) && (rc = nv.cubin(prog, out->cubin)) == 0) {
        out->compile_s = gi_now() - start;
        if (out->cache_path[0])
            write_file(out->cache_path, out->cubin, out->size);
    } else if (st == GI_STATUS_OK) {
        free(out->cubin);
        out->cubin = NULL;
        st = rc != 0 ? gi_error_set(err, GI_STATUS_DEVICE_ERROR, "cuda: nvrtcGetCUBIN: %s",
                                    nv.error_string(rc))
                     : gi_error_set(err, GI_STATUS_OUT_OF_MEMORY,
                                    "cuda: out of memory for a %zu-byte CUBIN", out->size);
    }
    nv.destroy(&prog);
    return st;
}
