#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Every source file says its licence in an SPDX header (LICENSE: BSD-3-Clause), so that a file
# copied out of the tree still carries it and licence scanners (REUSE, Spack's and EasyBuild's
# reviews) read it. Sources: C/CUDA/OpenCL, CMake, shell, Python, Lua, Fortran, recipes, job
# scripts; not documentation, data or test fixtures.
# usage: spdx_test.sh SOURCE_DIR
set -euo pipefail
cd "$1"
if git rev-parse --git-dir > /dev/null 2>&1; then
  files=$(git ls-files --cached --others --exclude-standard)
else
  files=$(find . -path ./build -prune -o -type f -print | sed 's|^\./||')
fi
missing=()
checked=0
while IFS= read -r f; do
  [ -f "$f" ] || continue
  case "$f" in
    tests/fixtures/* | bench/results/* | cmake/commit.txt) continue ;;
    *.c | *.h | *.cu | *.cl | *.cmake | *.sh | *.py | *.eb | *.lua | *.f90 | *.inc | *.sbatch | \
      *.supp | *.in | */CMakeLists.txt | CMakeLists.txt | packaging/bash-completion/*) ;;
    *) head -c 2 "$f" | grep -q '^#!' || continue ;;
  esac
  checked=$((checked + 1))
  head -n 5 "$f" | grep -q 'SPDX-License-Identifier: BSD-3-Clause' || missing+=("$f")
done <<< "$files"
[ "$checked" -gt 100 ] || { echo "FAIL: only $checked source files found in $1"; exit 1; }
if [ ${#missing[@]} -gt 0 ]; then
  echo "FAIL: ${#missing[@]} source file(s) without an SPDX header; add, as their first lines"
  echo "(after a #! line), in the file's comment syntax:"
  echo "  SPDX-FileCopyrightText: The gpuinteg developers"
  echo "  SPDX-License-Identifier: BSD-3-Clause"
  printf '  %s\n' "${missing[@]}"
  exit 1
fi
echo "PASS: $checked source files, each with its SPDX header"
