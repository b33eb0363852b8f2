#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The course's dot.py on gpuinteg: B = A·A for a random N×N matrix (default 3000), with
numpy.dot and with gpuinteg.matmul on each available backend, timed around the product only.

    python3 dot.py [N] [--devices openmp,opencl,...]
"""

import argparse
import time

import numpy as np

import gpuinteg


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", nargs="?", type=int, default=3000)
    p.add_argument("--devices", help="comma-separated gpuinteg devices (default: every "
                                     "available one)")
    args = p.parse_args()
    devices = args.devices.split(",") if args.devices else [
        d.address for d in gpuinteg.devices() if d.available]

    A = np.random.rand(args.n, args.n)
    t0 = time.perf_counter()
    ref = np.dot(A, A)
    print(f"numpy.dot: Time spent: {time.perf_counter() - t0:.2f} sec")
    for dev in devices:
        gpuinteg.default_context(dev).prepare()  # set-up (kernel builds) is not the product
        t0 = time.perf_counter()
        B = gpuinteg.matmul(A, A, device=dev)
        spent = time.perf_counter() - t0
        diff = np.max(np.abs(B - ref))
        print(f"gpuinteg.matmul on {dev}: Time spent: {spent:.2f} sec "
              f"(max |B - numpy's| = {diff:.1e})")


if __name__ == "__main__":
    main()
