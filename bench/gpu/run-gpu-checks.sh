#!/bin/bash
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
# The whole run takes about 5 minutes on an H100 (build ≈ 1 min on 16 cores); each step has its
# own time limit and a failing step does not stop the others. Exit status: 0 when every step
# passed, 1 otherwise (results.md says which).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-$PWD/gpu-out}
mkdir -p "$OUT"
T0=$(date +%s)
BUILD=build/gpu
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

if [ -x "$CLI" ]; then
  step devices 60 "$CLI" devices
  "$CLI" devices --json >"$OUT/devices.json" 2>&1
  step test-cuda 240 ctest --test-dir "$BUILD" -L cuda --output-on-failure
  step test-cpu 240 ctest --test-dir "$BUILD" -L cpu -j 8 --output-on-failure
  step test-opencl 240 ctest --test-dir "$BUILD" -L opencl --output-on-failure
  # CUDA_VISIBLE_DEVICES as Slurm sets it: nothing visible → unavailable with the reason.
  step visible-none 60 env CUDA_VISIBLE_DEVICES= "$CLI" devices

  # integrate n = 10000: kernel (CUDA events) and wall time; the first run sets up the context.
  step integrate 120 "$CLI" --device cuda -n 10000 --repeat 20
  "$CLI" --device cuda -n 10000 --repeat 20 --json >"$OUT/integrate.json" 2>>"$OUT/integrate.log"
  # The same with CUDA's sin() in place of the kernel's own sine, for the comparison.
  GPUINTEG_CUDA_SINE=cuda "$CLI" --device cuda -n 10000 --repeat 20 --json \
    >"$OUT/integrate-cuda-sin.json" 2>>"$OUT/integrate.log"
  # gemm 3000 from ordinary arrays, verified against the CPU.
  if "$CLI" --help | grep -q 'gpuinteg gemm'; then
    step gemm 180 "$CLI" gemm --device cuda --size 3000 --verify --repeat 10
    "$CLI" gemm --device cuda --size 3000 --verify --repeat 10 --json >"$OUT/gemm.json" 2>>"$OUT/gemm.log"
  else
    echo "this build has no gemm command (the gemm CLI is not merged yet)" >"$OUT/gemm.log"
    STATUS+=("| gemm | not run: no gemm command in this build | 0 s |")
  fi

  # compute-sanitizer over both workloads; sizes small enough for the tools' slowdown. The
  # integrate run with a small launch size also covers the lanes' sums carried between launches.
  for tool in memcheck racecheck initcheck; do
    step "sanitize-$tool-integrate" 120 "$SANITIZER" --tool "$tool" --error-exitcode 99 \
      "$CLI" --device cuda -n 3000
    step "sanitize-$tool-integrate-cut" 120 env GPUINTEG_CUDA_LAUNCH_EVALS=65536 \
      "$SANITIZER" --tool "$tool" --error-exitcode 99 "$CLI" --device cuda --nx 40000 --ny 300
    if "$CLI" --help | grep -q 'gpuinteg gemm'; then
      step "sanitize-$tool-gemm" 180 "$SANITIZER" --tool "$tool" --error-exitcode 99 \
        "$CLI" gemm --device cuda --size 700 --verify
    fi
  done
fi

# ---- results ------------------------------------------------------------------------------------
printf '%s\n' "${STATUS[@]}" >"$OUT/steps.txt"
echo "$(($(date +%s) - T0))" >"$OUT/total_s.txt"
python3 bench/gpu/write-results.py "$OUT" "${GI_COMMIT:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}" \
  >"$OUT/results.md" 2>"$OUT/results.err"
cat "$OUT/steps.txt"
! grep -q FAILED "$OUT/steps.txt"
