# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# gpuinteg's build options. Backends with an outside dependency are AUTO: on when it is found.
set(_gi_auto_help "AUTO (on when found), ON (fail if missing) or OFF")
# Each backend's GI_WITH_<NAME> is declared in its own folder (gi_backend_option, GiBackend.cmake).
set(GI_WITH_MPI AUTO CACHE STRING "gpuinteg: MPI runs of the gpuinteg program (Open MPI); ${_gi_auto_help}")
set_property(CACHE GI_WITH_MPI PROPERTY STRINGS AUTO ON OFF)
set(GI_WITH_PYTHON AUTO CACHE STRING "gpuinteg: the Python package (python/; needs the CPython headers); ${_gi_auto_help}")
set_property(CACHE GI_WITH_PYTHON PROPERTY STRINGS AUTO ON OFF)
option(GI_BUILD_TESTS "gpuinteg: build the Criterion test suites (AUTO-skipped without Criterion)" ON)
option(GI_BUILD_BENCH "gpuinteg: build the benchmark programs" ON)
option(GI_INSTALL_RPATH_DEPS "gpuinteg: installed programs and libraries keep the run path to the \
libraries they were linked with outside the system folders (cJSON, OpenBLAS, MPI from modules), so \
they run without those modules loaded; OFF where the packager manages run paths" ON)
option(GI_WARNINGS_AS_ERRORS "gpuinteg: treat compiler warnings as errors (CI sets it)" OFF)
set(GI_FUZZ AUTO CACHE STRING "gpuinteg: libFuzzer targets in fuzz/ (need clang as the C compiler; the fuzz preset); ${_gi_auto_help}")
set_property(CACHE GI_FUZZ PROPERTY STRINGS AUTO ON OFF)
