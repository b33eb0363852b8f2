/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * kernels/gi_sine.h compiled as OpenCL C (as the integrate kernel compiles it) on the device the
 * opencl tests use (PoCL on CI): on 10⁷ arguments, scalar and at the device's vector widths, it
 * gives the CPU's bits, and so the CPU's accuracy (tests/test_sine_cpu.c); the error against a
 * long double reference is checked here too, at most 1 ulp.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/sine_rows.h"
#include "opencl_errors.h"
#include "opencl_kernels.h"
#include "opencl_pick.h"
#include "opencl_program.h"

#if defined(__SANITIZE_ADDRESS__)
#define ARGS 1000000 /* a tenth under AddressSanitizer */
#else
#define ARGS 10000000
#endif
#define BATCH 1000000

static const char kernel_text[] =
    "__kernel void sines(__global const double *a, __global double *out)\n"
    "{\n"
    "    const size_t k = get_global_id(0);\n"
    "#if GI_SN_N == 1\n"
    "    out[k] = gi_sine(a[k]);\n"
    "#else\n"
    "    GI_SN_CAT(vstore, GI_SN_N)(gi_sine(GI_SN_CAT(vload, GI_SN_N)(k, a)), k, out);\n"
    "#endif\n"
    "}\n";

static cl_kernel build(opencl_device *d, int lanes, cl_program *program)
{
    static const char prelude[] = "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n";
    size_t n = strlen(prelude) + (size_t)opencl_kernel_gi_sine_len + strlen(kernel_text);
    char *text = malloc(n + 1);
    cr_assert(text);
    strcpy(text, prelude);
    memcpy(text + strlen(prelude), opencl_kernel_gi_sine, (size_t)opencl_kernel_gi_sine_len);
    strcpy(text + strlen(prelude) + (size_t)opencl_kernel_gi_sine_len, kernel_text);
    char options[32];
    snprintf(options, sizeof options, "-DGI_SN_N=%d", lanes);
    gi_error err = {{0}};
    cr_assert_eq(opencl_program_build(d->context, d->id, text, n, options, d->spec, "the sine test",
                                      program, &err),
                 GI_STATUS_OK, "%s", err.msg);
    free(text);
    cl_int rc;
    cl_kernel k = clCreateKernel(*program, "sines", &rc);
    cr_assert_eq(rc, CL_SUCCESS);
    return k;
}

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* As tests/test_sine_cpu.c: mostly the workload's range, some of the whole range. */
static double argument(uint64_t *s, long k)
{
    double u = (double)(next_random(s) >> 11) * 0x1p-53;
    switch (k % 10) {
    case 0:
    case 1:
        return (2.0 * u - 1.0) * 64.0;
    case 2:
        return (2.0 * u - 1.0) * GI_SINE_LIMIT;
    default:
        return u * 2.0 * M_PI;
    }
}

Test(opencl_sine, same_bits_as_the_cpu_and_within_one_ulp, .timeout = 300)
{
    opencl_state *s;
    opencl_device *d = gi_test_opencl_device(&s);
    double *a = malloc(BATCH * sizeof *a), *cpu = malloc(BATCH * sizeof *cpu),
           *dev = malloc(BATCH * sizeof *dev);
    cr_assert(a && cpu && dev);
    cl_int rc;
    cl_mem in = clCreateBuffer(d->context, CL_MEM_READ_ONLY, BATCH * sizeof *a, NULL, &rc);
    cr_assert_eq(rc, CL_SUCCESS);
    cl_mem out = clCreateBuffer(d->context, CL_MEM_WRITE_ONLY, BATCH * sizeof *a, NULL, &rc);
    cr_assert_eq(rc, CL_SUCCESS);
    gi_sine_values_fn values = gi_sine_values_for(GI_SINE_PATH_PORTABLE);
    /* Scalar work-items on every argument; the vector widths on a tenth each. */
    const int lanes[] = {1, 2, 4, 8, 16};
    for (size_t w = 0; w < sizeof lanes / sizeof lanes[0]; w++) {
        cl_program program;
        cl_kernel k = build(d, lanes[w], &program);
        cr_assert_eq(clSetKernelArg(k, 0, sizeof in, &in), CL_SUCCESS);
        cr_assert_eq(clSetKernelArg(k, 1, sizeof out, &out), CL_SUCCESS);
        uint64_t seed = 0x2545f4914f6cdd1du + (uint64_t)w;
        double worst = 0.0, at = 0.0;
        long total = lanes[w] == 1 ? ARGS : ARGS / 10;
        for (long done = 0; done < total; done += BATCH) {
            for (long i = 0; i < BATCH; i++)
                a[i] = argument(&seed, i);
            values(a, cpu, BATCH);
            cr_assert_eq(
                clEnqueueWriteBuffer(d->queue, in, CL_TRUE, 0, BATCH * sizeof *a, a, 0, NULL, NULL),
                CL_SUCCESS);
            size_t global = BATCH / (size_t)lanes[w];
            cr_assert_eq(clEnqueueNDRangeKernel(d->queue, k, 1, NULL, &global, NULL, 0, NULL, NULL),
                         CL_SUCCESS);
            cr_assert_eq(clEnqueueReadBuffer(d->queue, out, CL_TRUE, 0, BATCH * sizeof *dev, dev, 0,
                                             NULL, NULL),
                         CL_SUCCESS);
            for (long i = 0; i < BATCH; i++) {
                cr_assert(memcmp(&dev[i], &cpu[i], sizeof dev[i]) == 0,
                          "%d lanes: a = %.17g: device %a, CPU %a", lanes[w], a[i], dev[i], cpu[i]);
                long double ref = sinl((long double)a[i]);
                double r = fabs((double)ref);
                if (r == 0.0)
                    continue;
                double e =
                    (double)(fabsl((long double)dev[i] - ref) / (nextafter(r, INFINITY) - r));
                if (e > worst) {
                    worst = e;
                    at = a[i];
                }
            }
        }
        cr_log_info("%s, %d lanes: %ld arguments, worst %.4f ulp at %.17g", d->spec, lanes[w],
                    total, worst, at);
        cr_assert_leq(worst, 1.0, "%d lanes: %.4f ulp at %.17g", lanes[w], worst, at);
        clReleaseKernel(k);
        clReleaseProgram(program);
    }
    clReleaseMemObject(in);
    clReleaseMemObject(out);
    free(a);
    free(cpu);
    free(dev);
    opencl_devices_release(s);
}
