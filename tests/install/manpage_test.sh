#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# The installed man pages gpuinteg(1), gpuinteg-gemm(1), gpuinteg-monitor(1), gpuinteg-devices(1):
# groff reads them without a warning, and each says what the program's --help says — every
# option row (its names and its help text), the synopsis and the description, the exit codes
# and the environment — so a page that fell behind the program (not regenerated, a row dropped)
# fails here. The pages are made at build time by `gpuinteg --man-page` from the same tables.
# usage: manpage_test.sh BUILD_DIR MANDIR
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=$1 mandir=$2
prefix=$scratch/prefix
gi_install "$build" "$prefix"
unset LD_LIBRARY_PATH
gpuinteg=$prefix/bin/gpuinteg

# words FILE: the text as one line of single-spaced words.
words() { tr -s ' \t\n' '   ' < "$1"; }

# help_rows: from --help on stdin, each option row's help text (continuation lines joined), one
# per line: rows start with spaces then '-'; continuation lines are indented further.
help_rows() {
  awk '
    function flush() { if (row != "") print row; row = "" }
    /^[ \t]+-/ { flush(); sub(/^[ \t]+/, ""); row = $0; next }
    /^[ \t]{8,}[^ \t-]/ && row != "" { sub(/^[ \t]+/, ""); row = row " " $0; next }
    { flush() }
    END { flush() }'
}

for page in gpuinteg gemm monitor devices; do
  if [ "$page" = gpuinteg ]; then name=gpuinteg args=(--help); else name=gpuinteg-$page args=("$page" --help); fi
  file=$prefix/$mandir/man1/$name.1
  [ -f "$file" ] || fail "$name.1 not installed"
  warnings=$(groff -man -ww -z "$file" 2>&1) || fail "groff failed on $name.1"
  [ -z "$warnings" ] || fail "groff warns on $name.1: $warnings"
  groff -man -Tascii -P-cbou -rLL=400n "$file" 2> /dev/null > "$scratch/$name.txt"
  man=$(words "$scratch/$name.txt")
  "$gpuinteg" "${args[@]}" > "$scratch/$name.help" || fail "gpuinteg ${args[*]}"
  n=0
  while IFS= read -r row; do
    # The row's options ("-d, --device D") and its help text after the column gap.
    opts=${row%%  *}
    helptext=$(echo "${row#"$opts"}" | tr -s ' ')
    helptext=${helptext# }
    for o in $(echo "$opts" | grep -oE -- '-{1,2}[A-Za-z][a-z-]*'); do
      [[ $man == *"$o"* ]] || fail "$name.1 lacks option $o (--help: $row)"
    done
    [[ $man == *"$helptext"* ]] || fail "$name.1 lacks the help of '$opts': '$helptext'"
    n=$((n + 1))
  done < <(help_rows < "$scratch/$name.help")
  [ "$n" -ge 1 ] || fail "no option rows in gpuinteg ${args[*]}"
  # The synopsis and the description, word for word.
  synopsis=$(sed -n 's/^usage: gpuinteg //p' "$scratch/$name.help" | head -1 | tr -s ' ')
  [[ $man == *"$synopsis"* ]] || fail "$name.1 lacks the synopsis '$synopsis'"
  for code in "0 ok" "1 run-time failure" "2 usage error" "3 requested device unavailable" "4 verification failed"; do
    [[ $man == *"${code%% *} ${code#* }"* ]] || fail "$name.1 lacks exit code '$code'"
  done
  [[ $man == *"GPUINTEG_PLUGIN_PATH"* ]] || fail "$name.1 lacks the environment"
  echo "$name.1: $n option rows as --help has them, synopsis, exit codes, environment"
done
# An unknown page is a usage error that leaves no file.
set +e
err=$("$gpuinteg" --man-page nosuch "$scratch/nosuch.1" 2>&1)
code=$?
set -e
[ "$code" = 2 ] || fail "--man-page nosuch: exit $code"
[[ $err == *"nosuch"* ]] || fail "--man-page nosuch: '$err'"
ls "$scratch" | grep -q nosuch && fail "--man-page nosuch left a file"
# man finds them by name in the installation.
[ "$(MANPATH=$prefix/$mandir man -w gpuinteg-gemm)" = "$prefix/$mandir/man1/gpuinteg-gemm.1" ] ||
  fail "man -w gpuinteg-gemm"
echo PASS
