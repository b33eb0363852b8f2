#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# A job script submitted with its account still the placeholder stops at once, exit 1, with a
# message that says what to change; gpuinteg never starts.
. "$(dirname "$0")/lib.sh"

for script in cpu gpu all-backends; do
    JOB_EXIT=0
    # -c 1: the scripts' own -c may be more than this machine has.
    out=$(timeout 120 sbatch --parsable --wait --time=2 -c 1 --chdir="$GI_WORK_DIR" \
        -o "$script-%j.out" -e "$script-%j.err" "$GI_SOURCE_DIR/jobs/$script.sbatch" \
        2>"$GI_WORK_DIR/sbatch.err") || JOB_EXIT=$?
    JOB_ID=${out%%;*}
    [[ "$JOB_ID" =~ ^[0-9]+$ ]] || fail "sbatch $script.sbatch printed no job ID" "$GI_WORK_DIR/sbatch.err"
    [ "$JOB_EXIT" = 1 ] ||
        fail "$script.sbatch with account CHANGE-ME: job exit $JOB_EXIT, expected 1" "$script-$JOB_ID.out" "$script-$JOB_ID.err"
    expect_line "$script-$JOB_ID.err" "^$script\\.sbatch: the account is still the placeholder CHANGE-ME" \
        "$script.sbatch's placeholder message"
    expect_no_line "$script-$JOB_ID.out" '^(Integral value|Time spent)' "$script.sbatch must not run gpuinteg"
done
echo "placeholder account stops all three scripts: ok"
