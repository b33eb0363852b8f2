#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Strong scaling of `gpuinteg integrate` over MPI ranks on this machine: the same problem on 1
# process, and on 1..R ranks of mpirun, each rank with T threads; best of --repeat runs as the
# program reports it (time_s: from a barrier before the compute to the combined value on rank
# 0, so the gather and the agreement are inside). Prints a Markdown table and writes it to
# bench/results/mpi-scaling-<host>.md.
#
#   bench/mpi_scaling.sh [BUILD_DIR] [N] [MAX_RANKS] [REPEAT]     defaults: build/release 10000 2 7
#
# Needs jq and mpirun. Runs as root only with OMPI_ALLOW_RUN_AS_ROOT set (it sets it). Timings on
# a shared machine are noisy: compare rows of one run, not runs of different days.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
n=${2:-10000}
max_ranks=${3:-2}
repeat=${4:-7}
cli=$build/bin/gpuinteg
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cores=$(nproc)

row() { # label, ranks, threads, command...
    local label=$1 ranks=$2 threads=$3
    shift 3
    local json
    json=$("$@")
    local t k v
    t=$(jq -r .time_s <<<"$json")
    k=$(jq -r .kernel_time_s <<<"$json")
    v=$(jq -r .value <<<"$json")
    printf '%s|%s|%s|%s|%s|%s\n' "$label" "$ranks" "$threads" "$t" "$k" "$v"
}

rows=()
rows+=("$(row "one process" 1 1 "$cli" --no-mpi --device openmp --threads 1 -n "$n" --repeat "$repeat" --json)")
if [ "$cores" -ge 2 ]; then
    rows+=("$(row "one process" 1 2 "$cli" --no-mpi --device openmp --threads 2 -n "$n" --repeat "$repeat" --json)")
fi
for ((r = 1; r <= max_ranks; r++)); do
    rows+=("$(row "mpirun" "$r" 1 mpirun --oversubscribe -np "$r" "$cli" --mpi --device openmp --threads 1 -n "$n" --repeat "$repeat" --json)")
done

base=$(cut -d'|' -f4 <<<"${rows[0]}")
out=bench/results/mpi-scaling-$(hostname -s).md
{
    echo "# integrate strong scaling over MPI ranks, n = $n ($(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
    echo
    echo "$(date -u +%Y-%m-%d), $(mpirun --version | head -1), best of $repeat runs; speed-up against one process with one thread."
    echo
    echo "| run | ranks | threads/rank | time_s | kernel_s (slowest rank) | speed-up | efficiency | value |"
    echo "|---|---|---|---|---|---|---|---|"
    for x in "${rows[@]}"; do
        IFS='|' read -r label ranks threads t k v <<<"$x"
        workers=$((ranks * threads))
        awk -v l="$label" -v r="$ranks" -v th="$threads" -v t="$t" -v k="$k" -v v="$v" -v b="$base" -v w="$workers" \
            'BEGIN { s = b / t; printf "| %s | %d | %d | %.4f | %.4f | %.2f | %.0f%% | %s |\n", l, r, th, t, k, s, 100 * s / w, v }'
    done
} | tee "$out"
echo "written to $out" >&2
