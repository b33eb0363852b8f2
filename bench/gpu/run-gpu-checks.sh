#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Every check of the CUDA backend that needs an NVIDIA GPU, in one run on the lent GPU machine
# (Ubuntu 24.04, CUDA 13 toolkit, CMake, ninja, compute-sanitizer, the NVIDIA driver; no Debian
# packages, no network: see ../shared/gpu/README.md). Logs and results.md go to $OUT.
#
# How to run it through the device tool, from the repository root of a session that has one:
#   1. here, once:   ../shared/gpu/fetch-debs          (≈16 MB of .debs into .gpu-debs/, ignored)
#   2. device call:  run(command="GI_COMMIT=<git rev-parse HEAD here> bash bench/gpu/run-gpu-checks.sh",
#                        carry=[".gpu-debs"],
#                        timeout_s=570)
#      Carry .gpu-debs and nothing else big: the script configures and builds in build/gpu there.
#   3. copy $OUT/results.md to bench/results/<YYYY-MM-DD>-<gpu>.md (see bench/results/README.md)
#      and commit it; the logs stay in the session's files.
# GI_GPU_STEPS='build|test-cuda|gemm.*' runs only the steps whose names match (a bash regex):
# for a second run of what failed or was skipped. GI_GPU_BUILD names the build folder.
# The whole run takes about 6 minutes on an H100 (build ≈ 1 min on 16 cores); each step has its
# own time limit and a failing step does not stop the others; the later steps are skipped when
# the time budget is spent, so run it again (with the build folder carried) for what was left. Exit status: 0 when every step
# passed, 1 otherwise (results.md says which).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-$PWD/gpu-out}
mkdir -p "$OUT"
T0=$(date +%s)
BUILD=${GI_GPU_BUILD:-build/gpu}
CLI=$BUILD/bin/gpuinteg

# ---- the environment of ../shared/gpu/README.md (never unpack into /) ------------------------
if [ -d .gpu-debs ]; then
  mkdir -p /tmp/deb /tmp/icd && for f in .gpu-debs/*.deb; do dpkg -x "$f" /tmp/deb; done
  D=/tmp/deb/usr; L=$D/lib/x86_64-linux-gnu
  export LD_LIBRARY_PATH=$L:$L/openblas-pthread${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export CPATH=$D/include:$D/include/x86_64-linux-gnu
  export LIBRARY_PATH=$L:$L/openblas-pthread CMAKE_PREFIX_PATH=$D
  export PKG_CONFIG_PATH=$L/pkgconfig:$D/share/pkgconfig
  echo libnvidia-opencl.so.1 >/tmp/icd/nvidia.icd
  export OCL_ICD_VENDORS=/tmp/icd
else
  echo "no .gpu-debs/: Criterion, cJSON, OpenBLAS and CLBlast must already be installed" >"$OUT/env.log"
fi
export PATH=/usr/local/cuda/bin:$PATH
SANITIZER=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)

# ---- steps -------------------------------------------------------------------------------------
STATUS=()
# The device tool stops a command after 600 s: the steps share BUDGET seconds, so that the
# results are always written. A step that would start with less than 15 s left is skipped.
BUDGET=${GI_GPU_BUDGET_S:-540}
# step NAME SECONDS CMD...: runs CMD with a time limit, output in $OUT/NAME.log.
step() {
  local name=$1 limit=$2 t rc left
  shift 2
  if [ -n "${GI_GPU_STEPS:-}" ] && ! [[ $name =~ ^(${GI_GPU_STEPS})$ ]]; then
    STATUS+=("| $name | not selected (GI_GPU_STEPS) | 0 s |")
    return 0
  fi
  t=$(date +%s)
  left=$((BUDGET - (t - T0)))
  if [ "$left" -lt 15 ]; then
    STATUS+=("| $name | skipped: time budget spent | 0 s |")
    return 1
  fi
  [ "$limit" -gt "$left" ] && limit=$left
  timeout "$limit" "$@" >"$OUT/$name.log" 2>&1
  rc=$?
  STATUS+=("| $name | $([ $rc -eq 0 ] && echo ok || echo "FAILED (exit $rc)") | $(($(date +%s) - t)) s |")
  return $rc
}

{
  nvidia-smi -q | head -30
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,power.limit --format=csv
  nvcc --version | tail -2
  cmake --version | head -1
  gcc --version | head -1
  nproc
} >"$OUT/machine.txt" 2>&1

step configure 120 cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGI_WITH_CUDA=ON \
  -DGI_BUILD_TESTS=ON -DGI_BUILD_BENCH=ON
step build 300 cmake --build "$BUILD" -j "$(nproc)"
# The kernels' registers, stack frames and spills per architecture (-Xptxas -v in the build log).
grep -E "Compiling entry function|stack frame|Used [0-9]+ registers" "$OUT/build.log" >"$OUT/ptxas.txt"

if [ -x "$CLI" ]; then
  step devices 60 "$CLI" devices
  "$CLI" devices --json >"$OUT/devices.json" 2>&1
  # The GPU first, alone: nothing else competes for it. The whole suite comes last (longest).
  step test-cuda 240 ctest --test-dir "$BUILD" -L cuda --output-on-failure
  # CUDA_VISIBLE_DEVICES as Slurm sets it: nothing visible → unavailable with the reason.
  step visible-none 60 env CUDA_VISIBLE_DEVICES= "$CLI" devices

  # integrate n = 10000: kernel (CUDA events) and wall time, best and median of 20 calls of one
  # process; the process's own wall time around it, whose excess is the set-up (context,
  # streams, buffers) that the best call does not pay.
  t0=$(date +%s.%N)
  step integrate 120 "$CLI" --device cuda -n 10000 --repeat 20 --json
  echo "$t0 $(date +%s.%N)" >"$OUT/integrate-process.txt"
  cp "$OUT/integrate.log" "$OUT/integrate.json"
  # The same on the libm path (sine.h's sine, compensated sums), then with CUDA's sin() in place
  # of sine.h's, for the comparison.
  "$CLI" --device cuda -n 10000 --sine libm --repeat 20 --json \
    >"$OUT/integrate-libm.json" 2>>"$OUT/integrate-libm.log"
  GPUINTEG_CUDA_SINE=cuda "$CLI" --device cuda -n 10000 --sine libm --repeat 20 --json \
    >"$OUT/integrate-cuda-sin.json" 2>>"$OUT/integrate-cuda-sin.log"
  # gpuinteg's sine must give the serial backend's bits (5.938399146714809e-16 at n = 10⁴).
  "$CLI" --device serial -n 10000 --json >"$OUT/integrate-serial.json" 2>&1
  # One call in a fresh process: set-up and the call together.
  t0=$(date +%s.%N)
  "$CLI" --device cuda -n 10000 --json >"$OUT/integrate-once.json" 2>&1
  echo "$t0 $(date +%s.%N)" >"$OUT/integrate-once-process.txt"

  # gemm 3000 from ordinary (pageable) arrays, verified against the CPU; then the out-of-core
  # path (C tiled) forced by a 256 MiB device memory limit, verified too.
  t0=$(date +%s.%N)
  step gemm 180 "$CLI" gemm --device cuda --size 3000 --verify --repeat 10 --json
  echo "$t0 $(date +%s.%N)" >"$OUT/gemm-process.txt"
  cp "$OUT/gemm.log" "$OUT/gemm.json"
  step gemm-out-of-core 180 env GPUINTEG_CUDA_MEMORY_LIMIT=268435456 \
    "$CLI" gemm --device cuda --size 6000 --verify --repeat 3 --json
  # What the first gi_dgemm costs beyond the next ones after the device's set-up: cuBLAS's
  # handle, workspace and module loading belong in the set-up, not in the first timed call.
  step first-call 60 "$BUILD/bench/first_call" --device cuda --sizes 64,512,3000

  # The monitor's NVML path: a 4·10¹⁰-sine run sampled every 20 ms must show the GPU busy and
  # the CPU nearly idle (the host thread sleeps on blocking-sync events).
  step nvml 120 "$CLI" --device cuda --nx 200000 --ny 200000 --repeat 5 --sample-ms 20 --json
  # A stop request (SIGINT) during a 10¹⁸-sine run: honoured between bounded launches, so the
  # run reports itself interrupted (exit 130) within a second.
  step stop-latency 60 bash -c '"$0" --device cuda --nx 1000000000 --ny 1000000000 >"$1" 2>&1 &
    pid=$!; sleep 3; t=$(date +%s.%N); kill -INT $pid; wait $pid; rc=$?
    late=$(echo "$(date +%s.%N) - $t" | bc); echo "exit $rc, $late s after SIGINT"; cat "$1"
    [ $rc -eq 130 ] && grep -qi interrupt "$1" && [ "$(echo "$late < 1" | bc)" = 1 ]' \
    "$CLI" "$OUT/stop-latency.out"

  # compute-sanitizer over both workloads; sizes small enough for the tools' slowdown. The
  # integrate run with a small launch size also covers the lanes' sums carried between launches
  # and the column slices; the gemm runs cover the in-core and the out-of-core pipeline.
  for tool in memcheck racecheck initcheck; do
    step "sanitize-$tool-integrate" 120 "$SANITIZER" --tool "$tool" --error-exitcode 99 \
      "$CLI" --device cuda -n 3000
    # 1000 tiles of 40 × 3 cells, 16 rows a launch; then 192 tiles of 16 × 4688, 16 tiles × 256
    # columns a launch.
    step "sanitize-$tool-integrate-cut" 120 env GPUINTEG_CUDA_LAUNCH_EVALS=65536 \
      "$SANITIZER" --tool "$tool" --error-exitcode 99 "$CLI" --device cuda --nx 40000 --ny 3
    step "sanitize-$tool-integrate-slices" 120 env GPUINTEG_CUDA_LAUNCH_EVALS=65536 \
      "$SANITIZER" --tool "$tool" --error-exitcode 99 "$CLI" --device cuda --nx 40 --ny 300000
    # 300: two column blocks, two k-panels; with 1 MiB, 2 strips × 4 blocks out of core.
    step "sanitize-$tool-gemm" 180 "$SANITIZER" --tool "$tool" --error-exitcode 99 \
      "$CLI" gemm --device cuda --size 300 --verify
    step "sanitize-$tool-gemm-out-of-core" 180 env GPUINTEG_CUDA_MEMORY_LIMIT=1048576 \
      "$SANITIZER" --tool "$tool" --error-exitcode 99 "$CLI" gemm --device cuda --size 300 --verify
  done
  # The libm kernel (sine.h, compensated sums): the integrate runs above use the gi sine's.
  step sanitize-memcheck-integrate-libm 120 env GPUINTEG_CUDA_LAUNCH_EVALS=65536 \
    "$SANITIZER" --tool memcheck --error-exitcode 99 "$CLI" --device cuda --nx 40000 --ny 3 \
    --sine libm

  # The whole suite but Slurm's (no Slurm here) and the cuda label above. OCL_ICD_VENDORS names
  # NVIDIA's OpenCL driver only, so the opencl tests run on the GPU through it.
  step test-suite 300 ctest --test-dir "$BUILD" -LE 'cuda|slurm' -j 8 --output-on-failure
fi

# ---- results ------------------------------------------------------------------------------------
printf '%s\n' "${STATUS[@]}" >"$OUT/steps.txt"
echo "$(($(date +%s) - T0))" >"$OUT/total_s.txt"
python3 bench/gpu/write-results.py "$OUT" "${GI_COMMIT:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}" \
  >"$OUT/results.md" 2>"$OUT/results.err"
cat "$OUT/steps.txt"
! grep -q FAILED "$OUT/steps.txt"
