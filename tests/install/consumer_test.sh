#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Installs the build tree into a scratch prefix and builds a consumer program against it, as a
# user would: through pkg-config and through find_package(gpuinteg). Each consumer runs without
# LD_LIBRARY_PATH. Then the prefix is moved and both ways are tried again (both files are
# relocatable), and a find_package asking for a version this is not must fail.
#
# usage: consumer_test.sh BUILD_DIR VERSION LIBDIR CC [CFLAGS [LDFLAGS]]
#   CFLAGS/LDFLAGS: the build's own sanitizer flags, which a program linking an ASan-built
#   library needs too.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=$1 version=$2 libdir=$3 cc=$4 cflags=${5:-} ldflags=${6:-}
unset LD_LIBRARY_PATH PKG_CONFIG_PATH CMAKE_PREFIX_PATH
generator=()
command -v ninja > /dev/null && generator=(-G Ninja)

prefix=$scratch/prefix
gi_install "$build" "$prefix"
for f in "$libdir/pkgconfig/gpuinteg.pc" "$libdir/cmake/gpuinteg/gpuintegConfig.cmake" \
         "$libdir/cmake/gpuinteg/gpuintegConfigVersion.cmake" \
         "$libdir/cmake/gpuinteg/gpuintegTargets.cmake" share/doc/gpuinteg/LICENSE \
         include/gpuinteg/gpuinteg.h; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done

# run_consumer EXE: runs it with a clean environment and checks what it printed.
run_consumer() {
  local out
  out=$(env -u LD_LIBRARY_PATH "$1") || fail "$1 failed: $out"
  [[ $out =~ ^consumer\ $version\ serial\ [0-9.e+-]+$ ]] || fail "$1 printed '$out'"
  echo "$1: $out"
}

# by_pkgconfig PREFIX NAME: compiles and links the consumer with pkg-config's flags only.
by_pkgconfig() {
  local pc=$1/$libdir/pkgconfig
  [ "$(PKG_CONFIG_PATH=$pc pkg-config --modversion gpuinteg)" = "$version" ] ||
    fail "pkg-config --modversion gpuinteg is not $version"
  # pkg-config resolves ${pcfiledir}: the flags name the moved prefix, not the one installed.
  PKG_CONFIG_PATH=$pc pkg-config --libs gpuinteg | grep -q -- "-L$1/$libdir" ||
    fail "pkg-config --libs does not name $1/$libdir: $(PKG_CONFIG_PATH=$pc pkg-config --libs gpuinteg)"
  # shellcheck disable=SC2086 # flags are words
  $cc $cflags "$here/consumer/consumer.c" -o "$scratch/$2" $ldflags \
    $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs gpuinteg) || fail "pkg-config build ($2)"
  # The run path that lets it run without LD_LIBRARY_PATH comes from gpuinteg.pc.
  readelf -d "$scratch/$2" | grep -E 'R(UN)?PATH' | grep -q "$1/$libdir" ||
    fail "$2 has no run path to $1/$libdir"
  run_consumer "$scratch/$2"
}

# by_cmake PREFIX NAME [VERSION]: configures, builds and runs the consumer project.
by_cmake() {
  cmake -S "$here/consumer" -B "$scratch/$2" "${generator[@]}" -DCMAKE_PREFIX_PATH="$1" \
    -DGI_EXPECT_VERSION="${3:-$version}" -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" \
    -DCMAKE_EXE_LINKER_FLAGS="$ldflags" > "$scratch/$2.log" 2>&1 &&
    cmake --build "$scratch/$2" >> "$scratch/$2.log" 2>&1 ||
    { cat "$scratch/$2.log" >&2; fail "find_package build ($2)"; }
  run_consumer "$scratch/$2/consumer"
}

by_pkgconfig "$prefix" consumer-pc
by_cmake "$prefix" consumer-cmake

# The version file refuses a version this is not.
if cmake -S "$here/consumer" -B "$scratch/wrong-version" -DCMAKE_PREFIX_PATH="$prefix" \
     -DGI_EXPECT_VERSION=99.0 > "$scratch/wrong.log" 2>&1; then
  fail "find_package(gpuinteg 99.0) succeeded against $version"
fi
grep -q "gpuintegConfig.cmake, version: $version" "$scratch/wrong.log" ||
  { cat "$scratch/wrong.log" >&2; fail "find_package(gpuinteg 99.0) failed for another reason"; }

# Relocated: both files describe the prefix they are in.
mv "$prefix" "$scratch/moved"
by_pkgconfig "$scratch/moved" consumer-pc-moved
by_cmake "$scratch/moved" consumer-cmake-moved
echo "PASS"
