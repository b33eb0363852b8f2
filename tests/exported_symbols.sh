#!/bin/sh
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Every symbol libgpuinteg exports is a function of the public headers (GI_API): internal
# helpers, and the ifunc resolvers of target_clones functions, stay hidden.
#   exported_symbols.sh LIBRARY INCLUDE_DIR
set -eu
lib=$1
include=$2
api=$(mktemp)
exported=$(mktemp)
trap 'rm -f "$api" "$exported"' EXIT
# "GI_API const char *gi_version_string(void);" -> gi_version_string (declarations may wrap).
cat "$include"/gpuinteg/*.h | tr '\n' ' ' | grep -o 'GI_API[^;{]*(' |
    sed -E 's/.*[^A-Za-z0-9_(]\(?([A-Za-z_][A-Za-z0-9_]*)\)?\($/\1/' | sort -u > "$api"
nm -D --defined-only "$lib" | awk '{print $3}' | sort -u > "$exported"
if [ ! -s "$api" ]; then
    echo "no GI_API declarations found in $include" >&2
    exit 1
fi
extra=$(comm -23 "$exported" "$api")
if [ -n "$extra" ]; then
    echo "exported but not part of the public API ($lib):" >&2
    echo "$extra" >&2
    exit 1
fi
echo "$(wc -l < "$exported") exported symbols, all declared GI_API"
