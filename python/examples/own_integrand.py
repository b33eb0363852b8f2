#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""Your own f(x, y): as an expression (every backend, GPUs included) or as a numba @cfunc
(compiled Python, serial and openmp backends), with an error estimate.

    python3 own_integrand.py [--device auto|serial|openmp|opencl|cuda] [-n 400]
"""

import argparse
import math

import gpuinteg


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default="auto")
    p.add_argument("-n", type=int, default=400)
    args = p.parse_args()
    bounds = (-3.0, 3.0, -3.0, 3.0)
    exact = math.pi * math.erf(3.0) ** 2  # ∫∫ exp(-(x²+y²)) over [-3,3]²

    r = gpuinteg.integrate("exp(-a*(x^2+y^2))", bounds=bounds, n=args.n, rule="gauss:3",
                           params={"a": 1.0}, device=args.device)
    print(f"expression on {r.backend}: {r.value:.15f} (estimate {r.error_estimate:.1e}, "
          f"true error {abs(r.value - exact):.1e}, {r.time_s:.3f} s)")

    try:
        from numba import cfunc
    except ImportError:
        print("numba is not installed: the @cfunc part is left out")
        return

    @cfunc("float64(float64, float64, voidptr)")
    def gauss(x, y, user):
        return math.exp(-(x * x + y * y))

    cpu = args.device if args.device in ("serial", "openmp") else "openmp"
    r = gpuinteg.integrate(gauss, bounds=bounds, n=args.n, rule="gauss:3", device=cpu)
    print(f"numba @cfunc on {r.backend}: {r.value:.15f} (estimate {r.error_estimate:.1e}, "
          f"true error {abs(r.value - exact):.1e}, {r.time_s:.3f} s)")


if __name__ == "__main__":
    main()
