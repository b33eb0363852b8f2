# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""CUDA tensors through DLPack (JAX, PyTorch, CuPy…): the DLTensor read with ctypes.

The producer is asked for its tensor on the legacy default stream (``__dlpack__(stream=1)``,
the protocol's way to say where the consumer will use it: the producer orders its pending work
before it), so the product runs on that stream. The capsule is consumed as the protocol says:
renamed "used_dltensor", and the tensor's deleter called when the Matrix's owner is collected.
"""

from __future__ import annotations

import ctypes
from typing import Any

from ._arrays import CUDA_LEGACY_DEFAULT_STREAM, Matrix, _dtype_error


class _DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]


class _DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class _DLTensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("device", _DLDevice), ("ndim", ctypes.c_int32),
                ("dtype", _DLDataType), ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("strides", ctypes.POINTER(ctypes.c_int64)), ("byte_offset", ctypes.c_uint64)]


class _DLManagedTensor(ctypes.Structure):
    pass


_DELETER = ctypes.CFUNCTYPE(None, ctypes.POINTER(_DLManagedTensor))
_DLManagedTensor._fields_ = [("dl_tensor", _DLTensor), ("manager_ctx", ctypes.c_void_p),
                             ("deleter", _DELETER)]

_api = ctypes.pythonapi
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_api.PyCapsule_SetName.restype = ctypes.c_int
_api.PyCapsule_SetName.argtypes = [ctypes.py_object, ctypes.c_char_p]
_KDL_FLOAT = 2
# The capsule keeps the name's address: the names must live as long as the module.
_NAME = b"dltensor"
_USED_NAME = b"used_dltensor"


class _Consumed:
    """Owns a consumed DLManagedTensor: its deleter runs when this is collected."""

    def __init__(self, producer: Any, managed: Any) -> None:
        self.producer = producer
        self.managed = managed

    def __del__(self) -> None:
        if self.managed.deleter:
            self.managed.deleter(ctypes.pointer(self.managed))


def read_cuda_dlpack(name: str, x: Any) -> Matrix:
    capsule = x.__dlpack__(stream=CUDA_LEGACY_DEFAULT_STREAM)
    address = _api.PyCapsule_GetPointer(capsule, _NAME)
    managed = _DLManagedTensor.from_address(address)
    owner = _Consumed(x, managed)
    _api.PyCapsule_SetName(capsule, _USED_NAME)  # the producer's capsule frees nothing now
    t = managed.dl_tensor
    if (t.dtype.code, t.dtype.bits, t.dtype.lanes) != (_KDL_FLOAT, 64, 1):
        raise _dtype_error(name, f"DLPack (code {t.dtype.code}, {t.dtype.bits} bits, "
                                 f"{t.dtype.lanes} lanes)")
    if t.ndim != 2:
        raise ValueError(f"{name} must be 2-D, not of {t.ndim} dimensions")
    rows, cols = t.shape[0], t.shape[1]
    rs, cs = (t.strides[0], t.strides[1]) if t.strides else (cols, 1)
    return Matrix((t.data or 0) + t.byte_offset, rows, cols, rs, cs, False, "cuda",
                  CUDA_LEGACY_DEFAULT_STREAM, owner)
