# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""Reading matrices from NumPy arrays and from other array libraries' interfaces.

A matrix is reduced to an address, a shape and strides counted in elements, whether it comes
from a NumPy array, an object with ``__array_interface__`` (v3) or ``__dlpack__`` on the host,
or an object with ``__cuda_array_interface__`` (v3: CuPy, Numba, PyTorch) on a CUDA device.
blas_layout() then says whether BLAS can read it in place: column-major with a leading
dimension, or row-major read as the transpose (the "transpose trick"). No data is copied here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Tuple

import numpy as np

_F8 = np.dtype(np.float64)
# __cuda_array_interface__ v3 stream values with a meaning of their own (0 is disallowed).
CUDA_LEGACY_DEFAULT_STREAM = 1
CUDA_PER_THREAD_DEFAULT_STREAM = 2
# DLPack's device types for CUDA memory (dlpack.h: kDLCUDA, kDLCUDAManaged).
_DL_CUDA, _DL_CUDA_MANAGED = 2, 13


@dataclass(frozen=True)
class Matrix:
    """A 2-D float64 matrix as gpuinteg reads it.

    address: its first element; rows, cols: its shape; row_stride, col_stride: the distance in
    elements between neighbours along each axis; readonly: from the producer; device: "host"
    or "cuda"; stream: for a CUDA producer, the stream its data is ready on (None: no
    synchronisation needed; 1 legacy default, 2 per-thread default, else a cudaStream_t);
    owner: the object that keeps the memory alive.
    """

    address: int
    rows: int
    cols: int
    row_stride: int
    col_stride: int
    readonly: bool
    device: str
    stream: Optional[int]
    owner: Any

    @property
    def T(self) -> "Matrix":
        return Matrix(self.address, self.cols, self.rows, self.col_stride, self.row_stride,
                      self.readonly, self.device, self.stream, self.owner)


def _dtype_error(name: str, dtype: Any) -> TypeError:
    return TypeError(f"{name}: dtype {dtype} is not supported: gpuinteg computes in float64 only "
                     f"(convert with .astype(numpy.float64))")


def _from_interface(name: str, iface: dict, device: str, owner: Any) -> Matrix:
    shape = tuple(iface["shape"])
    if len(shape) != 2:
        raise ValueError(f"{name} must be 2-D, not of shape {shape}")
    if np.dtype(iface["typestr"]) != _F8:
        raise _dtype_error(name, np.dtype(iface["typestr"]))
    if iface.get("mask") is not None:
        raise ValueError(f"{name}: masked arrays are not supported")
    address, readonly = iface["data"]
    strides = iface.get("strides")
    if strides is None:  # C-contiguous
        strides = (shape[1] * 8, 8)
    if any(s % 8 for s in strides):
        raise ValueError(f"{name}: strides {tuple(strides)} are not multiples of 8 bytes")
    stream = iface.get("stream") if device == "cuda" else None
    if device == "cuda" and stream == 0:
        raise ValueError(f"{name}: __cuda_array_interface__ stream 0 is disallowed by the "
                         f"protocol (use 1 for the legacy default stream)")
    return Matrix(int(address or 0), shape[0], shape[1], strides[0] // 8, strides[1] // 8,
                  bool(readonly), device, stream, owner)


def read_matrix(name: str, x: Any) -> Matrix:
    """Reads x as a matrix without copying it. Raises TypeError for a dtype other than float64
    and ValueError for a shape that is not 2-D."""
    if type(x) is np.ndarray:  # the fast path: no dict is built
        if x.dtype != _F8:
            raise _dtype_error(name, x.dtype)
        if x.ndim != 2:
            raise ValueError(f"{name} must be 2-D, not of shape {x.shape}")
        s0, s1 = x.strides
        if s0 % 8 or s1 % 8:
            raise ValueError(f"{name}: strides {x.strides} are not multiples of 8 bytes")
        return Matrix(x.__array_interface__["data"][0], x.shape[0], x.shape[1], s0 // 8, s1 // 8,
                      not x.flags.writeable, "host", None, x)
    cuda = getattr(x, "__cuda_array_interface__", None)
    if cuda is not None:
        return _from_interface(name, cuda, "cuda", x)
    host = getattr(x, "__array_interface__", None)
    if host is not None:
        return _from_interface(name, host, "host", x)
    if hasattr(x, "__dlpack__") and hasattr(x, "__dlpack_device__"):
        kind, _ = x.__dlpack_device__()
        if kind == 1:  # kDLCPU
            return read_matrix(name, np.from_dlpack(x))
        if kind in (_DL_CUDA, _DL_CUDA_MANAGED):
            from ._dlpack import read_cuda_dlpack

            return read_cuda_dlpack(name, x)
        raise TypeError(f"{name}: a DLPack tensor on device type {kind} cannot be read here "
                        f"(host and CUDA memory can)")
    arr = np.asarray(x)
    if arr.dtype == object:
        raise TypeError(f"{name}: {type(x).__name__} is not an array")
    return read_matrix(name, arr)


def blas_layout(m: Matrix) -> Optional[Tuple[str, int]]:
    """How BLAS reads m in place: ("N", ld) when it is column-major with leading dimension ld,
    ("T", ld) when it is row-major (BLAS reads its transpose), None when neither (negative,
    zero or two non-unit strides). An axis of length 1 may have any stride, an empty matrix any
    strides."""
    r, c, rs, cs = m.rows, m.cols, m.row_stride, m.col_stride
    if r == 0 or c == 0:  # nothing is read or written: any layout will do
        return "N", max(1, r)
    if (rs == 1 or r <= 1) and (c <= 1 or cs >= max(1, r)):
        return "N", cs if c > 1 else max(1, r)
    if (cs == 1 or c <= 1) and (r <= 1 or rs >= max(1, c)):
        return "T", rs if r > 1 else max(1, c)
    return None
