#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The course's dot.py, written again for gpuinteg's benchmark: B = A·A for a random N×N matrix
(default 3000) with numpy, timed around the product only. numpy's BLAS (OpenBLAS on Debian)
takes its threads from OMP_NUM_THREADS / OPENBLAS_NUM_THREADS, read when numpy is imported.
Usage: dot.py [N] [--repeat R] [--json]."""

import time

import numpy as np

import course_args


def main():
    n, repeat, as_json = course_args.parse(3000)
    A = np.random.rand(n, n)
    seconds = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        B = np.dot(A, A)
        seconds.append(time.perf_counter() - t0)
    # One entry against a plain dot product: a wrong BLAS must not pass as a fast one.
    want = float(A[n - 1, :] @ A[:, 0])
    if abs(B[n - 1, 0] - want) > 1e-12 * n * max(1.0, abs(want)):
        raise SystemExit(f"dot.py: B[n-1,0] = {B[n - 1, 0]!r}, expected {want!r}")
    flops = 2.0 * n**3
    course_args.report(as_json, seconds, n=n, gflops=flops / min(seconds) * 1e-9,
                       numpy=np.__version__)


if __name__ == "__main__":
    main()
