# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Shared by the tests/install scripts: failing with a message, a scratch folder removed on exit.
set -euo pipefail

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# scratch: a fresh folder in $TMPDIR (or /tmp), removed when the script exits.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/gpuinteg-install-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# gi_install BUILD PREFIX: `cmake --install` of the build tree into PREFIX, quietly.
gi_install() {
  cmake --install "$1" --prefix "$2" > "$scratch/install.log" 2>&1 ||
    { cat "$scratch/install.log" >&2; fail "cmake --install $1 --prefix $2"; }
}
