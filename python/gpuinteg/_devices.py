# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The device list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Tuple

_KINDS = {1: "cpu", 2: "gpu", 3: "other"}


@dataclass(frozen=True)
class Device:
    """One device as gpuinteg sees it (gi_device_info).

    address is the spec to pass as device= ("openmp", "opencl:0:0", "cuda:0"); a backend that
    is not built or has no driver appears once, with available False, index -1 and the reason.
    """

    address: str
    backend: str
    name: str
    kind: str  # "cpu", "gpu", "other"
    memory: int  # bytes of device memory; 0 when unknown
    available: bool
    reason: str  # why it is unavailable; "" when available
    vendor: str
    driver_version: str
    detail: str
    index: int
    compute_units: int
    fp64: bool
    gpu_ordinal: int  # which of the process's NVIDIA GPUs it is; -1 when none
    numbers: Tuple[int, ...]  # the numbers after the backend's name in address


def _device_from_tuple(t: tuple) -> Device:
    (spec, backend, name, vendor, driver, detail, reason, kind, index, available, units, mem,
     fp64, numbers, ordinal) = t
    return Device(address=spec, backend=backend, name=name, kind=_KINDS.get(kind, "other"),
                  memory=mem, available=bool(available), reason=reason, vendor=vendor,
                  driver_version=driver, detail=detail, index=index, compute_units=units,
                  fp64=bool(fp64), gpu_ordinal=ordinal, numbers=tuple(numbers))


def devices() -> List[Device]:
    """Every device of every backend on this machine, available or not.

    Opens every backend (loads the OpenCL and CUDA plugins, probes their drivers) in a
    context of its own that is freed before returning.
    """
    from ._context import Context

    with Context("serial") as ctx:
        return ctx.devices()
