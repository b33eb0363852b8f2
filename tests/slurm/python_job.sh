#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# python/examples/integration2d.sbatch under real sbatch: with GPUINTEG_DEVICE=auto it prints
# the course's two lines and writes the report of the Python process; with the default cuda on
# a machine without a CUDA GPU it fails with exit 3 and the library's reason.
. "$(dirname "$0")/lib.sh"
script=$GI_SOURCE_DIR/python/examples/integration2d.sbatch
# The build tree's package (python/ beside bin/) under Debian's python3 (its NumPy).
export PYTHONPATH=$(cd "$(dirname "$GPUINTEG")/../python" && pwd) PYTHON=/usr/bin/python3
export GPUINTEG_EXAMPLES=$GI_SOURCE_DIR/python/examples GPUINTEG_N=2000

GPUINTEG_DEVICE=auto submit -c 2 "$script"
out=gpuinteg-py-$JOB_ID.out
err=gpuinteg-py-$JOB_ID.err
[ "$JOB_EXIT" = 0 ] || fail "job $JOB_ID exited $JOB_EXIT, expected 0" "$out" "$err"
expect_line "$out" '^Integral value is -?[0-9]\.[0-9]{6}e[-+][0-9]+, Error is [0-9]\.[0-9]{6}e[-+][0-9]+$' \
    "the integral line" "$err"
expect_line "$out" '^Time spent: [0-9]+\.[0-9]{2} sec$' "the time line" "$err"
expect_line "$out" '^CPU: [0-9.]+ of 2 allocated cores used \([0-9]+%\), allocation from SLURM_' \
    "the monitor's summary against Slurm's allocation" "$err"
report=$GI_WORK_DIR/gpuinteg-py-$JOB_ID.html
[ -s "$report" ] || fail "no report $report" "$out" "$err"
expect_line "$out" "^Utilization report for job $JOB_ID: $report\$" "where the report is" "$err"

cuda=$("$GPUINTEG" devices --json | python3 -c \
    'import json, sys; print(any(d["backend"] == "cuda" and d["available"] for d in json.load(sys.stdin)))')
if [ "$cuda" = False ]; then
    submit "$script"
    out=gpuinteg-py-$JOB_ID.out
    err=gpuinteg-py-$JOB_ID.err
    [ "$JOB_EXIT" = 3 ] || fail "job $JOB_ID without a CUDA GPU exited $JOB_EXIT, expected 3" "$out" "$err"
    expect_line "$err" "^integration2d\.py: device 'cuda': cuda is unavailable: " "the reason" "$out"
fi
echo "integration2d.sbatch: auto job ok, cuda job as expected (cuda available: $cuda)"
