#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Run paths of an installation: the programs find libgpuinteg relative to themselves ($ORIGIN),
# and the CUDA plugin names no folder at all — cuBLAS is found through the normal lookup of the
# loaded CUDA module (LD_LIBRARY_PATH) or ld.so.conf, never through the build host's toolkit path.
# usage: runpath_test.sh BUILD_DIR LIBDIR CUDA_LIBRARY_DIR(or "")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=$1 libdir=$2 cuda_dir=$3
prefix=$scratch/prefix
gi_install "$build" "$prefix"

runpath() { readelf -d "$1" | sed -n 's/.*(R\(UN\)\?PATH).*\[\(.*\)\]/\2/p'; }

rp=$(runpath "$prefix/bin/gpuinteg")
[[ ":$rp:" == *":\$ORIGIN/../$libdir:"* ]] || fail "bin/gpuinteg run path '$rp' lacks \$ORIGIN/../$libdir"
echo "bin/gpuinteg: $rp"
plugin=$prefix/$libdir/gpuinteg/gpuinteg-cuda.so
if [ -n "$cuda_dir" ]; then
  [ -f "$plugin" ] || fail "$plugin not installed"
  readelf -d "$plugin" | grep -q 'NEEDED.*libcublas' || fail "$plugin does not link cuBLAS"
  rp=$(runpath "$plugin")
  [ -z "$rp" ] || fail "$plugin has a run path: '$rp' (the CUDA module's libraries must be found at run time)"
  echo "gpuinteg-cuda.so: no run path; cuBLAS by the normal lookup"
fi
echo PASS
