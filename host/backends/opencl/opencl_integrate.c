/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * integrate on an OpenCL device, as ranges of tiles. The libm kernel writes one compensated
 * (s, c) pair per tile (kernels/opencl/integrate.cl), the gi one each tile's exact fixed-point
 * sum (kernels/opencl/integrate_fixed.cl); the caller combines them with gi_tiles_finish, so
 * repeated runs give the same bits and the device's work-group size does not enter the result.
 */
#include "opencl_integrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opencl_errors.h"
#include "opencl_kernels.h"
#include "opencl_launch.h"
#include "opencl_program.h"
#include "opencl_queue.h"

/* The program text of a kernel: the libm one as it is; the gi one after the pragmas it needs
 * before its first double and the shared sine (kernels/gi_sine.h). Returns a malloc'ed text or
 * NULL. */
static char *program_text(int sine, size_t *len)
{
    static const char prelude[] = "#if defined(cl_khr_fp64)\n"
                                  "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n"
                                  "#endif\n";
    const char *parts[3] = {(const char *)opencl_kernel_integrate, "", ""};
    size_t lens[3] = {(size_t)opencl_kernel_integrate_len, 0, 0};
    if (sine == GI_TILE_SINE_GI) {
        parts[0] = prelude;
        lens[0] = sizeof prelude - 1;
        parts[1] = (const char *)opencl_kernel_gi_sine;
        lens[1] = (size_t)opencl_kernel_gi_sine_len;
        parts[2] = (const char *)opencl_kernel_integrate_fixed;
        lens[2] = (size_t)opencl_kernel_integrate_fixed_len;
    }
    char *text = malloc(lens[0] + lens[1] + lens[2] + 1);
    if (!text)
        return NULL;
    memcpy(text, parts[0], lens[0]);
    memcpy(text + lens[0], parts[1], lens[1]);
    memcpy(text + lens[0] + lens[1], parts[2], lens[2]);
    *len = lens[0] + lens[1] + lens[2];
    text[*len] = '\0';
    return text;
}

static const char *kernel_name(int sine)
{
    return sine == GI_TILE_SINE_GI ? "gi_integrate_tiles_fixed" : "gi_integrate_tiles";
}

gi_status opencl_integrate_kernel_build(opencl_device *d, int sine,
                                        const opencl_integrate_shape *shape,
                                        opencl_integrate_kernel *k, gi_error *err)
{
    memset(k, 0, sizeof *k);
    const int gi = sine == GI_TILE_SINE_GI;
    const char *name = kernel_name(sine);
    const int vec = shape->vec, regs = shape->regs;
    if (vec < 1 || vec > 16 || (vec & (vec - 1)) != 0 || regs < 1 || regs > 16 ||
        (regs & (regs - 1)) != 0 || (!gi && regs != 1) || vec * regs > OPENCL_INTEGRATE_LANES)
        return gi_error_set(err, GI_STATUS_INTERNAL,
                            "%s: %s: no kernel shape of %d lanes and %d registers", d->spec, name,
                            vec, regs);
    char options[160];
    if (gi)
        snprintf(options, sizeof options, "-DGI_LANES=%d -DGI_SN_N=%d -DGI_REGS=%d%s",
                 OPENCL_INTEGRATE_LANES, vec, regs, shape->parts_only ? " -DGI_PARTS_ONLY" : "");
    else
        snprintf(options, sizeof options, "-DGI_LANES=%d -DGI_VEC=%d", OPENCL_INTEGRATE_LANES, vec);
    size_t len = 0;
    char *text = program_text(sine, &len);
    if (!text)
        return gi_error_set(err, GI_STATUS_OUT_OF_MEMORY, "%s: out of memory for a program",
                            d->spec);
    gi_status st = opencl_program_build(
        d->context, d->id, text, len, options, d->spec,
        gi ? "kernels/opencl/integrate_fixed.cl" : "kernels/opencl/integrate.cl", &k->program, err);
    free(text);
    if (st != GI_STATUS_OK)
        return st;
    cl_int rc;
    k->kernel = clCreateKernel(k->program, name, &rc);
    if (rc != CL_SUCCESS) {
        k->kernel = NULL;
        opencl_integrate_kernel_release(k);
        return opencl_fail(err, rc, "%s: clCreateKernel(%s)", d->spec, name);
    }
    /* The gi kernel's work-items each take blocks of vec·regs columns (GI_BLOCK). */
    const size_t items = OPENCL_INTEGRATE_LANES / (size_t)(vec * regs);
    st = opencl_kernel_max_group(d, k->kernel, name, items, &k->max_group, err);
    if (st != GI_STATUS_OK) {
        opencl_integrate_kernel_release(k);
        return st;
    }
    k->shape = *shape;
    k->sine = sine;
    return GI_STATUS_OK;
}

void opencl_integrate_kernel_release(opencl_integrate_kernel *k)
{
    if (k->kernel)
        clReleaseKernel(k->kernel);
    if (k->program)
        clReleaseProgram(k->program);
    memset(k, 0, sizeof *k);
}

static gi_status set_args(const opencl_device *d, const opencl_integrate_kernel *k,
                          const gi_tile_layout *L, int64_t first, cl_mem out, gi_error *err)
{
    const cl_long ints[5] = {L->nx, L->ny, L->tile_nx, L->tile_ny, L->cols};
    const cl_double reals[4] = {L->x0, L->y0, L->hx, L->hy};
    const cl_long range_first = first;
    cl_int rc = CL_SUCCESS;
    cl_uint arg = 0;
    for (int i = 0; i < 5 && rc == CL_SUCCESS; i++)
        rc = clSetKernelArg(k->kernel, arg++, sizeof ints[i], &ints[i]);
    for (int i = 0; i < 4 && rc == CL_SUCCESS; i++)
        rc = clSetKernelArg(k->kernel, arg++, sizeof reals[i], &reals[i]);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(k->kernel, arg++, sizeof range_first, &range_first);
    arg++; /* tile_base (TILE_BASE_ARG): set per batch */
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(k->kernel, arg, sizeof out, &out);
    if (rc != CL_SUCCESS)
        return opencl_fail(err, rc, "%s: clSetKernelArg(%s)", d->spec, kernel_name(k->sine));
    return GI_STATUS_OK;
}

#define TILE_BASE_ARG 10

gi_status opencl_integrate_tiles(opencl_device *d, const opencl_integrate_kernel *k, size_t group,
                                 const atomic_int *stop, const gi_tile_layout *L, int64_t first,
                                 int64_t count, gi_sum *out, gi_workload_timing *t, gi_error *err)
{
    if (k->sine != L->sine)
        return gi_error_set(err, GI_STATUS_INTERNAL,
                            "%s: integrate: the kernel built for sine %d got a layout for %d",
                            d->spec, k->sine, (int)L->sine);
    const size_t bytes = (size_t)count * sizeof(gi_sum);
    cl_int rc;
    cl_mem buf = clCreateBuffer(d->context, CL_MEM_WRITE_ONLY, bytes, NULL, &rc);
    if (rc != CL_SUCCESS)
        return opencl_fail(err, rc, "%s: clCreateBuffer(tile sums, %zu bytes)", d->spec, bytes);
    gi_status st = set_args(d, k, L, first, buf, err);
    if (st == GI_STATUS_OK)
        st = opencl_tiles_run(d, k->kernel, kernel_name(k->sine), TILE_BASE_ARG, group, stop, first,
                              count, L->tile_nx * L->tile_ny, buf, out, t, err);
    clReleaseMemObject(buf);
    if (st == GI_STATUS_OK && k->sine == GI_TILE_SINE_GI) {
        /* The kernel wrote each tile's 128-bit sum as (lo, hi) words: the pair the host combines.
         */
        for (int64_t i = 0; i < count; i++) {
            cl_long words[2];
            memcpy(words, &out[i], sizeof words);
            gi_fix128 T = {(uint64_t)words[0], words[1]};
            out[i] = gi_fix128_pair(T);
        }
    }
    return st;
}

opencl_integrate_shape opencl_integrate_natural_shape(const opencl_device *d)
{
    const size_t w = d->native_double > 16 ? 16 : d->native_double;
    opencl_integrate_shape shape = {(int)opencl_floor_pow2(w > 0 ? w : 1), 1, 0};
    if (d->info.kind == GI_DEVICE_CPU)
        shape.regs = 16;
    return shape;
}

/* d's kernel for `sine`, built if it was not. */
static gi_status kernel_for(opencl_device *d, int sine, const opencl_integrate_kernel **k,
                            gi_error *err)
{
    gi_status st = opencl_queue_open(d, err);
    if (st != GI_STATUS_OK)
        return st;
    opencl_integrate_kernel *slot = &d->integrate[sine == GI_TILE_SINE_GI];
    if (!slot->kernel) {
        opencl_integrate_shape shape = opencl_integrate_natural_shape(d);
        if (sine != GI_TILE_SINE_GI)
            shape.regs = 1;
        if ((st = opencl_integrate_kernel_build(d, sine, &shape, slot, err)) != GI_STATUS_OK)
            return st;
    }
    *k = slot;
    return GI_STATUS_OK;
}

gi_status opencl_integrate_prepare(opencl_device *d, gi_error *err)
{
    const opencl_integrate_kernel *k;
    gi_status st = kernel_for(d, GI_TILE_SINE_GI, &k, err);
    if (st == GI_STATUS_OK)
        st = kernel_for(d, GI_TILE_SINE_LIBM, &k, err);
    return st;
}

gi_status opencl_integrate_range(opencl_device *d, const gi_run_config *cfg,
                                 const gi_tile_layout *L, int64_t first, int64_t count, gi_sum *out,
                                 gi_workload_timing *t, gi_error *err)
{
    const opencl_integrate_kernel *k;
    gi_status st = kernel_for(d, L->sine, &k, err);
    if (st != GI_STATUS_OK)
        return st;
    return opencl_integrate_tiles(d, k, k->max_group, cfg->stop, L, first, count, out, t, err);
}
