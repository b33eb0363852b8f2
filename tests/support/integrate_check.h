/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * tests/support/integrate_check.h — what a correct integrate result is, and how close it must
 * be, derived from the numerics rather than guessed.
 */
#ifndef GI_TEST_INTEGRATE_CHECK_H
#define GI_TEST_INTEGRATE_CHECK_H

#include <gpuinteg/gpuinteg.h>

/*
 * The largest |computed − closed form| a correct backend can produce for p. With u = 2⁻⁵³,
 * Xm = max(|x0|,|x1|), Ym likewise, N = nx·ny and A = hx·hy:
 *  - each grid point x0 + (i+½)hx is rounded twice and the argument x+y once, so the argument
 *    of each sine is off by at most 4u(Xm+Ym), which moves the sine by as much;
 *  - a vector or GPU sine is within 4 ulp of sin (libmvec, OpenCL's and CUDA's documented
 *    bounds), at most 4u since |sin| ≤ 1;
 *  - Neumaier summation adds at most 2u|S| + N²u²·max|term| (Higham, Accuracy and Stability,
 *    §4.3), and the final scaling by A one more rounding.
 * Summed over N terms of weight A: A·N·u·(4(Xm+Ym) + 4) + 3u|S·A| + A·N²·u². This is a worst
 * case: errors of this kind are not all of one sign, and real results are ~100× closer.
 */
double gi_test_integrate_tolerance(const gi_integrate_params *p);

/* Device specs to test, from $GI_TEST_DEVICES ("serial,openmp"); returns the count. Each
 * entry points into a static buffer. */
int gi_test_devices(const char *list[16]);

#endif /* GI_TEST_INTEGRATE_CHECK_H */
