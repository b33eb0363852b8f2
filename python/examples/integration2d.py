#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The course's integration2d_serial.py on gpuinteg: the 2-D midpoint rule of sin(x+y) on
[0,pi]^2. The course's two nested Python loops (20 s for n = 10000) become one call, which runs
on the best device here (or the one named) and prints the course's two lines.

    python3 integration2d.py [N] [--device auto|serial|openmp|opencl|cuda] [--report run.html]
"""

import argparse
import sys
import time

import gpuinteg


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", nargs="?", type=int, default=10000, help="bins per axis (10000)")
    p.add_argument("--device", default="auto", help="gpuinteg device (auto)")
    p.add_argument("--report", help="write a utilization report (.html, .json, .csv)")
    args = p.parse_args()

    try:
        with gpuinteg.monitor(report=args.report) as m:
            t0 = time.perf_counter()
            r = gpuinteg.integrate(n=args.n, device=args.device)
            elapsed = time.perf_counter() - t0
    except gpuinteg.UsageError as e:  # a bad value: the message names it
        sys.exit(f"integration2d.py: {e}")
    except gpuinteg.DeviceUnavailableError as e:  # e.g. no GPU in the job: the reason
        print(f"integration2d.py: {e}", file=sys.stderr)
        sys.exit(3)
    # The course's output, then where it ran.
    print(f"Integral value is {r.value:e}, Error is {abs(r.value - r.exact):e}")
    print(f"Time spent: {elapsed:.2f} sec")
    print(f"({r.backend} on {r.device}, {r.threads} thread(s), kernel {r.kernel_time_s:.3f} s)")
    if args.report:
        print(m.summary, end="")


if __name__ == "__main__":
    main()
