#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""NumPy's dot under LD_PRELOAD=libgpuinteg_blas on one device, against NumPy's own.

Debian's NumPy calls cblas_dgemm of libblas.so.3. The products (C- and Fortran-ordered, so
both CBLAS orders and transposes occur) are computed once by NumPy alone in this process and
once in a child with the library preloaded and every call sent to DEVICE; they must agree
within the bound both satisfy (Higham §3.5: each is within γ_k·|A||B| of the exact product,
so they differ by at most 2·γ_k·|A||B| elementwise, γ_k = k·u/(1 − k·u), u = 2⁻⁵³). The
record must show every product on DEVICE. With DEVICE=openmp this is also the recursion test:
the openmp backend's own cblas_dgemm resolves to the preloaded one and must reach OpenBLAS,
not come back (a loop would hang on the library's lock; the child has a time limit).
Then the course's dot.py runs unchanged (it checks its own result).

MODE "preload" puts the library in LD_PRELOAD; MODE "libblas" puts a libblas.so.3 link to it
first in LD_LIBRARY_PATH, which is what Debian's update-alternatives does for the whole system
(the library is then libblas.so.3 itself, and OpenBLAS, loaded beneath it, serves the rest).

Usage: numpy_dot.py LIBGPUINTEG_BLAS DEVICE DOT_PY [preload|libblas]"""

import json
import os
import subprocess
import sys
import tempfile

import numpy as np

CHILD = r"""
import sys, numpy as np
d = np.load(sys.argv[1])
A, B = d["A"], d["B"]
out = {"ab": np.dot(A, B), "atb": A.T @ np.asfortranarray(A), "fab": np.asfortranarray(A) @ B}
# The rest of BLAS and LAPACK comes from the system BLAS underneath: a dot product (ddot) and
# a solve (LAPACK's dgesv) must work and be right.
x = A[:, 0].copy()
M = A[:50, :50] + 50 * np.eye(50)
r = M @ np.linalg.solve(M, x[:50]) - x[:50]
if abs(np.dot(x, x) - sum(v * v for v in x)) > 1e-12 * len(x) or np.max(np.abs(r)) > 1e-12:
    sys.exit("ddot or dgesv went wrong under the library")
np.savez(sys.argv[2], **out)
"""


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


def products(A, B):
    return {"ab": np.dot(A, B), "atb": A.T @ np.asfortranarray(A),
            "fab": np.asfortranarray(A) @ B}


def main():
    lib, device, dot_py = sys.argv[1:4]
    mode = sys.argv[4] if len(sys.argv) > 4 else "preload"
    rng = np.random.default_rng(20)
    A = rng.uniform(-1, 1, (300, 200))
    B = rng.uniform(-1, 1, (200, 250))
    want = products(A, B)
    scale = products(np.abs(A), np.abs(B))
    u = 2.0**-53
    with tempfile.TemporaryDirectory() as tmp:
        np.savez(os.path.join(tmp, "in.npz"), A=A, B=B)
        record = os.path.join(tmp, "record.json")
        env = dict(os.environ, GPUINTEG_BLAS_DEVICE=device, GPUINTEG_BLAS_MIN_FLOPS="0",
                   GPUINTEG_BLAS_REPORT=record)
        if mode == "preload":
            preload_env(env, lib)
        else:
            preload_env(env, None)
            os.symlink(os.path.realpath(lib), os.path.join(tmp, "libblas.so.3"))
            env["LD_LIBRARY_PATH"] = tmp + ":" + env.get("LD_LIBRARY_PATH", "")
        try:
            subprocess.run([sys.executable, "-c", CHILD, os.path.join(tmp, "in.npz"),
                            os.path.join(tmp, "out.npz")], env=env, check=True, timeout=300)
        except subprocess.TimeoutExpired:
            sys.exit(f"numpy with the library ({mode}) on {device} hung (a call looping back into "
                     "the library?)")
        got = np.load(os.path.join(tmp, "out.npz"))
        for name, ref in want.items():
            k = A.shape[0] if name == "atb" else A.shape[1]
            gamma = k * u / (1 - k * u)
            err = np.abs(got[name] - ref)
            bound = 2 * gamma * scale[name]
            worst = float(np.max(err / bound))
            print(f"{name}: max |C - numpy| / (2 γ_k |A||B|) = {worst:.3g}")
            if not np.all(err <= bound):
                sys.exit(f"{name} on {device} differs from numpy's own beyond 2·γ_k·|A||B|")
        with open(record, encoding="utf-8") as f:
            rec = json.load(f)
        print(json.dumps(rec, indent=1))
        selected = rec["device_selected"]
        devs = {d["device"]: d for d in rec["devices"]}
        if not selected.startswith(device) or set(devs) != {selected}:
            sys.exit(f"products ran on {sorted(devs)}, not all on {device}")
        if devs[selected]["calls"] != 3:
            sys.exit(f"{devs[selected]['calls']} calls on {selected}, numpy made 3")

        # The course's program, unchanged.
        rec2 = os.path.join(tmp, "dot.json")
        env["GPUINTEG_BLAS_REPORT"] = rec2
        del env["GPUINTEG_BLAS_MIN_FLOPS"]
        run = subprocess.run([sys.executable, dot_py, "400"], env=env, capture_output=True,
                             text=True, timeout=300)
        print(run.stdout, run.stderr)
        if run.returncode != 0 or "Time spent:" not in run.stdout:
            sys.exit(f"dot.py on {device} failed: {run.returncode}")
        with open(rec2, encoding="utf-8") as f:
            dot = json.load(f)
        shapes = [(s["m"], s["n"], s["k"]) for d in dot["devices"] for s in d["shapes"]
                  if d["device"] == dot["device_selected"]]
        if (400, 400, 400) not in shapes:
            sys.exit(f"dot.py's product did not run on {device}: {dot['devices']}")


if __name__ == "__main__":
    main()
