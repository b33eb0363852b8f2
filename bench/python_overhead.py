#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""bench/python_overhead.py — what the Python package adds to the library's calls.

Prints, on this machine, in one process:
  * the call overhead of a tiny integrate and a tiny matmul: gpuinteg.integrate / .matmul against
    the extension's bare call (_gpuinteg.integrate / .dgemm: argument parsing plus the C call),
    median of many calls; target ≤ 20 µs;
  * matmul of two N×N matrices (default 3000) against numpy.dot: time each, best of R, and the
    ratio numpy/gpuinteg per backend; target ≥ 0.95 on the CPU backends;
  * two threads calling integrate against one (the GIL is released: about the time of one with
    2 free cores).

    PYTHONPATH=build/release/python /usr/bin/python3 bench/python_overhead.py [--size 3000]
        [--repeat 3] [--devices openmp,opencl]

Only ratios measured in one run mean anything; the machine's load is printed with them.
"""

import argparse
import os
import statistics
import threading
import time

import numpy as np

import gpuinteg
from gpuinteg import _gpuinteg


def per_call_us(fn, calls):
    fn()
    samples = []
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - t0) / calls * 1e6)
    return statistics.median(samples)


def overheads(device, calls):
    ctx = gpuinteg.default_context(device)
    grid = (0.0, 1.0, 0.0, 1.0, 2, 2)
    api = per_call_us(lambda: gpuinteg.integrate(bounds=(0, 1, 0, 1), n=2, device=device), calls)
    bare = per_call_us(lambda: _gpuinteg.integrate(ctx._capsule, grid), calls)
    print(f"  integrate 2x2 on {device}: gpuinteg.integrate {api:.2f} µs, bare call {bare:.2f} "
          f"µs: overhead {api - bare:.2f} µs (target ≤ 20)")
    a, b, c = np.random.rand(4, 4), np.random.rand(4, 4), np.empty((4, 4))
    pa, pb, pc = (x.ctypes.data for x in (a, b, c))
    api = per_call_us(lambda: gpuinteg.matmul(a, b, out=c, device=device), calls)
    bare = per_call_us(lambda: _gpuinteg.dgemm(ctx._capsule, "T", "T", 4, 4, 4, 1.0, pa, 4, pb, 4,
                                               0.0, pc, 4), calls)
    print(f"  matmul 4x4 on {device}: gpuinteg.matmul {api:.2f} µs, bare call {bare:.2f} µs: "
          f"overhead {api - bare:.2f} µs (target ≤ 20)")
    new = per_call_us(lambda: gpuinteg.matmul(a, b, device=device), calls)
    print(f"  matmul 4x4 on {device} with a new result array: {new:.2f} µs")


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def big_matmul(devices, n, repeat):
    a, b = np.random.rand(n, n), np.random.rand(n, n)
    out = np.empty((n, n))
    np.dot(a, b, out=out)
    t_np = best(lambda: np.dot(a, b, out=out), repeat)
    print(f"  numpy.dot {n}x{n}: {t_np:.3f} s ({2 * n**3 / t_np * 1e-9:.1f} GFLOP/s)")
    for dev in devices:
        gpuinteg.default_context(dev).prepare()
        gpuinteg.matmul(a, b, out=out, device=dev)
        t = best(lambda: gpuinteg.matmul(a, b, out=out, device=dev), repeat)
        print(f"  gpuinteg.matmul {n}x{n} on {dev}: {t:.3f} s ({2 * n**3 / t * 1e-9:.1f} "
              f"GFLOP/s): numpy/gpuinteg = {t_np / t:.2f} (target ≥ 0.95 on CPU backends)")


def two_threads(n):
    def one():
        gpuinteg.integrate(n=n, device="serial")

    one()
    t1 = best(one, 3)

    def pair():
        ts = [threading.Thread(target=one) for _ in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    t2 = best(pair, 3)
    print(f"  integrate n={n} on serial: one thread {t1:.3f} s, two threads at once {t2:.3f} s "
          f"(ratio {t2 / t1:.2f}; 1.0 = fully parallel, 2.0 = serialised)")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=3000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--calls", type=int, default=2000)
    p.add_argument("--devices", default="openmp,opencl")
    args = p.parse_args()
    devices = [d for d in args.devices.split(",") if d]
    print(f"gpuinteg {gpuinteg.__version__}, numpy {np.__version__}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print("call overhead:")
    for dev in ["serial"] + devices:
        overheads(dev, args.calls)
    print("matmul against numpy.dot:")
    big_matmul(devices, args.size, args.repeat)
    print("GIL released:")
    two_threads(20000)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
