#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# jobs/all-backends.sbatch: integrate and gemm on every device `gpuinteg devices` marks
# available, one JSON object per run in gpuinteg-<jobid>.jsonl, none failed, and the table.
. "$(dirname "$0")/lib.sh"

expected=$("$GPUINTEG" devices --json | python3 -c \
    'import json, sys; print(" ".join(sorted(d["spec"] for d in json.load(sys.stdin) if d["available"])))')
GPUINTEG_N=2000 GPUINTEG_GEMM_SIZE=200 submit -c 2 "$GI_SOURCE_DIR/jobs/all-backends.sbatch"
out=gpuinteg-all-$JOB_ID.out
err=gpuinteg-all-$JOB_ID.err
jsonl=$GI_WORK_DIR/gpuinteg-$JOB_ID.jsonl
[ "$JOB_EXIT" = 0 ] || fail "job $JOB_ID exited $JOB_EXIT, expected 0" "$out" "$err" "$jsonl"

# Every available device ran both workloads, in order, and every run succeeded.
python3 - "$jsonl" "$expected" <<'PY' || fail "the JSON lines of job $JOB_ID" "$jsonl" "$out" "$err"
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
want = sys.argv[2].split()
bad = [r for r in runs if r.get("failed")]
if bad:
    sys.exit("failed runs: %s" % bad)
got = sorted((r["device_spec"], r["workload"]) for r in runs)
expect = sorted((s, w) for s in want for w in ("integrate", "gemm"))
if got != expect:
    sys.exit("runs %s, expected %s" % (got, expect))
for r in runs:
    # Rounding leaves ~1e-16 at n = 2000; 1e-9 only tells a result from a wrong one.
    if r["workload"] == "integrate" and not abs(r["value"] - r["exact"]) < 1e-9:
        sys.exit("integrate on %s: value %r, exact %r" % (r["device_spec"], r["value"], r["exact"]))
    if r["workload"] == "gemm" and r["verified"] is not True:
        sys.exit("gemm on %s not verified: %r" % (r["device_spec"], r))
    cpu = r.get("utilization", {}).get("cpu")
    if r["workload"] == "integrate" and (cpu is None or cpu["allocated_source"] != "slurm"
                                         or cpu["allocated"] != 2):
        sys.exit("integrate on %s: utilization.cpu %r, expected 2 cores from slurm"
                 % (r["device_spec"], cpu))
PY
expect_line "$out" '^device +workload +name +time \(s\) +rate$' "the table" "$err"
expect_line "$out" "^Results of job $JOB_ID \(one JSON object per run\): $jsonl\$" "where the results are" "$err"
report=$GI_WORK_DIR/gpuinteg-$JOB_ID.html
[ -s "$report" ] || fail "no report $report next to the output" "$out" "$err"
echo "job $JOB_ID: both workloads on $expected"
