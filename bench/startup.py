#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""bench/startup.py — what a small run costs before any computing: wall time and peak resident
memory of a whole `gpuinteg` process, for each --device, against the targets of a lazy start
(only the backend that runs is opened: no CUDA runtime, no PoCL/LLVM for a CPU run).

    bench/startup.py [--gpuinteg PATH] [--runs R] [--n N]

Prints one row per device: best and median wall time over R runs (host monotonic clock around
fork/exec/wait, so the program's whole life: dynamic loading, backend opening, the run, the
report) and the peak RSS of the child (getrusage's ru_maxrss). Targets: --device serial -n 10
at most 10 ms and 15 MB; the other devices are shown for comparison. Exit status 1 when a
target is missed. Standard library only; the machine should be quiet.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"serial": (0.010, 15 * 1024 * 1024)}


def run_once(argv):
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    os.close(devnull)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {os.waitstatus_to_exitcode(status)}")
    return wall


def peak_rss(argv):
    """The child's own peak RSS. Not this process's rusage: a child started from Python (fork
    or posix_spawn's vfork) carries Python's pages in ru_maxrss, which survives exec. GNU
    time(1) is a small C program, so its child's figure is gpuinteg's own."""
    gnu_time = shutil.which("time") or "/usr/bin/time"
    if not os.access(gnu_time, os.X_OK):
        return None
    r = subprocess.run([gnu_time, "-f", "%M", *argv], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1]) * 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gpuinteg", default=str(ROOT / "build" / "release" / "bin" / "gpuinteg"))
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--devices", default="serial,openmp,auto")
    args = ap.parse_args()

    ok = True
    print(f"gpuinteg --device D -n {args.n}, {args.runs} runs each ({args.gpuinteg})")
    print(f"{'device':<10} {'best ms':>8} {'median ms':>10} {'peak RSS MB':>12}  target")
    for device in args.devices.split(","):
        argv = [args.gpuinteg, "--device", device, "-n", str(args.n)]
        walls = [run_once(argv) for _ in range(args.runs)]
        rss = max(peak_rss(argv) or 0 for _ in range(3))
        best, median = min(walls), statistics.median(walls)
        verdict = ""
        if device in TARGETS:
            t_wall, t_rss = TARGETS[device]
            met = best <= t_wall and 0 < rss <= t_rss
            ok &= met
            verdict = (f"{'met' if met else 'MISSED'} (<= {t_wall * 1000:.0f} ms best, "
                       f"<= {t_rss / 2**20:.0f} MB)")
        print(f"{device:<10} {best * 1000:8.2f} {median * 1000:10.2f} {rss / 2**20:12.1f}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
