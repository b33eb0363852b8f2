#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Strong scaling of `gpuinteg gemm` over MPI ranks on this machine: the same product on one
# process, and on 1..R ranks of mpirun (2-D SUMMA, each rank T threads of OpenBLAS); best of
# --repeat runs as the program reports it (time_s: from a barrier before the product to the
# agreement after the last panel on rank 0, so the panels' broadcasts are inside). Every row is
# verified (Freivalds) and prints C's checksum. Prints a Markdown table and writes it to
# bench/results/mpi-gemm-scaling-<host>.md.
#
#   bench/mpi_gemm_scaling.sh [BUILD_DIR] [SIZE] [MAX_RANKS] [REPEAT]   defaults: build/release 3000 2 5
#
# Needs jq and mpirun. Timings on a shared machine are noisy: compare rows of one run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
size=${2:-3000}
max_ranks=${3:-2}
repeat=${4:-5}
cli=$build/bin/gpuinteg
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cores=$(nproc)

row() { # label, ranks, threads, command...
    local label=$1 ranks=$2 threads=$3
    shift 3
    local json
    json=$("$@")
    printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "$label" "$ranks" "$threads" \
        "$(jq -r .time_s <<<"$json")" "$(jq -r .gflops <<<"$json")" \
        "$(jq -r '.comm_time_s // 0' <<<"$json")" "$(jq -r .verified <<<"$json")" \
        "$(jq -r .c_sum <<<"$json")"
}

common=(gemm --device openmp --size "$size" --repeat "$repeat" --verify --json)
rows=()
rows+=("$(row "one process" 1 1 "$cli" "${common[@]}" --no-mpi --threads 1)")
if [ "$cores" -ge 2 ]; then
    rows+=("$(row "one process" 1 2 "$cli" "${common[@]}" --no-mpi --threads 2)")
fi
for ((r = 1; r <= max_ranks; r++)); do
    rows+=("$(row "mpirun" "$r" 1 mpirun --oversubscribe -np "$r" "$cli" "${common[@]}" --mpi --threads 1)")
done

base=$(cut -d'|' -f4 <<<"${rows[0]}")
out=bench/results/mpi-gemm-scaling-$(hostname -s).md
{
    echo "# gemm strong scaling over MPI ranks, --size $size ($(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
    echo
    echo "$(date -u +%Y-%m-%d), $(mpirun --version | head -1), openmp backend (OpenBLAS), best of $repeat runs; speed-up against one process with one thread; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| run | ranks | threads/rank | time_s | GFLOP/s | broadcasts_s (slowest rank) | speed-up | efficiency | verified | c_sum |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for x in "${rows[@]}"; do
        IFS='|' read -r label ranks threads t g c v s <<<"$x"
        workers=$((ranks * threads))
        awk -v l="$label" -v r="$ranks" -v th="$threads" -v t="$t" -v g="$g" -v c="$c" -v v="$v" -v s="$s" -v b="$base" -v w="$workers" \
            'BEGIN { x = b / t; printf "| %s | %d | %d | %.4f | %.1f | %.4f | %.2f | %.0f%% | %s | %s |\n", l, r, th, t, g, c, x, 100 * x / w, v, s }'
    done
} | tee "$out"
echo "written to $out" >&2
