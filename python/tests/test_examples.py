# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The examples in python/examples run and print what they promise (small sizes)."""

import os
import re
import subprocess
import sys

EXAMPLES = os.path.join(os.path.dirname(__file__), os.pardir, "examples")
FLOAT = r"-?[0-9]\.[0-9]{6}e[-+][0-9]+"


def run(*args):
    return subprocess.run([sys.executable, os.path.join(EXAMPLES, args[0]), *args[1:]],
                          capture_output=True, text=True, check=True, timeout=240).stdout


def test_integration2d_prints_the_courses_lines(tmp_path):
    report = tmp_path / "run.html"
    out = run("integration2d.py", "1000", "--device", "serial", "--report", str(report))
    lines = out.splitlines()
    assert re.fullmatch(f"Integral value is {FLOAT}, Error is {FLOAT}", lines[0]), out
    assert re.fullmatch(r"Time spent: [0-9]+\.[0-9]{2} sec", lines[1]), out
    assert lines[2].startswith("(serial on ")
    assert report.stat().st_size > 0
    assert any(line.startswith("CPU: ") for line in lines)


def test_own_integrand():
    out = run("own_integrand.py", "-n", "60", "--device", "openmp").splitlines()
    assert out[0].startswith("expression on openmp: 3.14145385")
    assert out[1].startswith("numba @cfunc on openmp: 3.14145385")


def test_dot_on_each_backend():
    out = run("dot.py", "120", "--devices", "serial,openmp,opencl").splitlines()
    assert re.fullmatch(r"numpy\.dot: Time spent: [0-9.]+ sec", out[0])
    for line, dev in zip(out[1:], ["serial", "openmp", "opencl"]):
        m = re.fullmatch(rf"gpuinteg\.matmul on {dev}: Time spent: [0-9.]+ sec "
                         r"\(max \|B - numpy's\| = ([0-9.e+-]+)\)", line)
        assert m, line
        assert float(m.group(1)) < 1e-12  # 120 terms of products < 1: rounding ~1e-14
