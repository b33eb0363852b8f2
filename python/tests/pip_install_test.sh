#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# `pip install` of the source tree into a fresh virtual environment, as the README tells a new
# user (scikit-build-core from PyPI drives the project's CMake), then the installed package
# imports without the build tree, finds its plugins and computes.
#   pip_install_test.sh SOURCE_DIR WORK_DIR [PYTHON]
set -euo pipefail
src=$1
work=$2
python=${3:-/usr/bin/python3}
rm -rf "$work"
mkdir -p "$work"
# Debian's NumPy is used where it is (no download); the build backend comes from PyPI.
"$python" -m venv --system-site-packages "$work/venv"
start=$(date +%s)
if ! "$work/venv/bin/pip" install --quiet --no-cache-dir "$src" >"$work/pip.log" 2>&1; then
    echo "FAIL: pip install $src" >&2
    cat "$work/pip.log" >&2
    exit 1
fi
echo "pip install took $(($(date +%s) - start)) s"
cd "$work" # not the source tree: the installed package must be the one imported
"$work/venv/bin/python" - "$src" <<'PY'
import re, sys
import numpy as np
import gpuinteg

assert gpuinteg.__file__.startswith(sys.prefix), gpuinteg.__file__
version = re.search(r"project\(gpuinteg VERSION ([0-9.]+)", open(sys.argv[1] + "/CMakeLists.txt").read())
assert gpuinteg.__version__ == version.group(1) == gpuinteg.library_version(), gpuinteg.__version__
devices = {d.backend: d for d in gpuinteg.devices()}
assert devices["openmp"].available and devices["serial"].available
r = gpuinteg.integrate(n=500, device="openmp")
assert abs(r.value) < 1e-14, r
a = np.random.rand(50, 40)
assert np.allclose(gpuinteg.matmul(a, a.T), a @ a.T, rtol=1e-13, atol=1e-13)
print("installed gpuinteg", gpuinteg.__version__, "works:", sorted(b for b, d in devices.items() if d.available))
PY
