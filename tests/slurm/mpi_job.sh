#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# jobs/gpuinteg-mpi.sbatch under real sbatch: two ranks started by srun --mpi=pmix on the local
# node print one result (rank 0's) whose value has the same bits as a single-process run, and
# rank 0 writes one utilization report for the job with both ranks in it (JSON and HTML).
. "$(dirname "$0")/lib.sh"

"$GPUINTEG" integrate --device openmp -n 2000 --threads 1 --json >single.json 2>single.err ||
    fail "the single-process run failed" single.err
submit -N 1 --ntasks-per-node=2 --cpus-per-task=1 --gpus-per-task=0 \
    "$GI_SOURCE_DIR/jobs/gpuinteg-mpi.sbatch" --device openmp -n 2000 --json \
    --report "$GI_WORK_DIR/job.html"
out=gpuinteg-mpi_$JOB_ID.out
err=gpuinteg-mpi_$JOB_ID.err
[ "$JOB_EXIT" = 0 ] || fail "job $JOB_ID exited $JOB_EXIT, expected 0" "$out" "$err"
[ "$(wc -l <"$out")" = 1 ] || fail "expected one JSON line (rank 0's) in $out" "$out" "$err"
python3 - "$out" single.json <<'PY' || fail "the MPI result of job $JOB_ID" "$out" single.json "$err"
import json, sys
mpi, one = (json.load(open(p)) for p in sys.argv[1:3])
if mpi.get("ranks") != 2 or "srun" not in mpi.get("mpi_launcher", ""):
    sys.exit("ranks %r, launcher %r: expected 2 ranks from srun" % (mpi.get("ranks"), mpi.get("mpi_launcher")))
if mpi["value"].hex() != one["value"].hex():
    sys.exit("value %s over 2 ranks, %s in one process: not the same bits"
             % (mpi["value"].hex(), one["value"].hex()))
job = mpi["utilization"].get("job") or sys.exit("no utilization.job in rank 0's JSON")
ranks = [r["rank"] for r in job["per_rank"]]
if ranks != [0, 1] or job["nodes"] != 1:
    sys.exit("job report: ranks %r on %r nodes, expected [0, 1] on 1" % (ranks, job["nodes"]))
for r in job["per_rank"]:
    # Slurm gave each task 1 CPU (--cpus-per-task=1): that is each rank's allocation.
    if r["cpu_allocated"] != 1 or r["cpu_allocated_source"] != "slurm" or r["busy_time_s"] <= 0:
        sys.exit("rank %d: allocated %r from %r, busy %r s: expected 1 CPU from Slurm and work"
                 % (r["rank"], r["cpu_allocated"], r["cpu_allocated_source"], r["busy_time_s"]))
if job["cpu"]["allocated"] != 2:
    sys.exit("job: %r CPUs allocated, expected 2 (1 per task)" % job["cpu"]["allocated"])
PY
expect_line job.html '<h1>Utilization report: job of 2 ranks</h1>' "the job's report page" "$out" "$err"
expect_line job.html '<tr><td>1</td><td>' "rank 1's row in the report page" "$out" "$err"
echo "job $JOB_ID: 2 ranks under srun, value $(json_get "$out" 'j["value"].hex()') as one process"
