#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The netlib reference BLAS level-3 test (Debian's libblas-test: xblat3d with dblat3.in) run
against libgpuinteg_blas under LD_PRELOAD, every DGEMM on one device (GPUINTEG_BLAS_MIN_FLOPS=0).

It passes when dblat3.out says DGEMM passed its error-exit tests (illegal arguments reach
the program's own XERBLA with the reference INFO) and its computational tests, the other
level-3 routines (served by the system BLAS underneath) pass too, and the record shows every
computational DGEMM call on the requested device: none fell back to the CPU.

Usage: run_xblat3.py XBLAT3D DBLAT3_IN LIBGPUINTEG_BLAS DEVICE"""

import json
import os
import re
import subprocess
import sys
import tempfile


def preload_env(env, lib):
    """LD_PRELOAD=lib, after the sanitizer runtime when the library is instrumented
    (GI_TEST_PRELOAD_FIRST); the uninstrumented program's own leaks are then not reported."""
    first = os.environ.get("GI_TEST_PRELOAD_FIRST", "")
    if first:
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    env["LD_PRELOAD"] = f"{first}:{lib}" if lib and first else (lib or first)
    if not env["LD_PRELOAD"]:
        del env["LD_PRELOAD"]
    return env


def main():
    xblat3d, dblat3_in, lib, device = sys.argv[1:5]
    with tempfile.TemporaryDirectory() as tmp:
        record = os.path.join(tmp, "record.json")
        env = preload_env(dict(os.environ, GPUINTEG_BLAS_DEVICE=device,
                               GPUINTEG_BLAS_MIN_FLOPS="0", GPUINTEG_BLAS_REPORT=record), lib)
        with open(dblat3_in, "rb") as stdin:
            run = subprocess.run([xblat3d], stdin=stdin, cwd=tmp, env=env, capture_output=True,
                                 timeout=600)
        with open(os.path.join(tmp, "dblat3.out"), encoding="ascii", errors="replace") as f:
            out = f.read()
        print(out)
        if run.returncode != 0:
            sys.exit(f"xblat3d exited {run.returncode}: {run.stderr.decode(errors='replace')}")
        failures = []
        for routine in ("DGEMM ", "DSYMM ", "DTRMM ", "DTRSM ", "DSYRK ", "DSYR2K"):
            for what in ("TESTS OF ERROR-EXITS", "COMPUTATIONAL TESTS"):
                if f"{routine} PASSED THE {what}" not in out:
                    failures.append(f"{routine.strip()} did not pass the {what.lower()}")
        if "FAIL" in out or "XERBLA WAS CALLED" in out:
            failures.append("dblat3.out reports a failure")
        calls = re.search(r"DGEMM  PASSED THE COMPUTATIONAL TESTS \(\s*(\d+) CALLS\)", out)
        with open(record, encoding="utf-8") as f:
            rec = json.load(f)
        print(json.dumps(rec, indent=1))
        selected = rec["device_selected"]
        if not selected.startswith(device.split(":")[0]):
            failures.append(f"the record says {selected!r}, not the requested {device}")
        on_device = sum(d["calls"] for d in rec["devices"] if d["device"] == selected)
        elsewhere = [d for d in rec["devices"] if d["device"] != selected]
        if calls and on_device != int(calls.group(1)):
            failures.append(f"{on_device} DGEMM calls on {selected}, xblat3d made "
                            f"{calls.group(1)}")
        if elsewhere or rec["failures"]:
            failures.append(f"calls ran elsewhere or failed: {elsewhere}, {rec['last_failure']}")
        if failures:
            sys.exit("; ".join(failures))


if __name__ == "__main__":
    main()
