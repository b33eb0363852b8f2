# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Spack recipe for gpuinteg. Put this folder's package.py in a Spack repository of your own
# (`spack repo create site; cp package.py site/packages/gpuinteg/`), then e.g.
#
#   spack install gpuinteg +cuda cuda_arch=90 +mpi ^openmpi
#   spack install gpuinteg ~cuda +opencl ^pocl          # OpenCL on the CPU, for a login node
#
# gpuinteg has no published release archive: build a checkout with `spack develop`
# (`spack env create g; spack -e g develop --path $PWD gpuinteg@=0.1.0; spack -e g add gpuinteg;
# spack -e g install`), or point `git` below at the repository your site mirrors.

from spack.package import *


class Gpuinteg(CMakePackage, CudaPackage):
    """Midpoint integration of sin(x+y) and DGEMM on CUDA, OpenCL, OpenMP and serial backends,
    with a utilization report of the CPUs and GPUs a job was given (like jobstats and seff)."""

    license("BSD-3-Clause")

    version("0.1.0")

    # CudaPackage adds +cuda and cuda_arch; gpuinteg's CUDA backend needs CUDA 12 or later
    # (the 64-bit cuBLAS API) and links the runtime statically.
    variant("opencl", default=False, description="OpenCL backend plugin (gemm through CLBlast)")
    variant("mpi", default=True, description="gpuinteg-mpi: runs across MPI ranks")
    variant(
        "blas",
        default="openblas",
        values=("openblas", "none"),
        multi=False,
        description="BLAS of the openmp backend's gemm; gpuinteg sets OpenBLAS's thread count "
        "per call through OpenBLAS's own API, so no other BLAS can take its place",
    )

    depends_on("c", type="build")
    depends_on("cmake@3.25:", type="build")
    depends_on("ninja", type="build")
    depends_on("pkgconfig", type="build")

    depends_on("cjson")  # required: the JSON output
    depends_on("openblas", when="blas=openblas")
    depends_on("mpi", when="+mpi")
    depends_on("cuda@12:", when="+cuda")
    depends_on("opencl-c-headers", when="+opencl")
    depends_on("opencl-icd-loader", when="+opencl")
    depends_on("clblast", when="+opencl")

    generator("ninja")

    def cmake_args(self):
        spec = self.spec
        args = [
            self.define("GI_WITH_OPENMP", "ON"),
            self.define("GI_WITH_CUDA", "ON" if spec.satisfies("+cuda") else "OFF"),
            self.define("GI_WITH_OPENCL", "ON" if spec.satisfies("+opencl") else "OFF"),
            self.define("GI_WITH_MPI", "ON" if spec.satisfies("+mpi") else "OFF"),
            # The Criterion suites run from a source checkout (cmake --workflow --preset test).
            self.define("GI_BUILD_TESTS", False),
            self.define("GI_BUILD_BENCH", False),
            # Spack's own run paths already name every dependency.
            self.define("GI_INSTALL_RPATH_DEPS", False),
        ]
        if spec.satisfies("+cuda"):
            archs = spec.variants["cuda_arch"].value
            if archs and archs[0] != "none":
                args.append(self.define("CMAKE_CUDA_ARCHITECTURES", ";".join(archs)))
        return args

    @run_after("install")
    @on_package_attributes(run_tests=True)
    def check_installed(self):
        gpuinteg = Executable(self.prefix.bin.gpuinteg)
        gpuinteg("--version")
        gpuinteg("--device", "serial", "-n", "1000", "--quiet")
