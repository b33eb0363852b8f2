#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""Fits the polynomials of kernels/gi_sine.h and prints them as its #defines.

S(s) ≈ (sin r − r)/r³ and K(s) ≈ (cos r − 1 + r²/2)/r⁴ with s = r², |r| ≤ π/4 (and a hair
more: the reduction's rh can pass π/4 by an ulp). Each is a weighted least-squares fit on Chebyshev
nodes, where the weight makes the error relative to sin r and cos r, the quantity that becomes
ulps of the result: close to minimax at this degree. The coefficients are rounded to doubles
one at a time, lowest first, and the rest refitted to what the rounding left, so the rounding
costs little. Prints the worst weighted error of the rounded polynomials on a fine grid.

Needs mpmath (pip install mpmath); not part of the build or the tests: the header keeps the
printed values, and tests/test_sine_cpu.c measures the sine they make.
Usage: tools/fit_sine_poly.py [--degree 5]
"""
import argparse

import mpmath as mp

mp.mp.dps = 50
B = (mp.pi / 4 * (1 + mp.mpf(2) ** -20)) ** 2  # the largest s
NODES = 120


def sin_part(s):
    r = mp.sqrt(s)
    return (mp.sin(r) - r) / r**3


def cos_part(s):
    r = mp.sqrt(s)
    return (mp.cos(r) - 1 + s / 2) / s**2


def sin_weight(s):  # an error e in S moves sin r by r³·e
    r = mp.sqrt(s)
    return r**3 / mp.sin(r)


def cos_weight(s):  # an error e in K moves cos r by s²·e
    return s**2 / mp.cos(mp.sqrt(s))


def fit(f, weight, count):
    nodes = [B * (1 - mp.cos(mp.pi * (k + mp.mpf(1) / 2) / NODES)) / 2 for k in range(NODES)]
    w = [weight(s) for s in nodes]
    fx = [f(s) for s in nodes]
    fixed = []
    for i in range(count):
        free = count - i
        a = mp.matrix(NODES, free)
        y = mp.matrix(NODES, 1)
        for k, s in enumerate(nodes):
            for j in range(free):
                a[k, j] = w[k] * s ** (i + j)
            y[k] = w[k] * (fx[k] - sum(c * s**j for j, c in enumerate(fixed)))
        solution = mp.qr_solve(a, y)[0]
        fixed.append(mp.mpf(float(solution[0])))
    return fixed


def worst(f, weight, coefficients):
    e = 0
    for k in range(1, 3001):
        s = B * k / 3000
        v = sum(c * s**j for j, c in enumerate(coefficients))
        e = max(e, abs(v - f(s)) * weight(s))
    return e


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--degree", type=int, default=5, help="degree in s (default 5)")
    args = parser.parse_args()
    for name, f, weight in (("S", sin_part, sin_weight), ("K", cos_part, cos_weight)):
        c = fit(f, weight, args.degree + 1)
        for j, v in enumerate(c):
            print(f"#define GI_SINE_{name}{j} {float(v).hex()}")
        error = float(mp.log(worst(f, weight, c), 2))
        print(f"/* {name}: worst error relative to the result 2^{error:.1f} */")


if __name__ == "__main__":
    main()
