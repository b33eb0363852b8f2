# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The CUDA array path with a stand-in producer: what is read from __cuda_array_interface__
(address, shape, strides, stream), how it maps onto gi_dgemm_device's arguments, and the
errors on a machine where no backend computes on device memory. (The product itself on a GPU
is the cuda label's; the library's side is checked against the mock CUDA runtime in the C
tests.)"""

import numpy as np
import pytest

import gpuinteg
from gpuinteg import _cuda
from gpuinteg._arrays import read_matrix


class FakeCuda:
    """A producer of __cuda_array_interface__ v3 over host memory (never dereferenced here)."""

    def __init__(self, arr, stream=None, typestr=None, strides="auto", version=3):
        self.arr = arr
        iface = {"shape": arr.shape, "typestr": typestr or arr.dtype.str,
                 "data": (arr.__array_interface__["data"][0], not arr.flags.writeable),
                 "version": version}
        iface["strides"] = (None if arr.flags.c_contiguous and strides == "auto"
                            else arr.strides)
        if stream is not None:
            iface["stream"] = stream
        self.__cuda_array_interface__ = iface


def test_interface_fields_are_read():
    a = np.zeros((3, 5))
    m = read_matrix("a", FakeCuda(a, stream=0x7F00))
    assert (m.device, m.address, m.rows, m.cols) == ("cuda", a.ctypes.data, 3, 5)
    assert (m.row_stride, m.col_stride) == (5, 1)  # strides None: C-contiguous
    assert m.stream == 0x7F00 and not m.readonly
    f = np.asfortranarray(a)
    m = read_matrix("b", FakeCuda(f, stream=1))
    assert (m.row_stride, m.col_stride, m.stream) == (1, 3, 1)
    s = np.zeros((6, 8))[::2, 1:6]
    m = read_matrix("c", FakeCuda(s))
    assert (m.address, m.row_stride, m.col_stride, m.stream) == (s.ctypes.data, 16, 1, None)


def test_interface_errors():
    with pytest.raises(TypeError, match="a: dtype float32 is not supported"):
        read_matrix("a", FakeCuda(np.zeros((2, 2), dtype=np.float32)))
    with pytest.raises(ValueError, match="stream 0 is disallowed"):
        read_matrix("a", FakeCuda(np.zeros((2, 2)), stream=0))
    with pytest.raises(ValueError, match="must be 2-D"):
        read_matrix("a", FakeCuda(np.zeros(4)))


def capture(monkeypatch):
    calls = []

    def fake(ctx, *args):
        calls.append(args)

    monkeypatch.setattr(_cuda._gpuinteg, "dgemm_device", fake)
    return calls


@pytest.mark.parametrize("order", ["C", "F"])
def test_arguments_passed_to_gi_dgemm_device(monkeypatch, order):
    calls = capture(monkeypatch)
    a = np.zeros((4, 3), order=order)
    b = np.zeros((3, 5), order=order)
    c = np.zeros((4, 5), order=order)
    out = FakeCuda(c, stream=2)
    got = gpuinteg.matmul(FakeCuda(a, stream=2), FakeCuda(b), out=out, alpha=2.0, beta=0.5,
                          device="serial")
    assert got is out
    (args,) = calls
    if order == "F":
        assert args == ("N", "N", 4, 5, 3, 2.0, a.ctypes.data, 4, b.ctypes.data, 3, 0.5,
                        c.ctypes.data, 4, 2)
    else:  # Cᵀ = Bᵀ·Aᵀ: row-major storage read as the transposes
        assert args == ("N", "N", 5, 4, 3, 2.0, b.ctypes.data, 5, a.ctypes.data, 3, 0.5,
                        c.ctypes.data, 5, 2)


def test_default_stream_and_transposes(monkeypatch):
    calls = capture(monkeypatch)
    a = np.zeros((3, 4))  # used as aᵀ (4×3)
    b = np.zeros((3, 5), order="F")
    c = np.zeros((4, 5), order="F")
    gpuinteg.dgemm(1.0, FakeCuda(a), FakeCuda(b), c=FakeCuda(c), trans_a=True,
                   overwrite_c=True, device="serial")
    (args,) = calls
    # aᵀ of a C array is an F array: 'N' with ld 4; no stream named → 0
    assert args == ("N", "N", 4, 5, 3, 1.0, a.ctypes.data, 4, b.ctypes.data, 3, 0.0,
                    c.ctypes.data, 4, 0)


def test_host_backends_say_device_memory_needs_cuda(device):
    a, b, c = np.zeros((2, 2)), np.zeros((2, 2)), np.zeros((2, 2))
    with pytest.raises(gpuinteg.NotSupportedError) as e:
        gpuinteg.matmul(FakeCuda(a), FakeCuda(b), out=FakeCuda(c), device=device)
    spec = gpuinteg.default_context(device).selected[0].address
    assert str(e.value) == (f"gi_dgemm_device: the {device} backend (device {spec}) computes on "
                            f"host memory only; arrays in device memory need the cuda backend")


def test_cuda_unavailable_is_reported():
    a = FakeCuda(np.zeros((2, 2)))
    with pytest.raises(gpuinteg.DeviceUnavailableError) as e:
        gpuinteg.matmul(a, a, out=FakeCuda(np.zeros((2, 2))), device="cuda")
    assert str(e.value).startswith("device 'cuda': cuda is unavailable")


def test_path_errors():
    a = FakeCuda(np.zeros((2, 2)))
    with pytest.raises(TypeError, match="b, out in host memory"):
        gpuinteg.matmul(a, np.zeros((2, 2)), out=np.zeros((2, 2)), device="serial")
    with pytest.raises(ValueError, match="needs out="):
        gpuinteg.matmul(a, a, device="serial")
    with pytest.raises(ValueError, match="different CUDA streams"):
        gpuinteg.matmul(FakeCuda(np.zeros((2, 2)), stream=1), FakeCuda(np.zeros((2, 2)), stream=5),
                        out=FakeCuda(np.zeros((2, 2))), device="serial")
    with pytest.raises(ValueError, match="verify=True checks host arrays only"):
        gpuinteg.matmul(a, a, out=FakeCuda(np.zeros((2, 2))), verify=True, device="serial")
    odd = FakeCuda(np.zeros((6, 6))[::2, ::2])
    with pytest.raises(ValueError, match="cannot be read by cuBLAS in place"):
        gpuinteg.matmul(odd, FakeCuda(np.zeros((3, 2))), out=FakeCuda(np.zeros((3, 2))),
                        device="serial")
    ro = np.zeros((2, 2))
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="out is read-only"):
        gpuinteg.matmul(a, a, out=FakeCuda(ro), device="serial")


class FakeDLPack:
    """A CUDA DLPack producer over host memory: a DLManagedTensor made with ctypes."""

    def __init__(self, arr, dtype=(2, 64, 1)):
        import ctypes

        from gpuinteg import _dlpack

        self.arr = arr
        self.deleted = 0
        self.streams = []
        self._shape = (ctypes.c_int64 * 2)(*arr.shape)
        self._strides = (ctypes.c_int64 * 2)(*(s // arr.itemsize for s in arr.strides))
        self._deleter = _dlpack._DELETER(self._delete)
        t = _dlpack._DLTensor(arr.ctypes.data, _dlpack._DLDevice(2, 0), 2,
                              _dlpack._DLDataType(*dtype), self._shape, self._strides, 0)
        self.managed = _dlpack._DLManagedTensor(t, None, self._deleter)
        api = ctypes.pythonapi
        api.PyCapsule_New.restype = ctypes.py_object
        api.PyCapsule_New.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
        self._new = lambda: api.PyCapsule_New(ctypes.addressof(self.managed), _dlpack._NAME,
                                              None)

    def _delete(self, managed):
        self.deleted += 1

    def __dlpack_device__(self):
        return (2, 0)

    def __dlpack__(self, stream=None):
        self.streams.append(stream)
        return self._new()


def test_dlpack_cuda_producer(monkeypatch):
    import gc

    calls = capture(monkeypatch)
    a = np.asfortranarray(np.zeros((4, 3)))
    b = np.zeros((3, 5))
    c = np.zeros((4, 5), order="F")
    fa, fb, fc = FakeDLPack(a), FakeDLPack(b), FakeDLPack(c)
    m = read_matrix("a", fa)
    assert (m.device, m.address, m.rows, m.cols, m.row_stride, m.col_stride, m.stream) == \
        ("cuda", a.ctypes.data, 4, 3, 1, 4, 1)
    assert fa.streams == [1]  # asked for the legacy default stream, which the product uses
    del m
    gc.collect()
    assert fa.deleted == 1  # the consumer calls the deleter once done
    gpuinteg.matmul(fa, fb, out=fc, device="serial")
    (args,) = calls
    assert args == ("N", "T", 4, 5, 3, 1.0, a.ctypes.data, 4, b.ctypes.data, 5, 0.0,
                    c.ctypes.data, 4, 1)
    with pytest.raises(TypeError, match="a: dtype DLPack"):
        read_matrix("a", FakeDLPack(a, dtype=(2, 32, 1)))
