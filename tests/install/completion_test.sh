#!/bin/bash
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

# offered WORD...: what completing the last word of "WORD..." offers, one per line, sorted.
offered() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _gpuinteg gpuinteg "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}
expect() { # expect "WHAT" EXPECTED ACTUAL
  [ "$2" = "$3" ] || fail "$1: expected [$(echo $2)], got [$(echo $3)]"
  echo "ok: $1: $(echo $3)"
}

commands=$(gpuinteg --help | sed -n 's/^\(usage:\)\{0,1\}[[:space:]]*gpuinteg \[\{0,1\}\([a-z][a-z]*\).*/\2/p' | sort)
expect "commands" "$commands" "$(offered gpuinteg '')"
echo "$commands" | grep -qx gemm || fail "gemm not among the commands: $commands"
expect "--de" "--device" "$(offered gpuinteg --de)"
expect "--qu" "--quiet" "$(offered gpuinteg --qu)"
expect "--vers" "--version" "$(offered gpuinteg --vers)"
expect "-" "$(gpuinteg --help | grep -oE '^[[:space:]]+-[-A-Za-z]+' | tr -d ' ' | sort -u)" \
  "$(offered gpuinteg - | grep -vx -- --help | grep -vx -- --version)"

# --device: auto and exactly the available devices.
devices=$(gpuinteg devices --json | "$python" -c '
import json, sys
print("\n".join(sorted(["auto"] + [d["spec"] for d in json.load(sys.stdin) if d["available"]])))')
expect "--device" "$devices" "$(offered gpuinteg --device '')"
echo "$devices" | grep -qx serial || fail "serial is not among the devices: $devices"
expect "gemm --device" "$devices" "$(offered gpuinteg gemm --device '')"

# Numbers: nothing to offer (not file names).
expect "-n" "" "$(offered gpuinteg -n '')"
expect "gemm --size" "" "$(offered gpuinteg gemm --size '')"
expect "gemm --transa" "N
T" "$(offered gpuinteg gemm --transa '')"
gemm_opts=$(offered gpuinteg gemm --)
for o in --size --transa --transb --verify --seed --device --report; do
  echo "$gemm_opts" | grep -qx -- "$o" || fail "gemm -- does not offer $o: $gemm_opts"
done
echo "$gemm_opts" | grep -qx -- --bounds && fail "gemm offers integrate's --bounds"
expect "devices --" "--help
--json" "$(offered gpuinteg devices --)"

# --report: the report kinds only.
mkdir "$scratch/cwd" && cd "$scratch/cwd" && touch run.html run.json run.csv notes.txt
expect "--report" "run.csv
run.html
run.json" "$(offered gpuinteg --report '')"

# After monitor --, the measured command is completed as a command.
offered gpuinteg monitor -- ech | grep -qx echo || fail "monitor -- ech does not offer echo"
echo "ok: monitor -- ech: echo"
echo PASS
