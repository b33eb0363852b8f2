#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# jobs/cpu.sbatch under real sbatch with -c 2: the course's two lines, the openmp backend on
# 2 threads (OMP_NUM_THREADS from SLURM_CPUS_PER_TASK), the utilization summary with the 2 cores
# Slurm gave the job, and the report next to the output.
. "$(dirname "$0")/lib.sh"

submit -c 2 "$GI_SOURCE_DIR/jobs/cpu.sbatch"
out=$GI_WORK_DIR/gpuinteg-cpu-$JOB_ID.out
err=$GI_WORK_DIR/gpuinteg-cpu-$JOB_ID.err
[ "$JOB_EXIT" = 0 ] || fail "job $JOB_ID exited $JOB_EXIT, expected 0" "$out" "$err"

expect_line "$out" '^Integral value is -?[0-9]\.[0-9]{6}e[-+][0-9]+, Error is [0-9]\.[0-9]{6}e[-+][0-9]+$' \
    "the integral line" "$err"
expect_line "$out" '^Time spent: [0-9]+\.[0-9]{2} sec$' "the time line" "$err"
expect_line "$out" '^Backend: openmp .*, 2 threads' "openmp on the 2 allocated cores" "$err"
expect_line "$out" "OMP_NUM_THREADS=2," "the job header" "$err"
expect_line "$out" '^CPU: [0-9.]+ of 2 allocated cores used \([0-9]+%\), allocation from SLURM_CPUS_PER_TASK=2' \
    "the utilization summary with Slurm's 2 cores" "$err"

report=$GI_WORK_DIR/gpuinteg-$JOB_ID.html
[ -s "$report" ] || fail "no report $report next to the output" "$out" "$err"
grep -q 'SLURM_CPUS_PER_TASK=2' "$report" || fail "the report does not name Slurm's allocation" "$out"
expect_line "$out" "^Utilization report for job $JOB_ID: $report\$" "where the report is" "$err"
echo "job $JOB_ID: ok"
