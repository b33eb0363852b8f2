#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""Checks the packaging recipes as far as this machine can: each parses as Python, names the
project's version and its required cJSON, and every file an easyconfig's sanity check expects is
in a real installation (those of parts this build left out are skipped, and said so).

usage: recipes_test.py SOURCE_DIR PREFIX VERSION BUILT
  BUILT: what this build has, comma-separated (mpi, cuda, opencl)
"""
import ast
import glob
import os
import sys

src, prefix, version, built = sys.argv[1], sys.argv[2], sys.argv[3], set(sys.argv[4].split(","))
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


# Spack: Python that Spack imports; its dependencies and variants as calls in the class body.
spack = os.path.join(src, "packaging/spack/package.py")
tree = ast.parse(open(spack).read(), spack)
compile(tree, spack, "exec")
calls = {}
for node in ast.walk(tree):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        if isinstance(node.args[0], ast.Constant):
            calls.setdefault(node.func.id, []).append(node.args[0].value)
cls = [n for n in tree.body if isinstance(n, ast.ClassDef)]
check(len(cls) == 1 and cls[0].name == "Gpuinteg", "spack: one class Gpuinteg")
check({"CMakePackage", "CudaPackage"} <= {b.id for b in cls[0].bases}, "spack: CMakePackage, CudaPackage (+cuda, cuda_arch)")
check(version in calls.get("version", []), f"spack: version {version}")
check({"opencl", "mpi", "blas"} <= set(calls.get("variant", [])), "spack: variants opencl, mpi, blas")
for dep in ("cjson", "openblas", "mpi", "cuda@12:", "clblast", "opencl-icd-loader"):
    check(dep in calls.get("depends_on", []), f"spack: depends_on({dep!r})")
check("BSD-3-Clause" in calls.get("license", []), "spack: license BSD-3-Clause")

# EasyBuild: easyconfigs are Python assignments; evaluated with the constants eb defines.
ebs = sorted(glob.glob(os.path.join(src, "packaging/easybuild/*.eb")))
check(len(ebs) >= 2, "easybuild: a CPU and a CUDA easyconfig")
for path in ebs:
    ec = {"SOURCE_TAR_GZ": "%(name)s-%(version)s.tar.gz", "SYSTEM": {"name": "system", "version": "system"}}
    exec(compile(open(path).read(), path, "exec"), ec)
    name = os.path.basename(path)
    deps = {d[0]: d[1] for d in ec["dependencies"]}
    suffix = ec.get("versionsuffix", "").replace("%(cudaver)s", deps.get("CUDA", "?"))
    tc = ec["toolchain"]
    check(ec["name"] == "gpuinteg" and ec["version"] == version, f"{name}: gpuinteg {version}")
    check(name == f"gpuinteg-{version}-{tc['name']}-{tc['version']}{suffix}.eb", f"{name}: file name as eb expects")
    check("cJSON" in deps, f"{name}: depends on cJSON")
    check("-DGI_WITH_CUDA=" + ("ON" if "CUDA" in deps else "OFF") in ec["configopts"], f"{name}: GI_WITH_CUDA matches the CUDA dependency")
    for entry in ec["sanity_check_paths"]["files"]:
        alternatives = tuple(a.replace("%(version)s", version) for a in (entry if isinstance(entry, tuple) else (entry,)))
        if any("gpuinteg-mpi" in a for a in alternatives) and "mpi" not in built:
            print(f"skip {name}: {alternatives[0]} (this build has no MPI)")
            continue
        if any("gpuinteg-cuda" in a for a in alternatives) and "cuda" not in built:
            print(f"skip {name}: {alternatives[0]} (this build has no CUDA)")
            continue
        check(any(os.path.isfile(os.path.join(prefix, a)) for a in alternatives), f"{name}: installed {' or '.join(alternatives)}")
    for extra in ec.get("modextrapaths", {}).values():
        check(os.path.isdir(os.path.join(prefix, extra)), f"{name}: module path {extra} exists")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print("PASS")
