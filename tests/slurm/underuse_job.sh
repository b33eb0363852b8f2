#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# A job that asks for 2 cores and runs one thread (the serial backend, as a wrong module or
# launch line would) gets the under-use warning; the monitor takes the allocation from Slurm.
# n = 50000 keeps the serial run above the monitor's 1 s minimum for judging CPU use
# (GI_MONITOR_JUDGED_MIN_S): about 3 s here, longer under the sanitizers.
. "$(dirname "$0")/lib.sh"

submit -c 2 -o underuse-%j.out -e underuse-%j.err \
    --wrap "\"$GPUINTEG\" integrate --device serial -n 50000 --json"
out=underuse-$JOB_ID.out
err=underuse-$JOB_ID.err
[ "$JOB_EXIT" = 0 ] || fail "job $JOB_ID exited $JOB_EXIT, expected 0" "$out" "$err"
source=$(json_get "$out" 'j["utilization"]["cpu"]["allocated_source"]')
[ "$source" = slurm ] || fail "allocated_source is '$source', expected slurm" "$out" "$err"
allocated=$(json_get "$out" 'j["utilization"]["cpu"]["allocated"]')
[ "$allocated" = 2 ] || fail "allocated is $allocated cores, the job asked for 2" "$out" "$err"
warnings=$(json_get "$out" '"\n".join(j["utilization"]["warnings"])')
grep -Eq '^2 cores allocated \(SLURM_CPUS_PER_TASK=2\) but only [0-9.]+ used' <<<"$warnings" ||
    fail "no under-use warning for the 2 allocated cores in: '$warnings'" "$out" "$err"
echo "job $JOB_ID: 2 cores from slurm, warned: $warnings"
