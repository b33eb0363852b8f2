# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""gpuinteg: midpoint integration and DGEMM on CUDA, OpenCL, OpenMP and serial backends.

    import gpuinteg
    gpuinteg.devices()                        # every device, available or not, and why
    r = gpuinteg.integrate()                  # the course's sin(x+y) on [0,π]², 10000² cells
    r = gpuinteg.integrate("exp(-a*(x^2+y^2))", bounds=(-3, 3, -3, 3), params={"a": 1.0})
    c = gpuinteg.matmul(a, b)                 # like numpy.dot, on the best device
    with gpuinteg.monitor(report="run.html") as m:
        ...
    print(m.summary)

Every computation releases the GIL. Errors raise subclasses of GpuintegError carrying the
library's message.
"""

import threading as _threading

from . import _gpuinteg
from ._context import Context, Timing, default_context
from ._devices import Device, devices
from ._errors import (STATUS_CLASSES, BackendUnavailableError, DeviceError, DeviceLostError,
                      DeviceNotFoundError, DeviceUnavailableError, GpuintegError, InternalError,
                      MisuseError, NotSupportedError, OutOfMemoryError, ReportIOError, RunError,
                      RunInterruptedError, UsageError, VerificationError)
from ._gemm import dgemm, matmul
from ._integrate import Integral, combine_tiles, integrate, integrate_tiles, tile_count
from ._monitor import Monitor, monitor
from ._version import __version__

_gpuinteg._set_error_classes(STATUS_CLASSES, GpuintegError)
# Ctrl-C in the main thread stops a running computation (python/ext/sigint.c).
_gpuinteg.set_main_thread(_threading.main_thread().ident)


def library_version() -> str:
    """The version of the libgpuinteg this package runs with."""
    return _gpuinteg.version()


def build_info() -> str:
    """How libgpuinteg was built, in one line (backends built and left out, MPI, commit)."""
    return _gpuinteg.build_summary()


__all__ = [
    "BackendUnavailableError", "Context", "Device", "DeviceError", "DeviceLostError",
    "DeviceNotFoundError", "DeviceUnavailableError", "GpuintegError", "Integral", "InternalError",
    "MisuseError", "Monitor", "NotSupportedError", "OutOfMemoryError", "ReportIOError",
    "RunError", "RunInterruptedError", "Timing", "UsageError", "VerificationError",
    "__version__", "build_info", "combine_tiles", "default_context", "devices", "dgemm",
    "integrate", "integrate_tiles", "library_version", "matmul", "monitor", "tile_count",
]
