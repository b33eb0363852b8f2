#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""gpuinteg against torchquad on the CPU: the same rule (composite Simpson), the same points,
float64, the same integrands. Prints one line per integrand: value, time and evaluations/s of
each, and the ratio of gpuinteg's evaluations/s to torchquad's.

Needs torch and torchquad (bench only, never a CI dependency): e.g. Debian's python3-torch and
`pip install torchquad loguru autoray matplotlib scipy` in a venv with system site packages.

Usage: torchquad_compare.py --gpuinteg build/release/bin/gpuinteg [-n CELLS] [--repeat R]
gpuinteg's run includes its error estimate's coarse grid (25% more points): its evaluations/s
counts both grids, its kernel time covers both.
"""
import argparse
import warnings
import json
import math
import subprocess
import time

import torch
from torchquad import Simpson, set_up_backend

INTEGRANDS = [
    # (expression for gpuinteg, torch function, domain)
    ("sin(x+y)", lambda p: torch.sin(p[:, 0] + p[:, 1]), [0.0, math.pi, 0.0, math.pi]),
    ("exp(-(x*x+y*y)/2) * cos(3*x*y)",
     lambda p: torch.exp(-(p[:, 0] ** 2 + p[:, 1] ** 2) / 2) * torch.cos(3 * p[:, 0] * p[:, 1]),
     [-3.0, 3.0, -3.0, 3.0]),
    ("x*y + x*x - y", lambda p: p[:, 0] * p[:, 1] + p[:, 0] ** 2 - p[:, 1], [0.0, 1.0, 0.0, 1.0]),
]


def run_gpuinteg(exe, expr, bounds, cells, repeat, device, threads):
    out = subprocess.run(
        [exe, "integrate", "--no-mpi", "--device", device, "--threads", str(threads), "--json",
         "--rule", "simpson",
         "--f", expr, "--bounds", ",".join(repr(b) for b in bounds), "-n", str(cells),
         "--repeat", str(repeat)], check=True, capture_output=True, text=True).stdout
    j = json.loads(out)
    return j["value"], j["kernel_time_s"], j["evaluations"]


def run_torchquad(fn, bounds, cells, repeat):
    simpson = Simpson()
    points = (2 * cells + 1) ** 2  # torchquad's N: (points per axis)^2, odd per axis
    domain = torch.tensor([[bounds[0], bounds[1]], [bounds[2], bounds[3]]], dtype=torch.float64)
    best, value = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = simpson.integrate(fn, dim=2, N=points, integration_domain=domain)
        best = min(best, time.perf_counter() - t0)
    return float(value), best, points


def main():
    warnings.filterwarnings("ignore")
    ap = argparse.ArgumentParser()
    ap.add_argument("--gpuinteg", required=True)
    ap.add_argument("-n", type=int, default=1000, help="cells per axis (Simpson: 2n+1 points)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--device", default="openmp")
    ap.add_argument("--threads", type=int, default=1, help="CPU threads for both")
    a = ap.parse_args()
    set_up_backend("torch", data_type="float64")
    torch.set_num_threads(a.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; gpuinteg --device "
          f"{a.device} --threads {a.threads}; Simpson, {a.n} cells per axis, float64")
    print(f"{'integrand':36s} {'gpuinteg value':>22s} {'torchquad value':>22s} "
          f"{'gi evals/s':>11s} {'tq evals/s':>11s} {'ratio':>6s}")
    for expr, fn, bounds in INTEGRANDS:
        gv, gt, ge = run_gpuinteg(a.gpuinteg, expr, bounds, a.n, a.repeat, a.device, a.threads)
        tv, tt, te = run_torchquad(fn, bounds, a.n, a.repeat)
        print(f"{expr:36s} {gv:22.15e} {tv:22.15e} {ge / gt:11.3e} {te / tt:11.3e} "
              f"{(ge / gt) / (te / tt):6.1f}")


if __name__ == "__main__":
    main()
