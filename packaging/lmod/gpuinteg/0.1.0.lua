-- SPDX-FileCopyrightText: The gpuinteg developers
-- SPDX-License-Identifier: BSD-3-Clause
-- Lmod modulefile of gpuinteg, installed as PREFIX/share/modulefiles/gpuinteg/0.1.0.lua by
-- `cmake --install`. It finds PREFIX from its own path, so one file serves every prefix
-- (a user's $HOME/sw/gpuinteg as well as a site's tree) and a moved installation:
--   ml use $PREFIX/share/modulefiles; ml gpuinteg
-- No LD_LIBRARY_PATH: the programs find libgpuinteg through their run path, and the libraries
-- they were built with (cJSON, OpenBLAS, MPI) through theirs (GI_INSTALL_RPATH_DEPS). Only
-- the CUDA plugin looks up cuBLAS at run time: load the CUDA module it was built with for GPU
-- runs, and the MPI module for gpuinteg-mpi / mpirun.

local version = "0.1.0"
local root = myFileName():match("^(.+)/share/modulefiles/[^/]+/[^/]+%.lua$")
if not root then
    LmodError("gpuinteg: this modulefile must be installed as PREFIX/share/modulefiles/gpuinteg/"
              .. version .. ".lua; it is " .. myFileName())
end

-- lib or lib64: whichever the build's CMAKE_INSTALL_LIBDIR chose.
local libdir = pathJoin(root, "lib")
if not isDir(pathJoin(libdir, "pkgconfig")) and isDir(pathJoin(root, "lib64", "pkgconfig")) then
    libdir = pathJoin(root, "lib64")
end

whatis("Name: gpuinteg")
whatis("Version: " .. version)
whatis("Description: midpoint integration and DGEMM on CUDA, OpenCL, OpenMP and serial "
       .. "backends, with a utilization report of the CPUs and GPUs a job was given")
help([[
gpuinteg ]] .. version .. [[: the integral of sin(x+y) and a DGEMM on the best backend of the
node, with a report of the CPUs and GPUs the job used of what it was given.

  gpuinteg                      the integral on the best device (gpuinteg --help)
  gpuinteg gemm --verify        a 3000x3000 DGEMM, checked
  gpuinteg devices              what this node offers, and why the rest is not usable
  gpuinteg monitor -- CMD       the utilization report of any command
  mpirun -np 4 gpuinteg         across MPI ranks (load the MPI module too)
  man gpuinteg

Programs that use the library: pkg-config gpuinteg, or CMake's find_package(gpuinteg).
]])

setenv("GPUINTEG_ROOT", root)
prepend_path("PATH", pathJoin(root, "bin"))
prepend_path("MANPATH", pathJoin(root, "share", "man"))
prepend_path("PKG_CONFIG_PATH", pathJoin(libdir, "pkgconfig"))
prepend_path("CMAKE_PREFIX_PATH", root)
-- bash-completion finds share/bash-completion/completions/gpuinteg through XDG_DATA_DIRS. Unset,
-- it means "/usr/local/share:/usr/share" (XDG Base Directory spec): keep that meaning.
if (os.getenv("XDG_DATA_DIRS") or "") == "" then
    append_path("XDG_DATA_DIRS", "/usr/local/share")
    append_path("XDG_DATA_DIRS", "/usr/share")
end
prepend_path("XDG_DATA_DIRS", pathJoin(root, "share"))
