# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# What a program that uses libgpuinteg finds after `cmake --install`: the CMake package
# (lib/cmake/gpuinteg: gpuintegConfig.cmake, …ConfigVersion.cmake, the exported gpuinteg::gpuinteg
# target) and lib/pkgconfig/gpuinteg.pc. Both are relocatable. The licence goes to share/doc.
include(CMakePackageConfigHelpers)

set(GI_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/gpuinteg)
install(EXPORT gpuintegTargets NAMESPACE gpuinteg:: DESTINATION ${GI_CMAKE_PACKAGE_DIR})

get_property(GI_PACKAGE_BACKENDS GLOBAL PROPERTY GI_BACKENDS_BUILT)
list(PREPEND GI_PACKAGE_BACKENDS serial)
configure_package_config_file(${PROJECT_SOURCE_DIR}/packaging/cmake/gpuintegConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/gpuintegConfig.cmake
  INSTALL_DESTINATION ${GI_CMAKE_PACKAGE_DIR}
  PATH_VARS GI_PLUGIN_INSTALL_DIR)
# 0.x: a minor release may change the API (semantic versioning's rule for 0.y.z).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/gpuintegConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/gpuintegConfig.cmake
              ${PROJECT_BINARY_DIR}/package/gpuintegConfigVersion.cmake
        DESTINATION ${GI_CMAKE_PACKAGE_DIR})

# gpuinteg.pc: `-lgpuinteg` alone would need LD_LIBRARY_PATH to run, so Libs also records the
# library's folder as the program's run path — unless that folder is one the dynamic linker
# searches anyway (a /usr install), where a run path would only get in the way.
set(GI_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH GI_PC_PREFIX_FROM_PCDIR /p/${GI_PC_DIR} /p)
string(REGEX REPLACE "/$" "" GI_PC_PREFIX_FROM_PCDIR "${GI_PC_PREFIX_FROM_PCDIR}")
set(GI_PC_RPATH "-Wl,-rpath,\${libdir} ")
if(CMAKE_INSTALL_FULL_LIBDIR IN_LIST CMAKE_C_IMPLICIT_LINK_DIRECTORIES)
  set(GI_PC_RPATH "")
endif()
configure_file(${PROJECT_SOURCE_DIR}/packaging/cmake/gpuinteg.pc.in
               ${PROJECT_BINARY_DIR}/package/gpuinteg.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/package/gpuinteg.pc DESTINATION ${GI_PC_DIR})

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The Lmod modulefile (packaging/lmod): `ml use PREFIX/share/modulefiles; ml gpuinteg`. It is
# named after the version, so a version bump must rename it.
set(GI_MODULEFILE ${PROJECT_SOURCE_DIR}/packaging/lmod/gpuinteg/${PROJECT_VERSION}.lua)
if(NOT EXISTS ${GI_MODULEFILE})
  message(FATAL_ERROR "gpuinteg: ${GI_MODULEFILE} is missing: the modulefile is named after the "
                      "version (${PROJECT_VERSION}); rename it and its `local version` line")
endif()
install(FILES ${GI_MODULEFILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/modulefiles/gpuinteg)

# Bash completion, where bash-completion looks for it (XDG_DATA_DIRS/bash-completion/completions,
# loaded on first use, by the command's name: one file for each program).
set(GI_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/bash-completion/gpuinteg DESTINATION ${GI_COMPLETION_DIR})
if(TARGET gpuinteg-mpi)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/bash-completion/gpuinteg DESTINATION ${GI_COMPLETION_DIR}
          RENAME gpuinteg-mpi)
endif()
