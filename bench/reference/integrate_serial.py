#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The course's pure-Python serial loop, written again for gpuinteg's benchmark: the 2-D midpoint
rule of sin(x+y) on [0,pi]^2, outer loop over x, inner over y, one running float sum.
Usage: integrate_serial.py [N] [--repeat R] [--json]   (N bins per axis, default 10000)."""

import time
from math import pi, sin

import course_args


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
    seconds = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = integrate(n)
        seconds.append(time.perf_counter() - t0)
    course_args.report_integral(as_json, value, seconds, n=n, threads=1)


if __name__ == "__main__":
    main()
