# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# How backends are added. A backend lives in host/backends/<name>/ with its own CMakeLists.txt,
# which declares its option (gi_backend_option), finds its dependencies and calls
# gi_backend_module() (plugins) or defines the OBJECT library gi_backend_<name> (built-ins); the
# top CMakeLists.txt has one gi_add_backend(<name>) line for it. Each AUTO backend whose
# dependency is missing says so in one STATUS line; an explicit ON with the dependency missing
# is a fatal error.

# gi_build_fact(<key> <text>): one fact about what backend (or "mpi") <key> was built against,
# for `gpuinteg --version` and the reports (cmake/GiBuildInfo.cmake).
function(gi_build_fact key text)
  set_property(GLOBAL APPEND PROPERTY GI_BUILD_FACTS_${key} "${text}")
endfunction()

# gi_build_library(<name> <version>): a library the build found, with its version.
function(gi_build_library name version)
  set_property(GLOBAL APPEND PROPERTY GI_BUILD_LIBRARIES "${name}=${version}")
endfunction()

# gi_backend_version_section(<name> KEY <key> TITLE <title> NONE <text> FIELDS <field>...): the
# section of `gpuinteg --version` backend <name> fills when it is there (its ops' version);
# declared first in its CMakeLists.txt, so that a build without it still has the section, with
# each field null, the reason, and the text line "<title>: <text>: <reason>".
function(gi_backend_version_section name)
  cmake_parse_arguments(ARG "" "KEY;TITLE;NONE" "FIELDS" ${ARGN})
  string(REPLACE ";" "," fields "${ARG_FIELDS}")
  set_property(GLOBAL PROPERTY GI_VERSION_SECTION_${name} "${ARG_KEY}|${ARG_TITLE}|${ARG_NONE}|${fields}")
endfunction()

# gi_backend_unavailable(<name> <why>): called by a backend's CMakeLists.txt when a dependency
# is missing; fatal for ON, one STATUS line for AUTO. The caller then return()s.
function(gi_backend_unavailable name why)
  string(TOUPPER ${name} upper)
  if(GI_WITH_${upper} STREQUAL "ON")
    message(FATAL_ERROR "gpuinteg: GI_WITH_${upper}=ON but ${why}")
  endif()
  message(STATUS "gpuinteg: ${name} backend off: ${why}")
  set_property(GLOBAL APPEND PROPERTY GI_BACKENDS_OFF "${name} (${why})")
endfunction()

# gi_add_backend(<name>): the one line a backend needs outside its folder. Everything else —
# its option, its dependencies, plugin or built-in — is in host/backends/<name>/CMakeLists.txt.
function(gi_add_backend name)
  add_subdirectory(${PROJECT_SOURCE_DIR}/host/backends/${name})
endfunction()

# gi_backend_option(<name> <description>): called first in a backend's CMakeLists.txt; declares
# GI_WITH_<NAME> (AUTO: on when its dependencies are found; ON: fail without them; OFF) and, when
# it is OFF, records that and stops processing the folder (a macro: return() leaves the
# caller's file).
macro(gi_backend_option name description)
  string(TOUPPER ${name} _gi_upper)
  set(GI_WITH_${_gi_upper} AUTO CACHE STRING
      "gpuinteg: ${description}; AUTO (on when found), ON (fail if missing) or OFF")
  set_property(CACHE GI_WITH_${_gi_upper} PROPERTY STRINGS AUTO ON OFF)
  if(GI_WITH_${_gi_upper} STREQUAL "OFF")
    set_property(GLOBAL APPEND PROPERTY GI_BACKENDS_OFF "${name} (GI_WITH_${_gi_upper}=OFF)")
    return()
  endif()
endmacro()

# gi_backend_module(<name> SOURCES ... [LIBRARIES ...]): builds gpuinteg-<name>.so as a MODULE
# in lib/gpuinteg/ (build tree and install tree alike) and records it as built.
function(gi_backend_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  set(target gpuinteg-${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME gpuinteg-${name}
                        LIBRARY_OUTPUT_DIRECTORY ${GI_PLUGIN_OUTPUT_DIR})
  target_link_libraries(${target} PRIVATE gi_backend_common ${ARG_LIBRARIES})
  # A plugin must resolve everything at load time; an undefined symbol is a build error here,
  # not a dlopen failure on a GPU node.
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  install(TARGETS ${target} LIBRARY DESTINATION ${GI_PLUGIN_INSTALL_DIR})
  set_property(GLOBAL APPEND PROPERTY GI_BACKENDS_BUILT ${name})
  string(TOUPPER ${name} upper)
  set_property(GLOBAL APPEND PROPERTY GI_BACKEND_DEFINES GI_BUILT_${upper}=1)
endfunction()
