#!/usr/bin/env python3
"""Writes results.md (format: bench/results/README.md) from the logs that run-gpu-checks.sh left
in OUT. Usage: write-results.py OUT COMMIT > results.md"""
import datetime
import json
import os
import re
import sys

out, commit = sys.argv[1], sys.argv[2]


def read(name):
    try:
        with open(os.path.join(out, name)) as f:
            return f.read()
    except OSError:
        return ""


def last_json(name):
    """The last line of a --json run's output, parsed; None when the run left none."""
    lines = read(name).strip().splitlines()
    try:
        return json.loads(lines[-1]) if lines else None
    except ValueError:
        return None


machine = read("machine.txt")


def smi(label):
    m = re.search(r"^\s*%s\s*:\s*(.+)$" % re.escape(label), machine, re.M)
    return m.group(1).strip() if m else "?"


def ms(seconds):
    return "%.3f ms" % (1e3 * seconds) if isinstance(seconds, (int, float)) else "?"


nvcc = re.search(r"release [0-9.]+, (V[0-9.]+)", machine)
print("# CUDA backend on %s" % smi("Product Name"))
print()
print("- date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
print("- GPU: %s (%s)" % (smi("Product Name"), smi("Product Architecture")))
print("- driver: %s; CUDA version of the driver: %s" % (smi("Driver Version"), smi("CUDA Version")))
print("- toolkit: nvcc %s" % (nvcc.group(1) if nvcc else "?"))
print("- gpuinteg commit: %s" % commit)
print("- script: `bash bench/gpu/run-gpu-checks.sh` (configure, build, tests, runs, sanitizers)")
print()

print("## integrate, n = 10000 (10⁸ sine evaluations)")
print()
print("`build/gpu/bin/gpuinteg --device cuda -n 10000 --repeat 20 --json`")
print()
print("| sine | value | error | kernel (CUDA events) | wall, best of 20 | wall, median | evaluations/s (kernel) |")
print("|---|---|---|---|---|---|---|")
for name, label in (("integrate.json", "gpuinteg's (sine.h)"),
                    ("integrate-cuda-sin.json", "CUDA's sin() (`GPUINTEG_CUDA_SINE=cuda`)")):
    r = last_json(name)
    if r:
        print("| %s | %.6e | %.3e | %s | %s | %s | %.3g |" % (
            label, r["value"], r["error"], ms(r.get("kernel_time_s")), ms(r.get("time_s")),
            ms(r.get("time_median_s")), r.get("evaluations_per_s", 0)))
    else:
        print("| %s | no result: see integrate.log | | | | | |" % label)
print()
print("## gemm, 3000 × 3000 × 3000 from ordinary (pageable) arrays")
print()
print("`build/gpu/bin/gpuinteg gemm --device cuda --size 3000 --verify --repeat 10 --json`")
print()
g = last_json("gemm.json")
if g:
    flop = 2.0 * 3000 ** 3
    kern = g.get("kernel_time_s")
    wall = g.get("time_s")
    rate = lambda t: "%.1f" % (flop / t / 1e12) if isinstance(t, (int, float)) and t > 0 else "?"
    print("| compute (CUDA events) | transfers beyond compute | wall, best of 10 | wall, median | TFLOP/s compute | TFLOP/s end to end | verified |")
    print("|---|---|---|---|---|---|---|")
    print("| %s | %s | %s | %s | %s | %s | %s |" % (
        ms(kern), ms(g.get("transfer_time_s")), ms(wall), ms(g.get("time_median_s")),
        rate(kern), rate(wall), g.get("verified")))
    print()
    print("The whole JSON line:")
    print()
    print("```json\n%s\n```" % json.dumps(g, indent=1))
else:
    print("no result: see gemm.log")
print()

print("## steps")
print()
print("| step | result | time |")
print("|---|---|---|")
print(read("steps.txt").rstrip())
print()
print("Whole script: %s s." % read("total_s.txt").strip())
print()
print("## gpuinteg devices")
print()
print("```\n%s```" % read("devices.log"))
