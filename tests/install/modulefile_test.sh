#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# The Lmod modulefile (packaging/lmod): Lua syntax (luac -p), its version, then loaded by a real
# Lmod from a scratch installation — every path it sets exists there, gpuinteg runs from PATH
# without LD_LIBRARY_PATH, pkg-config, CMake, man and bash-completion find their files — and
# again after the installation was moved; unloading takes it all away.
# usage: modulefile_test.sh SOURCE_DIR BUILD_DIR VERSION LUAC LMOD_INIT_BASH BASH_COMPLETION
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
src=$1 build=$2 version=$3 luac=$4 lmod_init=$5 bash_completion=$6
modulefile=$src/packaging/lmod/gpuinteg/$version.lua

"$luac" -p "$modulefile" || fail "luac -p $modulefile"
grep -qx "local version = \"$version\"" "$modulefile" || fail "$modulefile does not say version $version"

unset LD_LIBRARY_PATH MODULEPATH LOADEDMODULES _LMFILES_ PKG_CONFIG_PATH CMAKE_PREFIX_PATH GPUINTEG_ROOT
# shellcheck disable=SC1090 # Lmod's own init script
source "$lmod_init"
first() { echo "${1%%:*}"; }

# loaded PREFIX: loads the module from PREFIX and checks what it set.
loaded() {
  local prefix=$1 out
  module use "$prefix/share/modulefiles"
  module load gpuinteg || fail "ml gpuinteg from $prefix"
  [ "$GPUINTEG_ROOT" = "$prefix" ] || fail "GPUINTEG_ROOT=$GPUINTEG_ROOT, expected $prefix"
  for var in PATH MANPATH PKG_CONFIG_PATH CMAKE_PREFIX_PATH XDG_DATA_DIRS; do
    local dir
    dir=$(first "${!var}")
    [[ $dir == "$prefix"* ]] || fail "$var starts with $dir, not with $prefix"
    [ -d "$dir" ] || fail "$var names $dir, which the installation does not have"
  done
  [ "$(command -v gpuinteg)" = "$prefix/bin/gpuinteg" ] || fail "gpuinteg on PATH is $(command -v gpuinteg)"
  out=$(gpuinteg --device serial -n 100 --quiet) || fail "gpuinteg from the module: $out"
  [[ $out == "Integral value is "* ]] || fail "gpuinteg printed '$out'"
  [ "$(gpuinteg --version | head -1)" = "gpuinteg $version" ] || fail "gpuinteg --version: $(gpuinteg --version | head -1)"
  [ "$(pkg-config --modversion gpuinteg)" = "$version" ] || fail "pkg-config gpuinteg from the module"
  [ -f "$(first "$CMAKE_PREFIX_PATH")/$(basename "$(dirname "$(first "$PKG_CONFIG_PATH")")")/cmake/gpuinteg/gpuintegConfig.cmake" ] ||
    fail "no gpuintegConfig.cmake under CMAKE_PREFIX_PATH"
  [ "$(man -w gpuinteg 2> /dev/null)" = "$prefix/share/man/man1/gpuinteg.1" ] ||
    fail "man -w gpuinteg: '$(man -w gpuinteg 2>&1)'"
  # bash-completion finds the completion through XDG_DATA_DIRS, as an interactive shell would.
  out=$(bash -c 'source "$1"; _completion_loader gpuinteg; complete -p gpuinteg' _ "$bash_completion") ||
    fail "bash-completion does not load gpuinteg's completion from the module"
  [[ $out == *"-F _gpuinteg"* ]] || fail "completion for gpuinteg: $out"
  echo "loaded from $prefix: $out"
}

gi_install "$build" "$scratch/prefix"
[ -f "$scratch/prefix/share/modulefiles/gpuinteg/$version.lua" ] || fail "modulefile not installed"
loaded "$scratch/prefix"
module unload gpuinteg
[[ $PATH != *"$scratch/prefix"* ]] || fail "PATH keeps $scratch/prefix after unloading"
module unuse "$scratch/prefix/share/modulefiles"

mv "$scratch/prefix" "$scratch/moved"
loaded "$scratch/moved"
module unload gpuinteg
echo PASS
