#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# The installed bash completion, driven as bash does (COMP_WORDS, COMP_CWORD) with Debian's
# bash-completion: commands and options as the program's own --help lists them, --device values
# as `gpuinteg devices --json` lists the available devices, --transa N|T, report files, no guess
# for numbers, and the command after `monitor --` completed as a command.
# usage: completion_test.sh BUILD_DIR BASH_COMPLETION_SCRIPT PYTHON3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=$1 bash_completion=$2 python=$3
prefix=$scratch/prefix
gi_install "$build" "$prefix"
script=$prefix/share/bash-completion/completions/gpuinteg
[ -f "$script" ] || fail "completion not installed"
unset LD_LIBRARY_PATH
export PATH=$prefix/bin:$PATH

set +eu # bash-completion is not written for -eu
# shellcheck disable=SC1090
source "$bash_completion"
# shellcheck disable=SC1090
source "$script"
complete -p gpuinteg | grep -q -- '-F _gpuinteg' || fail "no completion function for gpuinteg"

# offered WORD...: sets OFFERED to what completing the last word of "WORD..." offers, one per
# line, sorted. Called in this shell, not in $(...), as bash calls it (so the completion's
# cache of the program's help lives on between calls, as in an interactive shell).
offered() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _gpuinteg gpuinteg "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  OFFERED=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort)
}
expect() { # expect "WHAT" EXPECTED ACTUAL
  [ "$2" = "$3" ] || fail "$1: expected [$(echo $2)], got [$(echo $3)]"
  echo "ok: $1: $(echo $3)"
}

commands=$(gpuinteg --help | sed -n 's/^\(usage:\)\{0,1\}[[:space:]]*gpuinteg \[\{0,1\}\([a-z][a-z]*\).*/\2/p' | sort)
offered gpuinteg ''
expect "commands" "$commands" "$OFFERED"
echo "$commands" | grep -qx gemm || fail "gemm not among the commands: $commands"
offered gpuinteg --de
expect "--de" "--device" "$OFFERED"
offered gpuinteg --qu
expect "--qu" "--quiet" "$OFFERED"
offered gpuinteg --vers
expect "--vers" "--version" "$OFFERED"
offered gpuinteg -
OFFERED=$(echo "$OFFERED" | grep -vx -- --help | grep -vx -- --version)
expect "-" "$(gpuinteg --help | grep -E '^[[:space:]]+-' | sed -E 's/^[[:space:]]+//; s/  .*//' |
  tr ',' '\n' | awk '$1 ~ /^-/ {print $1}' | sort -u)" \
  "$OFFERED"

# --device: auto and exactly the available devices.
devices=$(gpuinteg devices --json | "$python" -c '
import json, sys
print("\n".join(sorted(["auto"] + [d["spec"] for d in json.load(sys.stdin) if d["available"]])))')
offered gpuinteg --device ''
expect "--device" "$devices" "$OFFERED"
echo "$devices" | grep -qx serial || fail "serial is not among the devices: $devices"
offered gpuinteg gemm --device ''
expect "gemm --device" "$devices" "$OFFERED"

# Numbers: nothing to offer (not file names).
offered gpuinteg -n ''
expect "-n" "" "$OFFERED"
offered gpuinteg gemm --size ''
expect "gemm --size" "" "$OFFERED"
offered gpuinteg gemm --transa ''
expect "gemm --transa" "N
T" "$OFFERED"
offered gpuinteg gemm --
gemm_opts=$OFFERED
for o in --size --transa --transb --verify --seed --device --report; do
  echo "$gemm_opts" | grep -qx -- "$o" || fail "gemm -- does not offer $o: $gemm_opts"
done
echo "$gemm_opts" | grep -qx -- --bounds && fail "gemm offers integrate's --bounds"
offered gpuinteg devices --
expect "devices --" "--help
--json" "$OFFERED"

# --report: the report kinds only.
mkdir "$scratch/cwd" && cd "$scratch/cwd" && touch run.html run.json run.csv notes.txt
offered gpuinteg --report ''
expect "--report" "run.csv
run.html
run.json" "$OFFERED"

# After monitor --, the measured command is completed as a command.
offered gpuinteg monitor -- ech
echo "$OFFERED" | grep -qx echo || fail "monitor -- ech does not offer echo"
echo "ok: monitor -- ech: echo"
echo PASS
