# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""matmul() and dgemm(): C = alpha·op(A)·op(B) + beta·C on NumPy arrays, in place.

gi_dgemm is column-major BLAS. A C-ordered (row-major) array is the column-major storage of
its transpose, so no array is copied: a row-major A is passed as Aᵀ with transa = 'T', and a
row-major C is computed as Cᵀ = Bᵀ·Aᵀ. Any strides BLAS accepts work the same way (one unit
stride, the other at least the extent). Only inputs BLAS cannot read (negative or two non-unit
strides) are copied; an out= of that kind is refused.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from . import _gpuinteg, _monitor
from ._arrays import Matrix, blas_layout, read_matrix
from ._context import Context, default_context
from ._cuda import device_product

_FLIP = {"N": "T", "T": "N"}


def _input(name: str, x: Any) -> Matrix:
    m = read_matrix(name, x)
    if m.device == "host" and blas_layout(m) is None:
        # BLAS cannot read it in place: a copy, as numpy.dot makes one.
        return read_matrix(name, np.ascontiguousarray(m.owner if isinstance(m.owner, np.ndarray)
                                                      else np.asarray(m.owner)))
    return m


def _check_shapes(a: Matrix, b: Matrix, c: Optional[Matrix]) -> None:
    if a.cols != b.rows:
        raise ValueError(f"shapes ({a.rows}, {a.cols}) and ({b.rows}, {b.cols}) do not match: "
                         f"a's columns ({a.cols}) must equal b's rows ({b.rows})")
    if c is not None and (c.rows, c.cols) != (a.rows, b.cols):
        raise ValueError(f"out has shape ({c.rows}, {c.cols}); the product is "
                         f"({a.rows}, {b.cols})")


def _output(c: Any, name: str) -> Matrix:
    m = read_matrix(name, c)
    if m.readonly:
        raise ValueError(f"{name} is read-only")
    if blas_layout(m) is None:
        raise ValueError(f"{name}: strides ({m.row_stride * 8}, {m.col_stride * 8}) bytes "
                         f"cannot be written by BLAS in place (one axis must have unit stride "
                         f"and the other at least the extent); pass a C- or F-ordered array")
    return m


def _overlaps(x: Any, y: Any) -> bool:
    return (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)
            and np.may_share_memory(x, y))


def _product(ctx: Context, a: Matrix, b: Matrix, c: Matrix, alpha: float, beta: float,
             verify: bool) -> None:
    """c := alpha·a·b + beta·c with every matrix already read and shape-checked."""
    if c.device != "host" or a.device != "host" or b.device != "host":
        if verify:
            raise ValueError("verify=True checks host arrays only (Freivalds' check runs on "
                             "the CPU); check device results by copying them to the host")
        device_product(ctx, a, b, c, alpha, beta)
        if _monitor._active:
            t = ctx.last_timing()
            _monitor._record("gemm", ctx, t.backend, t.device, t.threads, t.kernel_time_s)
        return
    ta, lda = blas_layout(a)
    tb, ldb = blas_layout(b)
    tc, ldc = blas_layout(c)
    m, n, k = a.rows, b.cols, a.cols
    if tc == "N":
        args = (ta, tb, m, n, k, alpha, a.address, lda, b.address, ldb)
    else:  # Cᵀ = Bᵀ·Aᵀ, C's storage read as the column-major Cᵀ
        args = (_FLIP[tb], _FLIP[ta], n, m, k, alpha, b.address, ldb, a.address, lda)
    c0 = None
    if verify and beta != 0.0:
        # C before the call, stored as the column-major matrix the call updates.
        c0 = np.array(c.owner, dtype=np.float64, order="F" if tc == "N" else "C", copy=True)
    ctx._call(_gpuinteg.dgemm, *args, beta, c.address, ldc)
    if verify:
        ld0 = max(1, args[2])
        ctx._call(_gpuinteg.dgemm_verify, *args, beta, None if c0 is None else c0.ctypes.data,
                  ld0, c.address, ldc)
    if _monitor._active:
        t = ctx.last_timing()
        _monitor._record("gemm", ctx, t.backend, t.device, t.threads, t.kernel_time_s)


def _scalar(name: str, v: Any) -> float:
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer,
                                                             np.floating)):
        raise TypeError(f"{name} must be a real number, not {type(v).__name__}")
    return float(v)


def _matmul_on(ctx: Context, a: Any, b: Any, out: Any = None, alpha: float = 1.0,
               beta: float = 0.0, verify: bool = False) -> Any:
    ma, mb = _input("a", a), _input("b", b)
    alpha, beta = _scalar("alpha", alpha), _scalar("beta", beta)
    if out is None:
        if ma.device != "host" or mb.device != "host":
            raise ValueError("matmul of device arrays needs out= (a device array of the "
                             "product's shape): gpuinteg does not allocate device memory")
        _check_shapes(ma, mb, None)
        out = np.zeros((ma.rows, mb.cols)) if beta != 0.0 else np.empty((ma.rows, mb.cols))
    mc = _output(out, "out")
    _check_shapes(ma, mb, mc)
    if _overlaps(out, ma.owner) or _overlaps(out, mb.owner):
        raise ValueError("out overlaps a or b: BLAS needs separate memory for the result")
    _product(ctx, ma, mb, mc, alpha, beta, verify)
    return out


def matmul(a: Any, b: Any, out: Any = None, alpha: float = 1.0, beta: float = 0.0,
           device: str = "auto", verify: bool = False) -> Any:
    """out := alpha·a·b + beta·out, like numpy.dot(a, b) for alpha = 1, beta = 0.

    a (m×k) and b (k×n) are float64 matrices: NumPy arrays in C or Fortran order or any
    strides BLAS accepts (read in place, no copy), objects with __array_interface__ or a host
    __dlpack__, or, on the CUDA backend, objects with __cuda_array_interface__ (CuPy, Numba,
    PyTorch) with an out of the same kind. out (m×n, float64, writable, C/F order or BLAS
    strides) is made when None (C order) and returned. verify=True checks the result with
    Freivalds' algorithm (raises VerificationError when it is off).

    Raises TypeError for another dtype (naming it), ValueError for shapes that do not match,
    UsageError/DeviceUnavailableError from the library. The GIL is released meanwhile.
    """
    return _matmul_on(default_context(device), a, b, out, alpha, beta, verify)


def _dgemm_on(ctx: Context, alpha: float, a: Any, b: Any, beta: float = 0.0, c: Any = None,
              trans_a: bool = False, trans_b: bool = False, overwrite_c: bool = False,
              verify: bool = False) -> Any:
    ma, mb = _input("a", a), _input("b", b)
    ma = ma.T if trans_a else ma
    mb = mb.T if trans_b else mb
    alpha, beta = _scalar("alpha", alpha), _scalar("beta", beta)
    if c is None:
        if ma.device != "host" or mb.device != "host":
            raise ValueError("dgemm of device arrays needs c= (a device array)")
        _check_shapes(ma, mb, None)
        c = np.empty((ma.rows, mb.cols))
        beta = 0.0
    elif not overwrite_c:
        mc0 = read_matrix("c", c)
        if mc0.device == "host":
            c = np.array(mc0.owner, dtype=np.float64, order="F", copy=True)
    mc = _output(c, "c")
    _check_shapes(ma, mb, mc)
    if _overlaps(c, ma.owner) or _overlaps(c, mb.owner):
        raise ValueError("c overlaps a or b: BLAS needs separate memory for the result")
    _product(ctx, ma, mb, mc, alpha, beta, verify)
    return c


def dgemm(alpha: float, a: Any, b: Any, beta: float = 0.0, c: Any = None, trans_a: bool = False,
          trans_b: bool = False, overwrite_c: bool = False, device: str = "auto",
          verify: bool = False) -> Any:
    """alpha·op(a)·op(b) + beta·c with BLAS's semantics, in scipy.linalg.blas.dgemm's form.

    op(x) is x, or x.T when trans_x. c is read only when beta != 0 (NaN in c does not reach
    the result when beta = 0). With overwrite_c=True, c is written in place (it must then be
    writable with BLAS strides) and returned; otherwise a copy of c is. Arrays as for
    matmul().
    """
    return _dgemm_on(default_context(device), alpha, a, b, beta, c, trans_a, trans_b,
                     overwrite_c, verify)
