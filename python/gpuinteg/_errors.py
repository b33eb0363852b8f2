# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The exceptions: one class per band of gi_status, each carrying the library's message."""

from __future__ import annotations

from typing import Dict, Type


class GpuintegError(Exception):
    """Base class of every error libgpuinteg reports.

    Attributes:
        message: the library's message (gi_last_error), e.g.
            "gi_dgemm: argument 8 (lda) = 2 must be >= max(1, m) = 3".
        status: the gi_status code (see include/gpuinteg/status.h).
        argument: for GI_STATUS_INVALID_ARGUMENT from dgemm, the BLAS position of the bad
            argument (gi_last_error_argument); 0 otherwise.
    """

    def __init__(self, message: str, status: int = 0, argument: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.argument = argument

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # picklable, for concurrent.futures' process pools
        return (type(self), (self.message, self.status, self.argument))


class MisuseError(GpuintegError, RuntimeError):
    """GI_STATUS_MISUSE: the library was called wrongly (a bug in gpuinteg's Python layer)."""


class UsageError(GpuintegError, ValueError):
    """GI_STATUS_INVALID_ARGUMENT, GI_STATUS_BAD_DEVICE_SPEC: a value cannot be honoured."""


class DeviceUnavailableError(GpuintegError):
    """The 300s: the request is well formed but this machine cannot serve it."""


class BackendUnavailableError(DeviceUnavailableError):
    """GI_STATUS_BACKEND_UNAVAILABLE: backend not built, or its driver is missing."""


class DeviceNotFoundError(DeviceUnavailableError):
    """GI_STATUS_DEVICE_NOT_FOUND: no device at that index."""


class NotSupportedError(DeviceUnavailableError):
    """GI_STATUS_NOT_SUPPORTED: the device cannot run this workload (no fp64, a C callback on
    a GPU, device memory on a host backend)."""


class RunError(GpuintegError, RuntimeError):
    """The 400s: the run was attempted and failed."""


class OutOfMemoryError(RunError, MemoryError):
    """GI_STATUS_OUT_OF_MEMORY: host or device allocation failed."""


class DeviceError(RunError):
    """GI_STATUS_DEVICE_ERROR: the driver or runtime reported an error."""


class DeviceLostError(DeviceError):
    """GI_STATUS_DEVICE_LOST: the device is unusable until the process ends."""


class ReportIOError(RunError, OSError):
    """GI_STATUS_IO_ERROR: a file could not be read or written."""


class RunInterruptedError(RunError):
    """GI_STATUS_INTERRUPTED: the run was stopped by a request to stop."""


class InternalError(RunError):
    """GI_STATUS_INTERNAL: an inconsistency inside gpuinteg; please report it."""


class VerificationError(GpuintegError, ArithmeticError):
    """GI_STATUS_VERIFICATION_FAILED: the result is outside the tolerance of its check."""


#: gi_status → the class raised for it.
STATUS_CLASSES: Dict[int, Type[GpuintegError]] = {
    100: MisuseError,
    200: UsageError,
    201: UsageError,
    300: BackendUnavailableError,
    301: DeviceNotFoundError,
    302: NotSupportedError,
    400: OutOfMemoryError,
    401: DeviceError,
    402: ReportIOError,
    403: RunInterruptedError,
    404: DeviceLostError,
    499: InternalError,
    500: VerificationError,
}
