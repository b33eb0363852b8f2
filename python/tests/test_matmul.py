# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""matmul() and dgemm() on NumPy arrays: layouts, strides, BLAS semantics, errors."""

import numpy as np
import pytest

import gpuinteg
from gpuinteg import _gpuinteg
from gpuinteg._arrays import blas_layout, read_matrix

U = 2.0**-53


def tolerance(a, b, alpha=1.0, beta=0.0, c0=None):
    """Elementwise bound on |ours − numpy's|: each is within γ_{k+2}(|α||A||B| + |β||C0|) of the
    exact product (dgemm.h), so their difference is within twice that."""
    k = a.shape[1]
    g = (k + 2) * U / (1 - (k + 2) * U)
    s = abs(alpha) * (np.abs(a) @ np.abs(b))
    if c0 is not None:
        s = s + abs(beta) * np.abs(c0)
    return 2 * g * s + 1e-300


def check(c, ref, tol):
    assert c.shape == ref.shape
    assert np.all(np.abs(c - ref) <= tol), np.max(np.abs(c - ref) - tol)


def make(shape, order="C", seed=0):
    return np.asarray(np.random.default_rng(seed).random(shape) - 0.5, order=order)


LAYOUTS = ["C", "F", "strided-rows", "strided-cols", "transposed", "sliced"]


def layout(x, kind):
    """x's values in another memory layout that BLAS can read in place."""
    if kind in ("C", "F"):
        return np.asarray(x, order=kind)
    if kind == "strided-rows":  # C order inside a wider buffer: row stride > cols
        big = np.zeros((x.shape[0], x.shape[1] + 5))
        big[:, :x.shape[1]] = x
        return big[:, :x.shape[1]]
    if kind == "strided-cols":  # F order inside a taller buffer
        big = np.zeros((x.shape[0] + 3, x.shape[1]), order="F")
        big[:x.shape[0], :] = x
        return big[:x.shape[0], :]
    if kind == "transposed":
        return np.ascontiguousarray(x.T).T
    if kind == "sliced":  # every other row of a C array: row stride 2·cols
        big = np.zeros((2 * x.shape[0], x.shape[1]))
        big[::2] = x
        return big[::2]
    raise AssertionError(kind)


@pytest.mark.parametrize("la", LAYOUTS)
@pytest.mark.parametrize("lb", LAYOUTS)
def test_layouts_against_numpy_dot(device, la, lb):
    a0, b0 = make((37, 23), seed=1), make((23, 41), seed=2)
    a, b = layout(a0, la), layout(b0, lb)
    assert blas_layout(read_matrix("a", a)) is not None  # no copy is made for these
    c = gpuinteg.matmul(a, b, device=device)
    check(c, np.dot(a0, b0), tolerance(a0, b0))
    assert c.flags.c_contiguous


@pytest.mark.parametrize("order", ["C", "F", "strided"])
def test_out_in_place_with_alpha_beta(device, order):
    a, b = make((30, 20), seed=3), make((20, 25), seed=4)
    c0 = make((30, 25), seed=5)
    out = layout(c0, {"C": "C", "F": "F", "strided": "strided-rows"}[order]).copy(order="K") \
        if order != "strided" else layout(c0, "strided-rows")
    address = out.__array_interface__["data"][0]
    got = gpuinteg.matmul(a, b, out=out, alpha=-0.5, beta=2.0, device=device)
    assert got is out and out.__array_interface__["data"][0] == address
    check(out, -0.5 * (a @ b) + 2.0 * c0, tolerance(a, b, -0.5, 2.0, c0))


def test_beta_zero_does_not_read_out(device):
    a, b = make((8, 5)), make((5, 6))
    out = np.full((8, 6), np.nan)
    gpuinteg.matmul(a, b, out=out, device=device)
    check(out, a @ b, tolerance(a, b))


def test_dgemm_semantics(device):
    a, b = make((12, 7), seed=6), make((9, 12), seed=7)
    c0 = make((7, 9), seed=8)
    # alpha·aᵀ·bᵀ + beta·c, c not overwritten
    c = c0.copy()
    r = gpuinteg.dgemm(1.5, a, b, beta=-1.0, c=c, trans_a=True, trans_b=True, device=device)
    ref = 1.5 * a.T @ b.T - c0
    check(r, ref, tolerance(a.T, b.T, 1.5, -1.0, c0))
    assert np.array_equal(c, c0) and r is not c
    r2 = gpuinteg.dgemm(1.5, a, b, beta=-1.0, c=c, trans_a=True, trans_b=True, overwrite_c=True,
                        device=device)
    assert r2 is c
    check(c, ref, tolerance(a.T, b.T, 1.5, -1.0, c0))
    r3 = gpuinteg.dgemm(2.0, a.T, b.T, device=device)
    check(r3, 2.0 * a.T @ b.T, tolerance(a.T, b.T, 2.0))


def test_verify_passes_for_a_right_product(device):
    a, b = make((50, 40)), make((40, 30))
    out = make((50, 30), order="F")
    gpuinteg.matmul(a, b, out=out, beta=0.5, verify=True, device=device)
    gpuinteg.matmul(np.asfortranarray(a), b, verify=True, device=device)


def test_verification_error_carries_the_message():
    ctx = gpuinteg.Context("serial")
    a, b = np.asfortranarray(make((4, 3))), np.asfortranarray(make((3, 5)))
    c = np.asfortranarray(a @ b)
    c[2, 1] += 1e-3
    with pytest.raises(gpuinteg.VerificationError) as e:
        ctx._call(_gpuinteg.dgemm_verify, "N", "N", 4, 5, 3, 1.0, a.ctypes.data, 4, b.ctypes.data,
                  3, 0.0, None, 4, c.ctypes.data, 4)
    assert e.value.status == 500 and "row 2" in str(e.value)


def test_librarys_argument_message_and_position():
    ctx = gpuinteg.Context("serial")
    a = np.zeros((3, 3), order="F")
    with pytest.raises(gpuinteg.UsageError) as e:
        ctx._call(_gpuinteg.dgemm, "N", "N", 3, 3, 3, 1.0, a.ctypes.data, 2, a.ctypes.data, 3,
                  0.0, a.ctypes.data, 3)
    assert str(e.value) == "gi_dgemm: argument 8 (lda) = 2 must be >= max(1, m) = 3"
    assert e.value.argument == 8


@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.complex128])
def test_other_dtypes_are_refused_by_name(dtype):
    a = np.ones((3, 3), dtype=dtype)
    with pytest.raises(TypeError) as e:
        gpuinteg.matmul(a, np.ones((3, 3)), device="serial")
    assert str(e.value).startswith(f"a: dtype {np.dtype(dtype)} is not supported")
    with pytest.raises(TypeError, match=f"out: dtype {np.dtype(dtype)}"):
        gpuinteg.matmul(np.ones((3, 3)), np.ones((3, 3)), out=a, device="serial")


def test_shape_errors():
    with pytest.raises(ValueError) as e:
        gpuinteg.matmul(np.ones((3, 4)), np.ones((5, 2)), device="serial")
    assert str(e.value) == "shapes (3, 4) and (5, 2) do not match: a's columns (4) must equal " \
                           "b's rows (5)"
    with pytest.raises(ValueError, match=r"out has shape \(3, 3\); the product is \(3, 2\)"):
        gpuinteg.matmul(np.ones((3, 4)), np.ones((4, 2)), out=np.ones((3, 3)), device="serial")
    with pytest.raises(ValueError, match=r"a must be 2-D, not of shape \(3,\)"):
        gpuinteg.matmul(np.ones(3), np.ones((3, 2)), device="serial")


def test_out_errors():
    a = np.ones((4, 4))
    ro = np.ones((4, 4))
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="out is read-only"):
        gpuinteg.matmul(a, a, out=ro, device="serial")
    odd = np.ones((8, 8))[::2, ::2]
    with pytest.raises(ValueError, match="cannot be written by BLAS in place"):
        gpuinteg.matmul(a, a, out=odd, device="serial")
    with pytest.raises(ValueError, match="out overlaps a or b"):
        gpuinteg.matmul(a, np.ones((4, 4)), out=a, device="serial")
    with pytest.raises(TypeError, match="alpha must be a real number"):
        gpuinteg.matmul(a, a, alpha="2", device="serial")


def test_inputs_blas_cannot_read_are_copied(device):
    big = make((20, 20), seed=9)
    a = big[::2, ::3]  # two non-unit strides
    b = big[::-1, :][:7, :5]  # negative row stride
    assert blas_layout(read_matrix("a", a)) is None
    assert blas_layout(read_matrix("b", b)) is None
    c = gpuinteg.matmul(a, b, device=device)
    check(c, a @ b, tolerance(a, b))


def test_empty_and_degenerate_shapes(device):
    assert gpuinteg.matmul(np.ones((0, 3)), np.ones((3, 4)), device=device).shape == (0, 4)
    c = gpuinteg.matmul(np.ones((2, 0)), np.ones((0, 3)), device=device)
    assert np.array_equal(c, np.zeros((2, 3)))
    v = gpuinteg.matmul(np.full((1, 5), 2.0), np.full((5, 1), 3.0), device=device)
    assert v.shape == (1, 1) and v[0, 0] == 30.0


class HostInterface:
    """An object that is an array only through __array_interface__ (as many libraries are)."""

    def __init__(self, arr):
        self._arr = arr
        self.__array_interface__ = arr.__array_interface__


def test_array_interface_and_dlpack_producers(device):
    a, b = make((6, 4)), np.asfortranarray(make((4, 3), seed=1))
    c = gpuinteg.matmul(HostInterface(a), HostInterface(b), device=device)
    check(c, a @ b, tolerance(a, b))
    if hasattr(a, "__dlpack__"):
        c = gpuinteg.matmul(a.__dlpack__ and a, b, device=device)
        check(c, a @ b, tolerance(a, b))


def test_lists_become_arrays():
    c = gpuinteg.matmul([[1.0, 2.0]], [[3.0], [4.0]], device="serial")
    assert c.tolist() == [[11.0]]
    with pytest.raises(TypeError, match="dtype int64"):
        gpuinteg.matmul([[1, 2]], [[3], [4]], device="serial")
