/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg --version [--json]: the build's facts (version, commit, build type, compiler, each
 * backend built or left out with the reason, MPI, libraries) and what this machine gives at run
 * time (each backend available or why not, the BLAS's vendor, version and threading, CUDA,
 * OpenCL); the same facts in the reports' footers.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_run.h"

static cJSON *version_json(const char *const *env)
{
    const char *args[] = {"--version", "--json", NULL};
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_eq(r->exit_code, 0, "exit %d: %s", r->exit_code, r->err);
    cr_assert_eq(gi_count_lines(r->out), 1, "one line of JSON:\n%s", r->out);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert_not_null(j, "not JSON: %s", r->out);
    free(r);
    return j;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    cr_assert(cJSON_IsString(v) && v->valuestring[0], "%s: a non-empty string", key);
    return v->valuestring;
}

static const cJSON *backend(const cJSON *j, const char *name)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "backends"))
    {
        if (strcmp(str(b, "name"), name) == 0)
            return b;
    }
    cr_assert_fail("backend %s missing from --version --json", name);
    return NULL;
}

static int built(const cJSON *b)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "built"));
}

Test(cli_version, text_first_line_and_sections)
{
    const char *args[] = {"--version", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_eq(strncmp(r->out, "gpuinteg " GI_VERSION_STRING "\n",
                         strlen("gpuinteg " GI_VERSION_STRING "\n")),
                 0, "the first line is what scripts read: %s", r->out);
    const char *lines[] = {
        "\nbuild:     commit ", "\nserial     built",    "\nopenmp     ",
        "\nopencl     ",        "\ncuda       ",         "\nMPI:       ",
        "\nBLAS:      ",        "\nCUDA:      toolkit ", "\nOpenCL:    ICD loader ",
        "\nlibraries: "};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        cr_assert(strstr(r->out, lines[i]), "no line starting '%s' in:\n%s", lines[i] + 1, r->out);
    cr_assert_str_empty(r->err);
    free(r);
}

Test(cli_version, json_build_facts)
{
    cJSON *j = version_json(NULL);
    cr_assert_str_eq(str(j, "version"), GI_VERSION_STRING);
    cr_assert_str_eq(str(j, "build_type"), getenv("GI_TEST_BUILD_TYPE"));
    cr_assert_str_eq(str(j, "compiler"), getenv("GI_TEST_COMPILER"));
    /* Built from a git checkout: the commit is one of this checkout's, HEAD or (after a commit
     * made since the build) an ancestor of it: describe's abbreviation of a real commit. */
    const char *commit = str(j, "commit");
    const char *src = getenv("GI_TEST_SOURCE_DIR");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "git -C '%s' rev-parse --git-dir > /dev/null 2>&1", src);
    if (system(cmd) == 0) {
        const char *hash = strstr(commit, "-g") ? strstr(commit, "-g") + 2 : commit;
        size_t n = 0;
        while (isxdigit((unsigned char)hash[n]))
            n++;
        cr_assert(n >= 7, "commit %s: no hash in a git checkout", commit);
        snprintf(cmd, sizeof cmd, "git -C '%s' merge-base --is-ancestor %.*s HEAD", src, (int)n,
                 hash);
        cr_assert_eq(system(cmd), 0, "commit %s is not HEAD or an ancestor of it", commit);
    }
    /* Every backend gpuinteg has, each built (then available here or why not) or left out
     * with the reason; the build's own list of what it built must agree. */
    const char *names[] = {"serial", "openmp", "opencl", "cuda"};
    const char *expected = getenv("GI_TEST_BACKENDS_BUILT");
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "backends")), 4);
    for (int i = 0; i < 4; i++) {
        const cJSON *b = backend(j, names[i]);
        cr_assert_eq(built(b), strstr(expected, names[i]) != NULL, "%s built?", names[i]);
        if (!built(b)) {
            str(b, "reason");
            continue;
        }
        const cJSON *avail = cJSON_GetObjectItemCaseSensitive(b, "available");
        cr_assert(cJSON_IsBool(avail), "%s: available", names[i]);
        if (cJSON_IsFalse(avail))
            str(b, "unavailable_reason");
    }
    cr_assert(built(backend(j, "serial")));
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(backend(j, "serial"), "available")));
    const cJSON *libraries = cJSON_GetObjectItemCaseSensitive(j, "libraries");
    str(libraries, "cJSON");

    const cJSON *mpi = cJSON_GetObjectItemCaseSensitive(j, "mpi");
    int have_mpi = strcmp(getenv("GI_TEST_HAVE_MPI"), "1") == 0;
    cr_assert_eq(built(mpi), have_mpi);
    if (have_mpi) {
        cr_assert(strstr(str(mpi, "program"), "/gpuinteg-mpi"));
        cr_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(mpi, "program_found")));
    } else {
        str(mpi, "reason");
    }

    /* CUDA: the toolkit it was built with, then the driver here or why there is none. */
    const cJSON *cuda = cJSON_GetObjectItemCaseSensitive(j, "cuda");
    if (built(backend(j, "cuda"))) {
        cr_assert_str_eq(str(cuda, "toolkit"), str(libraries, "CUDA"));
        str(cuda, "runtime");
        if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cuda, "driver")))
            str(cuda, "reason");
        else
            str(cuda, "driver");
    }
    /* OpenCL: the loader, and a platform wherever the backend has a device. */
    const cJSON *cl = cJSON_GetObjectItemCaseSensitive(j, "opencl");
    if (built(backend(j, "opencl"))) {
        cr_assert(strstr(str(cl, "icd_loader"), "OpenCL"), "loader %s", str(cl, "icd_loader"));
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(backend(j, "opencl"), "available")))
            cr_assert_gt(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cl, "platforms")), 0);
    }
    cJSON_Delete(j);
}

/* The BLAS as loaded at run time: OpenBLAS, the version the build found, and its threading as
 * OpenBLAS reports it; Debian's OpenMP flavour, put first on the library path, says so. */
Test(cli_version, blas_vendor_version_threading)
{
    cJSON *j = version_json(NULL);
    const cJSON *omp = backend(j, "openmp");
    const cJSON *libraries = cJSON_GetObjectItemCaseSensitive(j, "libraries");
    if (!built(omp) || !cJSON_GetObjectItemCaseSensitive(libraries, "OpenBLAS"))
        cr_skip_test("openmp backend without OpenBLAS in this build");
    const cJSON *blas = cJSON_GetObjectItemCaseSensitive(j, "blas");
    cr_assert_str_eq(str(blas, "vendor"), "OpenBLAS");
    cr_assert_str_eq(str(blas, "version"), str(libraries, "OpenBLAS"));
    const char *t = str(blas, "threading");
    cr_assert(strcmp(t, "pthreads") == 0 || strcmp(t, "OpenMP") == 0 ||
                  strcmp(t, "sequential") == 0,
              "threading %s", t);
    str(blas, "kernels");
    cJSON_Delete(j);

    const char *dir = getenv("GI_TEST_OPENBLAS_OPENMP_DIR");
    if (!dir || !*dir)
        return;
    char env0[1024];
    snprintf(env0, sizeof env0, "LD_LIBRARY_PATH=%s", dir);
    const char *env[] = {env0, NULL};
    j = version_json(env);
    cr_assert_str_eq(str(cJSON_GetObjectItemCaseSensitive(j, "blas"), "threading"), "OpenMP");
    cJSON_Delete(j);
}

Test(cli_version, bad_option)
{
    const char *args[] = {"--version", "--jsn", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 30);
    cr_assert_eq(r->exit_code, 2);
    cr_assert_str_empty(r->out);
    cr_assert_eq(gi_count_lines(r->err), 1, "%s", r->err);
    cr_assert(strstr(r->err, "--jsn"), "%s", r->err);
    free(r);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* The reports carry the same facts: the JSON report the build object, the page's footer the
 * one-line summary. */
Test(cli_version, report_footer)
{
    char dir[] = "/tmp/gi-version-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char json_path[128], html_path[128];
    snprintf(json_path, sizeof json_path, "%s/run.json", dir);
    snprintf(html_path, sizeof html_path, "%s/run.html", dir);
    const char *a1[] = {"--device", "serial", "-n", "200", "--quiet", "--report", json_path, NULL};
    const char *a2[] = {"--device", "serial", "-n", "200", "--quiet", "--report", html_path, NULL};
    gi_cli_result *r = gi_cli_run(a1, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    free(r);
    r = gi_cli_run(a2, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    free(r);

    cJSON *v = version_json(NULL);
    cJSON *report = cJSON_Parse(slurp(json_path));
    cr_assert_not_null(report);
    const cJSON *build = cJSON_GetObjectItemCaseSensitive(report, "build");
    cr_assert_not_null(build, "the JSON report has the build's facts");
    cr_assert_str_eq(str(build, "commit"), str(v, "commit"));
    cr_assert_str_eq(str(build, "compiler"), str(v, "compiler"));
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(build, "backends")), 4);
    cJSON_Delete(report);

    const char *html = slurp(html_path);
    const char *footer = strstr(html, "<footer>");
    cr_assert_not_null(footer);
    cr_assert(strncmp(footer + 8, gi_build_summary(), strlen(gi_build_summary())) == 0,
              "footer %.300s\nsummary %s", footer, gi_build_summary());
    char expect[128];
    snprintf(expect, sizeof expect, "gpuinteg %s (commit %s, %s, ", GI_VERSION_STRING,
             str(v, "commit"), str(v, "build_type"));
    cr_assert(strstr(footer, expect), "footer %.300s", footer);
    cJSON_Delete(v);
    remove(json_path);
    remove(html_path);
    rmdir(dir);
}
