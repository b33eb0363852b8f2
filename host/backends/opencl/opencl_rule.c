/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The user's integrand on OpenCL: kernels/opencl/integrate_rule.cl after the emitted gi_user_f,
 * one build per (device, source) kept on the device, launched in batches of tiles
 * (opencl_launch.c) like opencl_integrate.c's.
 */
#include "opencl_rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "opencl_errors.h"
#include "opencl_integrate.h"
#include "opencl_kernels.h"
#include "opencl_launch.h"
#include "opencl_program.h"
#include "opencl_queue.h"

static void kernel_free(opencl_rule_kernel *k)
{
    if (k->kernel)
        clReleaseKernel(k->kernel);
    if (k->program)
        clReleaseProgram(k->program);
    free(k->source);
    free(k);
}

void opencl_rule_release(opencl_device *d)
{
    while (d->rules) {
        opencl_rule_kernel *next = d->rules->next;
        kernel_free(d->rules);
        d->rules = next;
    }
}

static gi_status build(opencl_device *d, const char *user, opencl_rule_kernel **out, gi_error *err)
{
    /* The pragmas first (fp64 and no contraction, for gi_user_f too), then gi_user_f, then the
     * kernel that calls it. */
    static const char prelude[] = "#pragma OPENCL FP_CONTRACT OFF\n"
                                  "#if defined(cl_khr_fp64)\n"
                                  "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n"
                                  "#endif\n";
    size_t plen = sizeof prelude - 1, ulen = strlen(user);
    size_t klen = (size_t)opencl_kernel_integrate_rule_len;
    opencl_rule_kernel *k = calloc(1, sizeof *k);
    char *text = malloc(plen + ulen + klen + 1);
    if (!k || !text || !(k->source = strdup(user))) {
        free(text);
        if (k)
            kernel_free(k);
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY, "%s: out of memory for a program",
                            d->spec);
    }
    memcpy(text, prelude, plen);
    memcpy(text + plen, user, ulen);
    memcpy(text + plen + ulen, opencl_kernel_integrate_rule, klen + 1);
    char options[64];
    snprintf(options, sizeof options, "-DGI_LANES=%d", OPENCL_INTEGRATE_LANES);
    gi_status st =
        opencl_program_build(d->context, d->id, text, plen + ulen + klen, options, d->spec,
                             "the integrand (kernels/opencl/integrate_rule.cl)", &k->program, err);
    free(text);
    cl_int rc = CL_SUCCESS;
    if (st == GI_STATUS_OK) {
        k->kernel = clCreateKernel(k->program, "gi_integrate_rule_tiles", &rc);
        if (rc != CL_SUCCESS) {
            k->kernel = NULL;
            st = opencl_fail(err, rc, "%s: clCreateKernel(gi_integrate_rule_tiles)", d->spec);
        }
    }
    if (st == GI_STATUS_OK)
        st = opencl_kernel_max_group(d, k->kernel, "gi_integrate_rule_tiles",
                                     OPENCL_INTEGRATE_LANES, &k->max_group, err);
    if (st != GI_STATUS_OK) {
        kernel_free(k);
        return st;
    }
    *out = k;
    return GI_STATUS_OK;
}

/* The device's build of `user`, moved to the front of its list; built (and timed) if absent. */
static gi_status find_or_build(opencl_device *d, const char *user, opencl_rule_kernel **out,
                               double *build_s, gi_error *err)
{
    opencl_rule_kernel **link = &d->rules;
    int n = 0;
    for (; *link; link = &(*link)->next, n++) {
        if (strcmp((*link)->source, user) == 0) {
            opencl_rule_kernel *k = *link;
            *link = k->next;
            k->next = d->rules;
            d->rules = k;
            *out = k;
            return GI_STATUS_OK;
        }
    }
    double start = gi_now();
    opencl_rule_kernel *k = NULL;
    gi_status st = build(d, user, &k, err);
    *build_s = gi_now() - start;
    if (st != GI_STATUS_OK)
        return st;
    if (n >= OPENCL_RULE_CACHE) { /* drop the least recently used */
        opencl_rule_kernel **last = &d->rules;
        while ((*last)->next)
            last = &(*last)->next;
        kernel_free(*last);
        *last = NULL;
    }
    k->next = d->rules;
    d->rules = k;
    *out = k;
    return GI_STATUS_OK;
}

static gi_status set_args(const opencl_device *d, cl_kernel kernel, const gi_rule_layout *R,
                          cl_mem table, int64_t first, cl_mem out, gi_error *err)
{
    const gi_rule_axis *a[2] = {&R->x, &R->y};
    const cl_long tiles[3] = {R->tiles.tile_nx, R->tiles.tile_ny, R->tiles.cols};
    cl_int rc = CL_SUCCESS;
    cl_uint arg = 0;
    for (int i = 0; i < 3 && rc == CL_SUCCESS; i++)
        rc = clSetKernelArg(kernel, arg++, sizeof tiles[i], &tiles[i]);
    for (int i = 0; i < 2 && rc == CL_SUCCESS; i++) {
        const cl_double reals[3] = {a[i]->lo, a[i]->h, a[i]->w_end};
        const cl_long longs[2] = {a[i]->k, a[i]->points};
        const cl_int ends = a[i]->ends;
        for (int r = 0; r < 3 && rc == CL_SUCCESS; r++)
            rc = clSetKernelArg(kernel, arg++, sizeof reals[r], &reals[r]);
        for (int r = 0; r < 2 && rc == CL_SUCCESS; r++)
            rc = clSetKernelArg(kernel, arg++, sizeof longs[r], &longs[r]);
        if (rc == CL_SUCCESS)
            rc = clSetKernelArg(kernel, arg++, sizeof ends, &ends);
    }
    const cl_long range_first = first;
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(kernel, arg++, sizeof table, &table);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(kernel, arg++, sizeof range_first, &range_first);
    arg++; /* tile_base (argument 17): set per batch */
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(kernel, arg, sizeof out, &out);
    if (rc != CL_SUCCESS)
        return opencl_fail(err, rc, "%s: clSetKernelArg(gi_integrate_rule_tiles)", d->spec);
    return GI_STATUS_OK;
}

#define TILE_BASE_ARG 17

gi_status opencl_rule_range(opencl_device *d, const gi_run_config *cfg, const gi_integrand_desc *f,
                            const gi_rule_layout *R, int64_t first, int64_t count, gi_sum *out,
                            gi_workload_timing *t, gi_error *err)
{
    if (!f->opencl_source)
        return gi_error_set(err, GI_STATUS_NOT_SUPPORTED,
                            "%s: a %s runs on the CPU backends only (serial, openmp); give the "
                            "integrand as an expression to run it on OpenCL",
                            d->spec, f->text);
    gi_status st = opencl_queue_open(d, err);
    if (st != GI_STATUS_OK)
        return st;
    opencl_rule_kernel *k;
    double build_s = 0.0;
    if ((st = find_or_build(d, f->opencl_source, &k, &build_s, err)) != GI_STATUS_OK)
        return st;
    t->prepare_time_s = build_s;

    double table[4 * GI_RULE_MAX_NODES];
    memcpy(table, R->x.t, sizeof R->x.t);
    memcpy(table + GI_RULE_MAX_NODES, R->x.w, sizeof R->x.w);
    memcpy(table + 2 * GI_RULE_MAX_NODES, R->y.t, sizeof R->y.t);
    memcpy(table + 3 * GI_RULE_MAX_NODES, R->y.w, sizeof R->y.w);
    const size_t bytes = (size_t)count * sizeof(gi_sum);
    cl_int rc;
    cl_mem tab = clCreateBuffer(d->context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof table,
                                table, &rc);
    cl_mem buf = NULL;
    if (rc == CL_SUCCESS)
        buf = clCreateBuffer(d->context, CL_MEM_WRITE_ONLY, bytes, NULL, &rc);
    if (rc != CL_SUCCESS) {
        if (tab)
            clReleaseMemObject(tab);
        return opencl_fail(err, rc, "%s: clCreateBuffer(tile sums, %zu bytes)", d->spec, bytes);
    }
    st = set_args(d, k->kernel, R, tab, first, buf, err);
    if (st == GI_STATUS_OK)
        st = opencl_tiles_run(d, k->kernel, "gi_integrate_rule_tiles", TILE_BASE_ARG, k->max_group,
                              cfg->stop, first, count, R->tiles.tile_nx * R->tiles.tile_ny, buf,
                              out, t, err);
    clReleaseMemObject(buf);
    clReleaseMemObject(tab);
    return st;
}
