#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# The README's cluster build, as a user without root would run it on a login node: the block of
# README.md marked "tests/install/user_build_test.sh runs the next block" is run line by line on
# a copy of this source tree, with HOME in a scratch folder — as the user "nobody" when this test
# runs as root, so that a step needing root (or writing outside HOME and the tree) fails. `ml`
# is Debian's Lmod; the centre's own module lines (the block above it) cannot be run here: the
# build takes what this machine has (with the CUDA toolkit, nvcc for every architecture: most of
# the test's two minutes here). Then the installed gpuinteg runs from the module.
# usage: user_build_test.sh SOURCE_DIR LMOD_INIT_BASH
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
src=$1 lmod_init=$2
chmod 755 "$scratch"

# The source as it is now (tracked and new files, not the build trees).
mkdir "$scratch/src" "$scratch/home"
if git -C "$src" rev-parse --git-dir > /dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
     tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$scratch/src"
else
  (cd "$src" && tar --exclude=./build -cf - .) | tar -xf - -C "$scratch/src"
fi

# The README's block: the first ```sh fence after the marker, up to its closing fence.
awk '/tests\/install\/user_build_test.sh runs the next block/ {found = 1; next}
     found && /^```sh/ {inblock = 1; next}
     inblock && /^```/ {exit}
     inblock {print}' "$src/README.md" > "$scratch/block.sh"
[ -s "$scratch/block.sh" ] || fail "no marked block in README.md"
grep -q "cmake --install" "$scratch/block.sh" || fail "the README's block does not install: $(cat "$scratch/block.sh")"
echo "--- README.md's block:"; cat "$scratch/block.sh"; echo "---"

cat > "$scratch/run.sh" <<RUN
set -euo pipefail
export HOME=$scratch/home
unset LD_LIBRARY_PATH MODULEPATH LOADEDMODULES _LMFILES_ PKG_CONFIG_PATH CMAKE_PREFIX_PATH
source "$lmod_init"
cd "$scratch/src"
set -x
$(cat "$scratch/block.sh")
set +x
[ "\$(command -v gpuinteg)" = "\$PREFIX/bin/gpuinteg" ] || { echo "gpuinteg is \$(command -v gpuinteg)"; exit 1; }
gpuinteg --device serial -n 1000 --quiet
[ -f "\$PREFIX/share/modulefiles/gpuinteg/\$(gpuinteg --version --json | sed 's/^{"version":"\([^"]*\)".*/\1/').lua" ]
echo "user build: OK as \$(id -un)"
RUN

if [ "$(id -u)" = 0 ]; then
  chown -R nobody:nogroup "$scratch/src" "$scratch/home" "$scratch/run.sh"
  setpriv --reuid=nobody --regid=nogroup --clear-groups -- bash "$scratch/run.sh" ||
    fail "the README's cluster build failed as nobody"
else
  bash "$scratch/run.sh" || fail "the README's cluster build failed"
fi
echo PASS
