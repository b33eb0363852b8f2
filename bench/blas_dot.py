#!/usr/bin/python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""bench/blas_dot.py [--build DIR] [-n N] [--repeat R] — the course's dot.py (numpy.dot of N×N,
default 3000) without libgpuinteg_blas, then with it preloaded on each device this machine has
(auto, openmp, opencl; cuda when `gpuinteg devices` lists one). Prints a Markdown table: best
and median product time, GFLOP/s, and where the library's record says the product ran.
Debian's python3 runs dot.py: its NumPy calls libblas.so.3, which the library replaces."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(label, n, repeat, env_extra, tmp):
    record = os.path.join(tmp, "record.json")
    env = dict(os.environ, **env_extra)
    if env_extra:
        env["GPUINTEG_BLAS_REPORT"] = record
    p = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "reference", "dot.py"), str(n),
                        "--repeat", str(repeat), "--json"], env=env, capture_output=True,
                       text=True)
    if p.returncode != 0:
        return f"| {label} | failed ({p.returncode}) | | | {p.stderr.strip()[:120]} |"
    r = json.loads(p.stdout.strip().splitlines()[-1])
    ran = "numpy's own BLAS"
    if env_extra and os.path.exists(record):
        with open(record, encoding="utf-8") as f:
            rec = json.load(f)
        os.unlink(record)
        ran = ", ".join(f"{d['device']} x{d['calls']:.0f}" for d in rec["devices"])
    return (f"| {label} | {r['time_s']:.3f} | {r['time_median_s']:.3f} | {r['gflops']:.1f} "
            f"| {ran} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build/release")
    ap.add_argument("-n", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    lib = os.path.realpath(os.path.join(a.build, "lib", "libgpuinteg_blas.so"))
    if not os.path.exists(lib):
        sys.exit(f"bench/blas_dot.py: no {lib} (build it first)")
    devices = subprocess.run([os.path.join(a.build, "bin", "gpuinteg"), "devices"],
                             capture_output=True, text=True).stdout
    runs = [("numpy alone", {})]
    for dev in ["auto", "openmp", "opencl"] + (["cuda"] if "\ncuda:" in "\n" + devices else []):
        runs.append((f"LD_PRELOAD, {dev}", {"LD_PRELOAD": lib, "GPUINTEG_BLAS_DEVICE": dev}))
    print(f"numpy.dot {a.n}x{a.n}, best of {a.repeat}, {os.cpu_count()} CPUs, "
          f"{time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}, "
          f"load {os.getloadavg()[0]:.1f}\n")
    print("| run | best s | median s | GFLOP/s | ran on (record) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, env in runs:
            print(run(label, a.n, a.repeat, env, tmp), flush=True)


if __name__ == "__main__":
    main()
