#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The course's numba program, written again for gpuinteg's benchmark: the pure-Python loop
compiled by numba's @njit. The first call compiles it; it is made on a 2x2 grid before the
clock starts, so the times are of the compiled loop only.
Usage: integrate_numba.py [N] [--repeat R] [--json]   (N bins per axis, default 10000)."""

import time
from math import pi, sin

from numba import njit

import course_args


@njit
def integrate(n):
    h = pi / n
    mysum = 0.0
    for i in range(n):
        x = h * (i + 0.5)
        for j in range(n):
            y = h * (j + 0.5)
            mysum += sin(x + y)
    return h * h * mysum


def main():
    n, repeat, as_json = course_args.parse(10000)
    integrate(2)
    seconds = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = integrate(n)
        seconds.append(time.perf_counter() - t0)
    course_args.report_integral(as_json, value, seconds, n=n, threads=1)


if __name__ == "__main__":
    main()
