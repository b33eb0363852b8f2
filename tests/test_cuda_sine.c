/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sine of kernels/cuda/sine.h, which the CUDA integrate kernel evaluates: its accuracy
 * against long double sinl (whose own error, ~2⁻⁶⁴ relative, is far below what is measured). The
 * same code runs here and on the GPU with the same rounding (see sine.h), so this bounds the
 * GPU's sines too. The bound asserted, 2 ulp, is CUDA's documented bound for its own sin() and
 * half of what tests/support/integrate_check.h's tolerance assumes for any backend's sine.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "sine.h"

/* |gi_cuda_sine(a) − sin(a)| in units of the last place of sin(a). */
static double ulp_error(double a)
{
    long double ref = sinl((long double)a);
    double r = (double)ref;
    if (r == 0.0)
        return gi_cuda_sine(a) == 0.0 ? 0.0 : INFINITY;
    double ulp = nextafter(fabs(r), INFINITY) - fabs(r);
    return (double)(fabsl((long double)gi_cuda_sine(a) - ref) / ulp);
}

static unsigned next_random(unsigned *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state;
}

Test(cuda_sine, within_two_ulp_over_its_range)
{
    const double ranges[] = {1e-6, 1.0, M_PI, 100.0, 1e4, GI_CUDA_SINE_FAST_LIMIT};
    unsigned seed = 12345;
    for (size_t k = 0; k < sizeof ranges / sizeof ranges[0]; k++) {
        double worst = 0.0, at = 0.0;
        for (int i = 0; i < 200000; i++) {
            double a = ((double)next_random(&seed) / 4294967296.0 * 2.0 - 1.0) * ranges[k];
            double e = ulp_error(a);
            if (e > worst) {
                worst = e;
                at = a;
            }
        }
        cr_assert_leq(worst, 2.0, "|a| <= %g: %.3f ulp at a = %.17g", ranges[k], worst, at);
    }
}

Test(cuda_sine, within_two_ulp_next_to_multiples_of_half_pi)
{
    /* Where the reduced argument is smallest, the reduction's error counts most. */
    for (long q = -650000; q <= 650000; q += 97) {
        double a = (double)q * (M_PI / 2);
        for (int d = 0; d < 4; d++, a = nextafter(a, INFINITY)) {
            if (fabs(a) > GI_CUDA_SINE_FAST_LIMIT)
                continue;
            cr_assert_leq(ulp_error(a), 2.0, "a = %.17g (q = %ld)", a, q);
        }
    }
}

Test(cuda_sine, odd_function_to_the_bit)
{
    unsigned seed = 99;
    for (int i = 0; i < 100000; i++) {
        double a = (double)next_random(&seed) / 4294967296.0 * 1000.0;
        double p = gi_cuda_sine(a), m = -gi_cuda_sine(-a);
        cr_assert(memcmp(&p, &m, sizeof p) == 0, "a = %.17g: %.17g vs %.17g", a, p, m);
    }
}

Test(cuda_sine, exact_where_sin_is)
{
    cr_assert_eq(gi_cuda_sine(0.0), 0.0);
    cr_assert_eq(gi_cuda_sine(-0.0), 0.0); /* +0: the sign of a zero sine is not kept (see sine.h) */
    cr_assert_eq(gi_cuda_sine(0x1p-30), 0x1p-30); /* sin a = a to double precision */
}
