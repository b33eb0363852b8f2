#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
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

def target(label, ok, got):
    print("| %s | %s | %s |" % (label, "?" if got is None else got,
                                "met" if ok else ("NOT met" if ok is False else "?")))


print("## targets")
print()
print("| target | measured | |")
print("|---|---|---|")
r = last_json("integrate.json")
k = r.get("kernel_time_s") if r else None
target("integrate n = 10⁴: kernel ≤ 0.25 ms", (k <= 0.25e-3) if k else None, ms(k))
e = r.get("error") if r else None
target("integrate n = 10⁴: error at the 1e-16 level (abs ≤ 1e-15)",
       (abs(e) <= 1e-15) if isinstance(e, (int, float)) else None, e if e is not None else "?")
v, sv = (r or {}).get("value"), (last_json("integrate-serial.json") or {}).get("value")
target("integrate n = 10⁴, gpuinteg's sine: the serial backend's bits",
       (v == sv) if v is not None and sv is not None else None,
       "%r vs serial %r" % (v, sv) if v is not None else None)
g = last_json("gemm.json")
w = g.get("time_s") if g else None
target("gemm 3000 from pageable arrays, end to end ≤ 5 ms", (w <= 5e-3) if w else None, ms(w))
target("gemm 3000 verified", (g.get("verified") is True) if g else None,
       g.get("verified") if g else "?")
n = last_json("nvml.log")
u = (n or {}).get("utilization") or {}
peak = max([x.get("util_percent_peak") or 0 for x in u.get("gpus") or []] or [None]) if u else None
cores = (u.get("cpu") or {}).get("used_cores") if u else None
target("report: GPU busy (NVML peak ≥ 50 %)", (peak >= 50) if peak is not None else None, peak)
target("report: CPU not busy while the GPU works (< 0.5 cores)",
       (cores < 0.5) if isinstance(cores, (int, float)) else None, cores)
print()

print("## integrate, n = 10000 (10⁸ sine evaluations)")
print()
print("`build/gpu/bin/gpuinteg --device cuda -n 10000 --repeat 20 --json`")
print()
print("| sine | value | error | kernel (CUDA events) | wall, best of 20 | wall, median | evaluations/s (kernel) |")
print("|---|---|---|---|---|---|---|")
for name, label in (("integrate.json", "gpuinteg's (kernels/gi_sine.h), exact sum: the default"),
                    ("integrate-libm.json", "sine.h, compensated sums (`--sine libm`)"),
                    ("integrate-cuda-sin.json",
                     "CUDA's sin(), compensated sums (`--sine libm`, `GPUINTEG_CUDA_SINE=cuda`)")):
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

print("## set-up, apart from the computation")
print()
print("The best call of a process pays no set-up (CUDA context, streams, buffers, cuBLAS handle);")
print("the process's wall time around R calls, minus the R calls' own wall times, is what the")
print("process spent on set-up, start and exit.")
print()
print("| run | process wall | calls' wall (R × median) | set-up, start and exit |")
print("|---|---|---|---|")


def process_wall(name):
    try:
        a, b = (float(x) for x in read(name).split())
        return b - a
    except ValueError:
        return None


for label, span, js in (("integrate n = 10000, R = 20", "integrate-process.txt", "integrate.json"),
                        ("integrate n = 10000, R = 1 (fresh process)", "integrate-once-process.txt",
                         "integrate-once.json"),
                        ("gemm 3000, R = 10", "gemm-process.txt", "gemm.json")):
    wall, r = process_wall(span), last_json(js)
    if wall is None or not r:
        print("| %s | no result | | |" % label)
        continue
    calls = r.get("repeat", 1) * r.get("time_median_s", r.get("time_s", 0))
    extra = ["%s: %s" % (k, ms(v)) for k, v in sorted(r.items()) if re.search("setup|prepare", k)]
    print("| %s | %s | %s | %s%s |" % (label, ms(wall), ms(calls), ms(wall - calls),
                                       (" (" + ", ".join(extra) + ")") if extra else ""))
print()

print("## gemm out of core (C tiled; device memory limited to 256 MiB)")
print()
print("`GPUINTEG_CUDA_MEMORY_LIMIT=268435456 build/gpu/bin/gpuinteg gemm --device cuda --size 6000 --verify --repeat 3 --json`")
print()
g = last_json("gemm-out-of-core.log")
if g:
    print("| compute (CUDA events) | transfers beyond compute | wall, best of 3 | verified |")
    print("|---|---|---|---|")
    print("| %s | %s | %s | %s |" % (ms(g.get("kernel_time_s")), ms(g.get("transfer_time_s")),
                                   ms(g.get("time_s")), g.get("verified")))
else:
    print("no result: see gemm-out-of-core.log")
print()

print("## the monitor's NVML path")
print()
print("`build/gpu/bin/gpuinteg --device cuda --nx 200000 --ny 200000 --repeat 5 --sample-ms 20 --json`")
print()
n = last_json("nvml.log")
u = (n or {}).get("utilization") or {}
if u:
    cpu = u.get("cpu") or {}
    print("- GPU status: %s; driver %s" % (u.get("gpu_status"), u.get("driver_version")))
    for gpu in u.get("gpus") or []:
        print("- GPU %s (%s): utilization %s %% average, %s %% peak; busy %s s; memory peak %s B; "
              "power %s W" % (gpu.get("index"), gpu.get("name"), gpu.get("util_percent_avg"),
                              gpu.get("util_percent_peak"), gpu.get("busy_time_s"),
                              gpu.get("mem_peak_bytes"), gpu.get("power_avg_w")))
    print("- CPU: %s of %s allocated cores used (%s %%), CPU time %s s over %s s" % (
        cpu.get("used_cores"), cpu.get("allocated"), cpu.get("percent"), cpu.get("cpu_time_s"),
        u.get("duration_s")))
    print("- warnings: %s" % (u.get("warnings") or "none"))
else:
    print("no result: see nvml.log")
print()

print("## the first gi_dgemm after the set-up (`bench/first_call --device cuda`)")
print()
print(read("first-call.log").rstrip() or "no result: see first-call.log")
print()

print("## stop request during a 10¹⁸-sine run")
print()
print("```\n%s\n```" % "\n".join(read("stop-latency.log").splitlines()[:3]))
print()

print("## kernel resources (`-Xptxas -v`, sm_90)")
print()
print("```")
lines = read("ptxas.txt").splitlines()
for i, line in enumerate(lines):
    if "for 'sm_90'" in line:
        print(line.split("'")[1])
        print("\n".join("    " + x.strip() for x in lines[i + 1:i + 3]))
print("```")
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
