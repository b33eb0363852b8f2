/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * libgpuinteg_blas's decisions, seen from outside a process: each case runs its products in a
 * forked child (the GPUINTEG_BLAS_* settings are read once per process) and checks the
 * child's exit status, its stderr and the record it wrote at exit.
 *
 * The CUDA route's host code runs against the stand-in "cuda" plugins of tests/support
 * (GI_TEST_FAKE_GPU_*_DIR): one GPU whose dgemm adds 1 to C(0,0) (so the test sees where a
 * product ran) and one with no dgemm (a device that fails every call). GI_TEST_BLAS_DEVICE
 * names a device for the threshold case (serial here, opencl under the opencl label).
 */
#include <criterion/criterion.h>

#include <cjson/cJSON.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run_cmd.h"

void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *A, const int *lda, const double *B, const int *ldb,
            const double *beta, double *C, const int *ldc, size_t la, size_t lb);

typedef struct child_result {
    int exit_code; /* -1 when killed */
    char *err;     /* its stderr */
    cJSON *record; /* NULL when none was written */
    double c00[4]; /* C(0,0) of the child's products, in order */
} child_result;

/* n×n products of all-ones matrices, n from sizes (0-terminated): C(0,0) = n exactly. */
static void products(const int *sizes, double *c00, int out_fd)
{
    for (int i = 0; sizes[i]; i++) {
        int n = sizes[i];
        size_t nn = (size_t)n * n;
        double *A = malloc(nn * sizeof *A), *C = calloc(nn, sizeof *C), one = 1.0, zero = 0.0;
        for (size_t j = 0; j < nn; j++)
            A[j] = 1.0;
        dgemm_("N", "N", &n, &n, &n, &one, A, &n, A, &n, &zero, C, &n, 1, 1);
        c00[i] = C[0];
        if (write(out_fd, &c00[i], sizeof c00[i]) != (ssize_t)sizeof c00[i])
            _exit(99);
        free(A);
        free(C);
    }
}

/* Runs products(sizes) in a child whose environment gets env ("NAME=value", NULL-ended) on
 * top of a clean GPUINTEG_BLAS_* set, with the record in dir. */
static child_result run_child(const char *dir, const char *const *env, const int *sizes)
{
    child_result r = {0};
    char errpath[4200], recpath[4200];
    snprintf(errpath, sizeof errpath, "%s/stderr", dir);
    snprintf(recpath, sizeof recpath, "%s/record.json", dir);
    int pipefd[2];
    cr_assert_eq(pipe(pipefd), 0);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        close(pipefd[0]);
        int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        close(fd);
        unsetenv("GPUINTEG_BLAS_DEVICE");
        unsetenv("GPUINTEG_BLAS_MIN_FLOPS");
        unsetenv("GPUINTEG_BLAS_FALLBACK");
        setenv("GPUINTEG_BLAS_REPORT", recpath, 1);
        for (int i = 0; env[i]; i++)
            putenv((char *)env[i]);
        double c00[4];
        products(sizes, c00, pipefd[1]);
        exit(0);
    }
    close(pipefd[1]);
    double v;
    for (int i = 0; i < 4 && read(pipefd[0], &v, sizeof v) == (ssize_t)sizeof v; i++)
        r.c00[i] = v;
    close(pipefd[0]);
    int status;
    waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = gi_read_file(errpath, NULL);
    char *text = gi_read_file(recpath, NULL);
    r.record = text ? cJSON_Parse(text) : NULL;
    free(text);
    return r;
}

static void child_free(child_result *r)
{
    free(r->err);
    cJSON_Delete(r->record);
}

/* The record's entry for device with the reason starting with `reason`, or NULL. */
static cJSON *place(const child_result *r, const char *device, const char *reason)
{
    cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItem(r->record, "devices"))
    {
        const char *dev = cJSON_GetStringValue(cJSON_GetObjectItem(d, "device"));
        const char *why = cJSON_GetStringValue(cJSON_GetObjectItem(d, "reason"));
        if (dev && why && strcmp(dev, device) == 0 && strncmp(why, reason, strlen(reason)) == 0)
            return d;
    }
    return NULL;
}

static double num(const cJSON *o, const char *key)
{
    return cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
}

/* Lines of s, leaving out the sanitizers' own ("==pid==…", under the asan preset). */
static int lines(const char *s)
{
    int n = 0;
    for (const char *line = s; line && *line;) {
        const char *end = strchr(line, '\n');
        n += strncmp(line, "==", 2) != 0;
        line = end ? end + 1 : line + strlen(line);
    }
    return n;
}

static char env_plugins[4200];

static const char *fake(const char *which)
{
    const char *dir = getenv(which);
    cr_assert(dir, "%s not set", which);
    snprintf(env_plugins, sizeof env_plugins, "GPUINTEG_PLUGIN_PATH=%s", dir);
    return env_plugins;
}

Test(blas_record, below_the_threshold_stays_on_the_cpu_and_the_record_says_so)
{
    const char *dev = getenv("GI_TEST_BLAS_DEVICE") ? getenv("GI_TEST_BLAS_DEVICE") : "serial";
    char env_dev[128];
    snprintf(env_dev, sizeof env_dev, "GPUINTEG_BLAS_DEVICE=%s", dev);
    const char *env[] = {env_dev, "GPUINTEG_BLAS_MIN_FLOPS=1e6", NULL};
    const int sizes[] = {16, 100, 0}; /* 8192 flops: CPU; 2e6 flops: the device */
    char *dir = gi_temp_dir();
    child_result r = run_child(dir, env, sizes);
    cr_expect_eq(r.exit_code, 0, "stderr: %s", r.err);
    cr_expect_eq(r.c00[0], 16.0);
    cr_expect_eq(r.c00[1], 100.0);
    cr_assert(r.record, "no record written");
    cJSON *cpu = place(&r, "cpu", "below the threshold: 2*m*n*k < GPUINTEG_BLAS_MIN_FLOPS = 1e+06");
    cr_assert(cpu, "no below-threshold CPU entry in the record");
    cr_expect_eq(num(cpu, "calls"), 1);
    cr_expect_eq(num(cpu, "flops"), 2.0 * 16 * 16 * 16);
    cr_expect_eq(num(cpu, "bytes_moved"), 0);
    const char *sel = cJSON_GetStringValue(cJSON_GetObjectItem(r.record, "device_selected"));
    cr_assert(sel);
    cJSON *on = place(&r, sel, "2*m*n*k >= GPUINTEG_BLAS_MIN_FLOPS");
    cr_assert(on, "no entry for %s", sel);
    cr_expect_eq(num(on, "calls"), 1);
    cr_expect_eq(num(on, "flops"), 2e6);
    cJSON *shape = cJSON_GetArrayItem(cJSON_GetObjectItem(on, "shapes"), 0);
    cr_expect_eq(num(shape, "m"), 100);
    cr_expect_gt(num(on, "time_s"), 0);
    cr_expect_gt(num(on, "gflops_per_s"), 0);
    child_free(&r);
    gi_remove_tree(dir);
    free(dir);
}

Test(blas_record, the_cuda_route_offloads_what_the_model_says_and_records_the_copies)
{
    /* The fake GPU adds 1 to C(0,0): 64³ stays on the CPU (exact 64), 400³ goes to "cuda". */
    const char *env[] = {"GPUINTEG_BLAS_DEVICE=cuda", fake("GI_TEST_FAKE_GPU_CORRUPT_DIR"),
                         "OPENBLAS_NUM_THREADS=2", NULL};
    const int sizes[] = {64, 400, 0};
    char *dir = gi_temp_dir();
    child_result r = run_child(dir, env, sizes);
    cr_expect_eq(r.exit_code, 0, "stderr: %s", r.err);
    cr_expect_eq(r.c00[0], 64.0, "64³ did not stay on the CPU");
    cr_expect_eq(r.c00[1], 401.0, "400³ did not run on the (fake) GPU");
    cr_assert(r.record);
    cJSON *cpu = place(&r, "cpu", "below the threshold: the transfer model");
    cr_assert(cpu, "no below-threshold CPU entry");
    cr_expect_eq(num(cpu, "calls"), 1);
    cJSON *gpu = place(&r, "cuda:0", "the transfer model");
    cr_assert(gpu, "no cuda:0 entry");
    cr_expect_eq(num(gpu, "calls"), 1);
    cr_expect_eq(num(gpu, "bytes_moved"), 8.0 * 3 * 400 * 400); /* A, B in; C out (beta = 0) */
    child_free(&r);
    gi_remove_tree(dir);
    free(dir);
}

Test(blas_record, a_failing_device_stops_the_program_unless_fallback_is_allowed)
{
    const int sizes[] = {50, 0};
    char *dir = gi_temp_dir();
    const char *env[] = {"GPUINTEG_BLAS_DEVICE=cuda", "GPUINTEG_BLAS_MIN_FLOPS=0",
                         fake("GI_TEST_FAKE_GPU_NOGEMM_DIR"), NULL};
    child_result r = run_child(dir, env, sizes);
    cr_expect_eq(r.exit_code, 3, "stderr: %s", r.err);
    cr_expect_eq(lines(r.err), 1, "stderr: %s", r.err);
    cr_expect(strstr(r.err, "gpuinteg_blas: dgemm_ (m = 50, n = 50, k = 50) on cuda:0 failed"),
              "stderr: %s", r.err);
    cr_expect(strstr(r.err, "GPUINTEG_BLAS_FALLBACK=cpu"), "stderr: %s", r.err);
    cr_assert(r.record, "the record must be written on the way out too");
    cr_expect_eq(num(r.record, "failures"), 1);
    child_free(&r);

    const char *env2[] = {"GPUINTEG_BLAS_DEVICE=cuda", "GPUINTEG_BLAS_MIN_FLOPS=0",
                          "GPUINTEG_BLAS_FALLBACK=cpu", env[2], NULL};
    r = run_child(dir, env2, sizes);
    cr_expect_eq(r.exit_code, 0, "stderr: %s", r.err);
    cr_expect_eq(r.c00[0], 50.0);
    cr_expect_eq(lines(r.err), 1, "one note on stderr: %s", r.err);
    cJSON *cpu = place(&r, "cpu", "fallback");
    cr_assert(cpu, "no fallback entry");
    cr_expect_eq(num(cpu, "fallbacks"), 1);
    child_free(&r);
    gi_remove_tree(dir);
    free(dir);
}

Test(blas_record, an_unavailable_cuda_is_exit_3_or_the_cpu_when_allowed)
{
    /* No plugin folder with a CUDA plugin that finds a driver: the real plugin's "no driver"
     * path on this machine (a GPU machine skips it). */
    const char *env[] = {"GPUINTEG_BLAS_DEVICE=cuda:0", "GPUINTEG_PLUGIN_PATH=/nonexistent", NULL};
    const int sizes[] = {8, 0};
    char *dir = gi_temp_dir();
    child_result r = run_child(dir, env, sizes);
    cr_expect_eq(r.exit_code, 3, "stderr: %s", r.err);
    cr_expect_eq(lines(r.err), 1, "stderr: %s", r.err);
    cr_expect(strstr(r.err, "gpuinteg_blas: GPUINTEG_BLAS_DEVICE=cuda:0: "), "stderr: %s", r.err);
    child_free(&r);
    const char *env2[] = {env[0], env[1], "GPUINTEG_BLAS_FALLBACK=cpu", NULL};
    r = run_child(dir, env2, sizes);
    cr_expect_eq(r.exit_code, 0, "stderr: %s", r.err);
    cr_expect_eq(r.c00[0], 8.0);
    cr_assert(r.record);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(r.record, "device_selected")), "cpu");
    cr_expect(place(&r, "cpu", "fallback: "), "no fallback entry");
    child_free(&r);
    gi_remove_tree(dir);
    free(dir);
}

Test(blas_record, bad_settings_are_one_line_and_exit_2)
{
    const int sizes[] = {8, 0};
    char *dir = gi_temp_dir();
    const char *cases[][2] = {
        {"GPUINTEG_BLAS_MIN_FLOPS=lots", "GPUINTEG_BLAS_MIN_FLOPS = 'lots' is not valid"},
        {"GPUINTEG_BLAS_MIN_FLOPS=-1", "GPUINTEG_BLAS_MIN_FLOPS = '-1' is not valid"},
        {"GPUINTEG_BLAS_FALLBACK=yes", "GPUINTEG_BLAS_FALLBACK = 'yes' is not valid: use none"},
        {"GPUINTEG_BLAS_DEVICE=gpu", "GPUINTEG_BLAS_DEVICE: "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *env[] = {cases[i][0], NULL};
        child_result r = run_child(dir, env, sizes);
        cr_expect_eq(r.exit_code, 2, "%s: exit %d, stderr: %s", cases[i][0], r.exit_code, r.err);
        cr_expect_eq(lines(r.err), 1, "%s: stderr: %s", cases[i][0], r.err);
        cr_expect(r.err && strstr(r.err, cases[i][1]), "%s: stderr: %s", cases[i][0], r.err);
        child_free(&r);
    }
    gi_remove_tree(dir);
    free(dir);
}

Test(blas_record, auto_without_a_gpu_leaves_every_call_to_the_system_blas)
{
    /* No GPU plugin: auto picks a CPU backend, and the system BLAS (the openmp backend's own
     * OpenBLAS) runs every call; the record keeps them in one entry with auto's reason. */
    const char *env[] = {"GPUINTEG_BLAS_DEVICE=auto", "GPUINTEG_PLUGIN_PATH=/nonexistent", NULL};
    const int sizes[] = {300, 300, 16, 0};
    char *dir = gi_temp_dir();
    child_result r = run_child(dir, env, sizes);
    cr_expect_eq(r.exit_code, 0, "stderr: %s", r.err);
    cr_expect_eq(r.c00[0], 300.0);
    cr_expect_eq(r.c00[2], 16.0);
    cr_assert(r.record);
    cJSON *cpu = place(&r, "cpu", "auto chose ");
    cr_assert(cpu, "no auto entry");
    cr_expect_eq(num(cpu, "calls"), 3);
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.record, "devices")), 1);
    child_free(&r);
    gi_remove_tree(dir);
    free(dir);
}
