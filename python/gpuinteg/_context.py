# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The context: the device the work runs on, its thread setting, and a lock.

A gi_context is not thread-safe; a Context serialises its calls with its own lock (the GIL is
released during each call, so other contexts run meanwhile). The module-level functions use a
default context per thread and device, so that threads calling gpuinteg.integrate run side by
side.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from . import _gpuinteg
from ._devices import Device, _device_from_tuple


@dataclass(frozen=True)
class Timing:
    """The timing of the last integrate or matmul on a context (gi_last_timing)."""

    time_s: float
    kernel_time_s: float
    transfer_time_s: float
    setup_s: float
    threads: int
    backend: str
    device: str


class Context:
    """Owns one gi_context with a selected device.

    Args:
        device: "auto", "serial", "openmp", "opencl[:P[:D]]", "cuda[:D]" (gpuinteg devices).
        threads: CPU threads of the openmp backend (and OpenBLAS under it); None: the OpenMP
            default (OMP_NUM_THREADS, else the CPUs available).

    Raises:
        UsageError: a malformed device string or thread count.
        DeviceUnavailableError: the device cannot be used here (the message says why).

    Use it as a context manager (``with gpuinteg.Context("openmp") as ctx:``) or call close();
    it is closed when collected otherwise.
    """

    def __init__(self, device: str = "auto", threads: Optional[int] = None) -> None:
        self._lock = threading.Lock()
        self._capsule: Any = _gpuinteg.context_create()
        self.device_spec = device
        if threads is not None:
            if isinstance(threads, bool) or not isinstance(threads, int):
                raise TypeError(f"threads must be an int or None, not {type(threads).__name__}")
            _gpuinteg.context_set_threads(self._capsule, threads)
        _gpuinteg.context_select(self._capsule, device)

    def __enter__(self) -> "Context":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Frees the context now (its device's memory, plugins). Further calls raise."""
        with self._lock:
            _gpuinteg.context_close(self._capsule)

    def _call(self, fn: Any, *args: Any) -> Any:
        with self._lock:
            return fn(self._capsule, *args)

    @property
    def selected(self) -> Tuple[Device, str]:
        """The selected device and why it was chosen (for "auto": the reasoning)."""
        info, why = self._call(_gpuinteg.context_selected)
        return _device_from_tuple(info), why

    @property
    def threads(self) -> int:
        """CPU threads a workload on the selected device computes with (1 on GPUs, serial)."""
        return self._call(_gpuinteg.context_threads)[1]

    def prepare(self) -> float:
        """Does the device's set-up now (kernel builds, BLAS handles); returns its seconds."""
        return self._call(_gpuinteg.context_prepare)

    def last_timing(self) -> Timing:
        """Timing of the last successful integrate or matmul on this context."""
        return Timing(*self._call(_gpuinteg.last_timing))

    def interrupt(self) -> None:
        """Asks a call running on this context in another thread to stop (it then raises
        RunInterruptedError); the request stays until clear_interrupt(). Needs no lock."""
        _gpuinteg.context_interrupt(self._capsule, False)

    def clear_interrupt(self) -> None:
        """Clears a stop request so that the next call runs."""
        _gpuinteg.context_interrupt(self._capsule, True)

    def devices(self) -> "list[Device]":
        """Every device of every backend, available or not (see gpuinteg.devices)."""
        return [_device_from_tuple(t) for t in self._call(_gpuinteg.devices)]

    def integrate(self, *args: Any, **kwargs: Any) -> Any:
        """gpuinteg.integrate on this context (same arguments, less device)."""
        from ._integrate import _integrate_on

        return _integrate_on(self, *args, **kwargs)

    def matmul(self, *args: Any, **kwargs: Any) -> Any:
        """gpuinteg.matmul on this context (same arguments, less device)."""
        from ._gemm import _matmul_on

        return _matmul_on(self, *args, **kwargs)

    def dgemm(self, *args: Any, **kwargs: Any) -> Any:
        """gpuinteg.dgemm on this context (same arguments, less device)."""
        from ._gemm import _dgemm_on

        return _dgemm_on(self, *args, **kwargs)

    def __repr__(self) -> str:
        return f"gpuinteg.Context(device={self.device_spec!r})"


_local = threading.local()


def default_context(device: str = "auto") -> Context:
    """The calling thread's context for device (made on first use, kept for the thread)."""
    contexts: Optional[Dict[str, Context]] = getattr(_local, "contexts", None)
    if contexts is None:
        contexts = _local.contexts = {}
    ctx = contexts.get(device)
    if ctx is None:
        ctx = contexts[device] = Context(device)
    return ctx
