#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Installs the build tree into a scratch prefix and checks the Spack and EasyBuild recipes
# against it (tests/install/recipes_test.py).
# usage: recipes_test.sh SOURCE_DIR BUILD_DIR VERSION BUILT PYTHON
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
gi_install "$2" "$scratch/prefix"
"$5" "$here/recipes_test.py" "$1" "$scratch/prefix" "$3" "$4"
