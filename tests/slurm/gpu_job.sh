#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# jobs/gpu.sbatch: Slurm accepts its GPU request (sbatch --test-only, against the local Slurm's
# stand-in gpu GRES); run with GPUINTEG_ALLOW_CPU_FALLBACK=1 it runs both workloads wherever
# --device auto lands; run without it on a machine with no CUDA GPU it fails with exit 3 and
# the reason, instead of quietly using the CPU.
. "$(dirname "$0")/lib.sh"
script=$GI_SOURCE_DIR/jobs/gpu.sbatch

timeout 60 sbatch --test-only -A gpuinteg-test "$script" >test-only.out 2>&1 ||
    fail "sbatch --test-only rejected jobs/gpu.sbatch" test-only.out
expect_line test-only.out '^sbatch: Job [0-9]+ to start at' "sbatch --test-only's acceptance"

export GPUINTEG_N=2000 GPUINTEG_GEMM_SIZE=200
GPUINTEG_ALLOW_CPU_FALLBACK=1 submit "$script"
out=gpuinteg-gpu-$JOB_ID.out
err=gpuinteg-gpu-$JOB_ID.err
[ "$JOB_EXIT" = 0 ] || fail "fallback job $JOB_ID exited $JOB_EXIT, expected 0" "$out" "$err"
expect_line "$out" '^gpu\.sbatch: GPUINTEG_ALLOW_CPU_FALLBACK=1: running with --device auto' \
    "the fallback notice" "$err"
expect_line "$out" 'CUDA_VISIBLE_DEVICES=0\)' "the GPU Slurm gave the job" "$err"
expect_line "$out" '^Warning: 1 GPU allocated \(SLURM_GPUS_ON_NODE=1\) but the workload ran on the CPU' \
    "the monitor's warning that the GPU went unused" "$err"
expect_line "$err" '^CPU: [0-9.]+ of 1 allocated core used \([0-9]+%\), allocation from SLURM_' \
    "the job-wide summary of gpuinteg monitor" "$out"
expect_line "$out" '^Integral value is -?[0-9]\.[0-9]{6}e[-+][0-9]+, Error is [0-9]\.[0-9]{6}e[-+][0-9]+$' \
    "the integral line" "$err"
[ "$(grep -Ec '^Time spent: [0-9]+\.[0-9]{2} sec$' "$out")" = 2 ] ||
    fail "expected two 'Time spent' lines (integrate, gemm)" "$out" "$err"
report=$GI_WORK_DIR/gpuinteg-$JOB_ID.html
[ -s "$report" ] || fail "no report $report next to the output" "$out" "$err"
expect_line "$out" "^Utilization report for job $JOB_ID: $report\$" "where the report is" "$err"

cuda=$("$GPUINTEG" devices --json | python3 -c \
    'import json, sys; print(any(d["backend"] == "cuda" and d["available"] for d in json.load(sys.stdin)))')
submit "$script"
out=gpuinteg-gpu-$JOB_ID.out
err=gpuinteg-gpu-$JOB_ID.err
if [ "$cuda" = True ]; then
    [ "$JOB_EXIT" = 0 ] || fail "CUDA job $JOB_ID exited $JOB_EXIT on a machine with CUDA" "$out" "$err"
    expect_line "$out" '^Backend: cuda ' "the cuda backend" "$err"
else
    [ "$JOB_EXIT" = 3 ] ||
        fail "job $JOB_ID without a CUDA GPU exited $JOB_EXIT, expected 3 (device unavailable)" "$out" "$err"
    expect_line "$err" "^gpuinteg: .*cuda.*unavailable" "why cuda could not run" "$out"
    expect_no_line "$out" '^Integral value' "no result without the GPU" "$err"
fi
echo "gpu.sbatch accepted, fallback job ok, cuda job as expected (cuda available: $cuda)"
