# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# The CUDA architecture list derived from the toolkit's version
# (host/backends/cuda/cuda_architectures.cmake), at each version boundary of its table:
#   cmake -DGI_SOURCE_DIR=<repo> [-DGI_NVCC=<nvcc>] -P tests/cuda_architectures_test.cmake
# Fails (FATAL_ERROR) when a version's list differs from the one stated here. With GI_NVCC, also
# checks that this nvcc compiles for every architecture derived from its own version
# (nvcc --list-gpu-arch).
include(${GI_SOURCE_DIR}/host/backends/cuda/cuda_architectures.cmake)

set(_ampere_hopper "80-real 86-real 89-real")
set(_cases
  # The oldest toolkit gpuinteg builds with, and Kebnekaise's module (jobs/gpu.sbatch).
  "12.0|70-real 75-real ${_ampere_hopper} 90"
  "12.4.0|70-real 75-real ${_ampere_hopper} 90"
  "12.6.3|70-real 75-real ${_ampere_hopper} 90"
  # 12.8 adds Blackwell 10.0 and 12.0; the PTX moves to the newest.
  "12.8|70-real 75-real ${_ampere_hopper} 90-real 100-real 120"
  "12.8.1|70-real 75-real ${_ampere_hopper} 90-real 100-real 120"
  # 12.9 adds 10.3 and 12.1.
  "12.9.0|70-real 75-real ${_ampere_hopper} 90-real 100-real 103-real 120-real 121"
  "12.9.1|70-real 75-real ${_ampere_hopper} 90-real 100-real 103-real 120-real 121"
  # 13.0 drops Volta (7.0); UPPMAX's CUDA/13.0.2 and the toolkit of this machine and the GPU's.
  "13.0|75-real ${_ampere_hopper} 90-real 100-real 103-real 120-real 121"
  "13.0.2|75-real ${_ampere_hopper} 90-real 100-real 103-real 120-real 121"
  "13.1|75-real ${_ampere_hopper} 90-real 100-real 103-real 120-real 121")

set(_failed 0)
foreach(case IN LISTS _cases)
  string(REPLACE "|" ";" case "${case}")
  list(GET case 0 version)
  list(GET case 1 want)
  separate_arguments(want UNIX_COMMAND "${want}")
  gi_cuda_default_architectures(${version} got)
  if(NOT "${got}" STREQUAL "${want}")
    message(SEND_ERROR "CUDA ${version}: got '${got}', want '${want}'")
    set(_failed 1)
  else()
    message(STATUS "CUDA ${version}: ${got}")
  endif()
  # Exactly one entry carries PTX, the last, and it is the newest architecture.
  list(FILTER got EXCLUDE REGEX "-real$")
  list(LENGTH got _ptx)
  if(NOT _ptx EQUAL 1)
    message(SEND_ERROR "CUDA ${version}: ${_ptx} entries with PTX, want 1")
    set(_failed 1)
  endif()
endforeach()
if(GI_NVCC)
  execute_process(COMMAND ${GI_NVCC} --version OUTPUT_VARIABLE _out RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0 OR NOT _out MATCHES "release [0-9.]+, V([0-9.]+)")
    message(FATAL_ERROR "${GI_NVCC} --version: exit ${_rc}: ${_out}")
  endif()
  set(version ${CMAKE_MATCH_1})
  gi_cuda_default_architectures(${version} got)
  execute_process(COMMAND ${GI_NVCC} --list-gpu-arch OUTPUT_VARIABLE _known RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${GI_NVCC} --list-gpu-arch: exit ${_rc}")
  endif()
  foreach(arch IN LISTS got)
    string(REGEX REPLACE "-real$" "" arch "${arch}")
    if(NOT _known MATCHES "compute_${arch}\n")
      message(SEND_ERROR "nvcc ${version} (${GI_NVCC}) cannot compile for ${arch}")
      set(_failed 1)
    endif()
  endforeach()
  message(STATUS "nvcc ${version} compiles for every one of ${got}")
endif()
if(_failed)
  message(FATAL_ERROR "the derived CUDA architectures are wrong")
endif()
message(STATUS "every CUDA version boundary gives the stated architectures")
