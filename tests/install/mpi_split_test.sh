#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# gpuinteg links no MPI, so a plain run needs no MPI module; gpuinteg-mpi does, and gpuinteg hands
# an MPI run to it (host/cli/mpi_program.h). Checked in the build tree and in an installation:
# what each program and libgpuinteg link (readelf, ldd), a --mpi run through gpuinteg, and
# gpuinteg without gpuinteg-mpi beside it: plain runs work, --mpi says why it cannot (exit 3).
# usage: mpi_split_test.sh BUILD_DIR LIBDIR HAVE_MPI(0|1)
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=$1 libdir=$2 have_mpi=$3
unset LD_LIBRARY_PATH
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 # a singleton run as root (CI)

# no_mpi FILE: neither its own NEEDED entries nor what the loader resolves for it name libmpi.
no_mpi() {
  [ -f "$1" ] || fail "$1 missing"
  ! readelf -d "$1" | grep -E 'NEEDED.*libmpi' || fail "$1 links libmpi (readelf -d)"
  ! ldd "$1" | grep -E 'libmpi|libopen-(rte|pal)|libpmix' || fail "$1 loads MPI (ldd)"
  echo "no MPI: $1"
}

# checks PREFIX: the programs and library under PREFIX (a build tree or an installation).
checks() {
  local p=$1 out
  no_mpi "$p/bin/gpuinteg"
  no_mpi "$p/$libdir/libgpuinteg.so"
  if [ "$have_mpi" = 1 ]; then
    readelf -d "$p/bin/gpuinteg-mpi" | grep -qE 'NEEDED.*libmpi' || fail "$p/bin/gpuinteg-mpi has no libmpi"
    # --mpi through the plain program: one rank, as gpuinteg-mpi reports it.
    out=$("$p/bin/gpuinteg" --mpi --device serial -n 300 --json) || fail "gpuinteg --mpi: exit $?"
    [[ $out == *'"ranks":1'* ]] || fail "gpuinteg --mpi did not run as an MPI job: $out"
    echo "--mpi through $p/bin/gpuinteg: ranks 1"
  else
    [ ! -e "$p/bin/gpuinteg-mpi" ] || fail "gpuinteg-mpi in a build without MPI"
  fi
}

checks "$build"
gi_install "$build" "$scratch/prefix"
checks "$scratch/prefix"

# gpuinteg alone (no gpuinteg-mpi beside it), as when MPI was left out of the build.
mkdir "$scratch/alone"
cp -a "$scratch/prefix/bin" "$scratch/prefix/$libdir" "$scratch/alone/"
rm -f "$scratch/alone/bin/gpuinteg-mpi"
out=$("$scratch/alone/bin/gpuinteg" --device serial -n 300 --quiet) || fail "plain run without gpuinteg-mpi"
[[ $out == "Integral value is "* ]] || fail "plain run printed '$out'"
set +e
err=$("$scratch/alone/bin/gpuinteg" --mpi --device serial -n 300 2>&1 > "$scratch/out")
code=$?
set -e
[ "$code" = 3 ] || fail "--mpi without gpuinteg-mpi: exit $code, expected 3"
[ ! -s "$scratch/out" ] || fail "--mpi without gpuinteg-mpi printed on stdout: $(cat "$scratch/out")"
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "--mpi without gpuinteg-mpi: not one stderr line: $err"
[[ $err == *"--mpi"*"$scratch/alone/bin/gpuinteg-mpi: No such file or directory"*"--no-mpi"* ]] ||
  fail "--mpi without gpuinteg-mpi: '$err'"
echo "without gpuinteg-mpi: $err"
echo PASS
