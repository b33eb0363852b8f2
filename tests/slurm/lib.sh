# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# Shared by the tests/slurm/*.sh tests (sourced). CTest gives each test:
#   SLURM_CONF     the local Slurm started by the slurm_start fixture (jobs/local-slurm/start)
#   GPUINTEG       the gpuinteg binary of this build tree
#   GI_SOURCE_DIR  the source tree (for jobs/*.sbatch)
#   GI_WORK_DIR    an empty folder for this test's job output
# Every check that fails prints one line saying what was expected and what was found, then the
# files that explain it, and exits 1.
set -euo pipefail

: "${SLURM_CONF:?set by CTest: the slurm.conf of the local Slurm}"
: "${GPUINTEG:?set by CTest: the gpuinteg binary}"
: "${GI_SOURCE_DIR:?set by CTest: the source tree}"
: "${GI_WORK_DIR:?set by CTest: the work folder of this test}"
export SLURM_CONF GPUINTEG
PATH=$PATH:/usr/sbin:/sbin

rm -rf "$GI_WORK_DIR"
mkdir -p "$GI_WORK_DIR"
cd "$GI_WORK_DIR"

# fail MESSAGE [FILE...]: the one failure line, then the files that explain it.
fail() {
    local msg=$1 f
    shift
    echo "FAIL: $msg" >&2
    for f in "$@"; do
        [ -e "$f" ] || continue
        echo "----- $f" >&2
        cat "$f" >&2
    done
    exit 1
}

# submit SBATCH_ARGS... SCRIPT: sbatch --wait, in the work folder, with a test account and a
# short time limit (Slurm kills a hung job; `timeout` bounds a hung sbatch). Sets JOB_ID and
# JOB_EXIT (the job's exit code, which sbatch --wait returns).
submit() {
    local out
    JOB_EXIT=0
    out=$(timeout 300 sbatch --parsable --wait -A gpuinteg-test --time=5 --chdir="$GI_WORK_DIR" \
        "$@" 2>"$GI_WORK_DIR/sbatch.err") || JOB_EXIT=$?
    JOB_ID=${out%%;*}
    [[ "$JOB_ID" =~ ^[0-9]+$ ]] ||
        fail "sbatch $* printed no job ID (exit $JOB_EXIT)" "$GI_WORK_DIR/sbatch.err"
    [ "$JOB_EXIT" != 124 ] || fail "job $JOB_ID still not finished after 300 s"
}

# expect_line FILE ERE WHAT: FILE has a line matching the extended regular expression ERE.
expect_line() {
    local file=$1 re=$2 what=$3
    shift 3
    [ -f "$file" ] || fail "$what: $file does not exist" "$@"
    grep -Eq -- "$re" "$file" || fail "$what: no line of $file matches /$re/" "$file" "$@"
}

# expect_no_line FILE ERE WHAT
expect_no_line() {
    local file=$1 re=$2 what=$3
    shift 3
    ! grep -Eq -- "$re" "$file" || fail "$what: $file has a line matching /$re/" "$file" "$@"
}

# json_get FILE PYTHON_EXPR: evaluates the expression with `j` bound to the JSON in FILE (an
# object, or the first line of a JSON-lines file) and prints the result.
json_get() {
    python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    text = f.read()
try:
    j = json.loads(text)
except ValueError:
    j = json.loads(text.splitlines()[0])
print(eval(sys.argv[2], {"j": j}))
PY
}
