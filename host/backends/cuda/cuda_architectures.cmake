# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# The CUDA architectures gpuinteg builds for by default, from the toolkit's version: each entry
# only when that toolkit's nvcc can compile for it, real code (SASS) for each and PTX for the
# newest, so that a GPU newer than the toolkit runs the PTX (the driver compiles it once).
# Included by CMakeLists.txt here and by tests/cuda_architectures_test.cmake, which checks the
# list at each version boundary.
#
#   arch  since CUDA  until   GPUs                                    why it is here
#   70    9.0         12.x    V100                                    HPC GPU still in clusters
#                                                                     (CUDA 13 dropped it)
#   75    10.0                T4, RTX 20xx, Quadro RTX                inference/visualisation nodes
#   80    11.0                A100, A30                               the common HPC GPU (fast FP64)
#   86    11.1                A40, A10, A16, RTX 30xx, RTX A6000      visualisation and AI nodes
#   89    11.8                L4, L40, L40S, RTX 40xx, RTX 6000 Ada   AI nodes
#   90    11.8                H100, H200, GH200                       HPC GPU (fast FP64)
#   100   12.8                B200, GB200                             HPC/AI GPU
#   120   12.8                RTX PRO 6000 Blackwell, RTX 50xx        workstation and AI nodes
#   103   12.9                B300, GB300                             AI GPU
#   121   12.9                GB10 (DGX Spark)                        the newest CUDA 13.0 has
# Left out: Jetson modules (72, 87, 101/110) and 88 (no product in clusters); the PTX of the
# newest entry covers any later GPU. Every entry adds build time; the kernels are small, so the
# plugin still builds in well under a minute on two cores. gpuinteg needs CUDA 12.0 or later
# (the 64-bit cuBLAS API), so the table starts there.

# Sets out_var to the default CMAKE_CUDA_ARCHITECTURES for a toolkit of `version`.
function(gi_cuda_default_architectures version out_var)
  # arch:first toolkit:last major toolkit (none: still supported)
  set(_table 70:9.0:12 75:10.0 80:11.0 86:11.1 89:11.8 90:11.8 100:12.8 120:12.8 103:12.9 121:12.9)
  set(_archs)
  foreach(row IN LISTS _table)
    string(REPLACE ":" ";" row "${row}")
    list(GET row 0 _arch)
    list(GET row 1 _since)
    list(LENGTH row _n)
    set(_until "")
    if(_n GREATER 2)
      list(GET row 2 _until)
    endif()
    if(version VERSION_LESS _since)
      continue()
    endif()
    if(NOT _until STREQUAL "")
      string(REGEX MATCH "^[0-9]+" _major "${version}")
      if(_major GREATER _until)
        continue()
      endif()
    endif()
    list(APPEND _archs ${_arch})
  endforeach()
  # Real code for all, PTX too for the newest.
  list(SORT _archs COMPARE NATURAL)
  list(POP_BACK _archs _newest)
  list(TRANSFORM _archs APPEND "-real")
  list(APPEND _archs ${_newest})
  set(${out_var} ${_archs} PARENT_SCOPE)
endfunction()
