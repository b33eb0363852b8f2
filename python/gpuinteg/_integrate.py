# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""integrate(): the course's sin(x+y), an expression, or a compiled C function of (x, y)."""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _gpuinteg, _monitor
from ._context import Context, default_context

Bounds = Tuple[float, float, float, float]
Integrand = Union[None, str, Any]  # None, an expression, a numba @cfunc, a ctypes function

# The C signatures gi_integrand_from_function / _vector_function take (integrand.h).
_SCALAR_SIGNATURE = "float64(float64, float64, voidptr)"
_VECTOR_SIGNATURE = "void(uint64, CPointer(float64), CPointer(float64), CPointer(float64), voidptr)"
_SIZE_TYPES = ("uint64", "int64", "uintp", "intp")


@dataclass(frozen=True)
class Integral:
    """What integrate() found.

    value: the rule's sum times hx·hy.
    error_estimate: for f=None with the midpoint rule, |value - exact| (the integral of
        sin(x+y) is known); otherwise |value - the same rule on the ⌈nx/2⌉×⌈ny/2⌉ grid|, an
        upper bound of the error for a smooth f (integrand.h explains the factor).
    exact: the exact integral for f=None, else None.
    evaluations: f evaluations (both grids for an estimate).
    time_s, kernel_time_s, transfer_time_s, compile_time_s: the library's timings.
    backend, device, threads: where it ran.
    sine: for f=None with the midpoint rule, "gi" (gpuinteg's sine and the exact fixed-point
        sum: the same bits on every backend) or "libm" (the platform's sine, compensated
        sums); None for other integrands (compensated sums, per backend).
    """

    value: float
    error_estimate: float
    exact: Optional[float]
    evaluations: int
    time_s: float
    kernel_time_s: float
    transfer_time_s: float
    compile_time_s: float
    threads: int
    backend: str
    device: str
    rule: str
    nx: int
    ny: int
    sine: Optional[str] = None


# gi_sine_kind (integrate.h) by its --sine word.
_SINES = {"gi": 0, "libm": 1}


def _set_sine(ctx: Context, sine: str) -> None:
    if not isinstance(sine, str) or sine not in _SINES:
        raise ValueError(f"sine = {sine!r}: must be 'gi' (gpuinteg's sine, the same bits on "
                         f"every backend) or 'libm' (the platform's sine)")
    ctx._call(_gpuinteg.integrate_set_sine, _SINES[sine])


def _grid(bounds: Sequence[float], n: int, nx: Optional[int], ny: Optional[int]) -> tuple:
    try:
        x0, x1, y0, y1 = (float(b) for b in bounds)
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be four numbers (x0, x1, y0, y1), not {bounds!r}") from None
    cells = []
    for name, v in (("nx", n if nx is None else nx), ("ny", n if ny is None else ny)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"{name} must be an int, not {type(v).__name__}")
        cells.append(int(v))
    return (x0, x1, y0, y1, cells[0], cells[1])


def _signature_of_numba(cf: Any) -> Tuple[bool, str]:
    sig = cf._sig
    args = [str(a) for a in sig.args]
    ret = str(sig.return_type)
    if args == ["float64", "float64", "void*"] and ret == "float64":
        return False, str(sig)
    if (len(args) == 5 and args[0] in _SIZE_TYPES and args[1:4] == ["float64*"] * 3
            and args[4] == "void*" and ret == "none"):
        return True, str(sig)
    raise TypeError(f"f: a numba @cfunc of signature {sig} cannot be integrated; use "
                    f"@cfunc(\"{_SCALAR_SIGNATURE}\") or, for up to 256 points a call, "
                    f"@cfunc(\"{_VECTOR_SIGNATURE}\")")


def _signature_of_ctypes(fp: Any) -> bool:
    args = tuple(fp.argtypes or ())
    dbl_p = ctypes.POINTER(ctypes.c_double)
    if fp.restype is ctypes.c_double and args == (ctypes.c_double, ctypes.c_double,
                                                  ctypes.c_void_p):
        return False
    if (fp.restype is None and len(args) == 5 and args[0] in (ctypes.c_size_t, ctypes.c_uint64)
            and args[1:4] == (dbl_p,) * 3 and args[4] is ctypes.c_void_p):
        return True
    raise TypeError("f: a ctypes function must be CFUNCTYPE(c_double, c_double, c_double, "
                    "c_void_p) or CFUNCTYPE(None, c_size_t, POINTER(c_double) ×3, c_void_p)")


class _Made:
    """An integrand capsule and what must outlive it (the function's owner)."""

    __slots__ = ("capsule", "keep")

    def __init__(self, capsule: Any, keep: Any) -> None:
        self.capsule = capsule
        self.keep = keep


def _make_integrand(ctx: Context, f: Any, params: Optional[Mapping[str, float]]) -> _Made:
    if isinstance(f, str):
        names = tuple(params.keys()) if params else ()
        values = tuple(float(v) for v in params.values()) if params else ()
        return _Made(ctx._call(_gpuinteg.integrand_expression, f, names, values), None)
    if params:
        raise ValueError("params: only an expression string takes parameters")
    if hasattr(f, "_sig") and hasattr(f, "address"):  # numba.core.ccallback.CFunc
        vector, _ = _signature_of_numba(f)
        address = f.address
    elif isinstance(f, ctypes._CFuncPtr):
        vector = _signature_of_ctypes(f)
        address = ctypes.cast(f, ctypes.c_void_p).value
    else:
        raise TypeError(f"f must be None (sin(x+y)), an expression string, a numba @cfunc or a "
                        f"ctypes function, not {type(f).__name__}; a Python function runs "
                        f"compiled with @numba.cfunc(\"{_SCALAR_SIGNATURE}\")")
    return _Made(ctx._call(_gpuinteg.integrand_function, address, None, vector), f)


def _integrate_on(ctx: Context, f: Integrand = None, bounds: Sequence[float] = (0, math.pi, 0,
                  math.pi), n: int = 10000, nx: Optional[int] = None, ny: Optional[int] = None,
                  rule: str = "midpoint", params: Optional[Mapping[str, float]] = None,
                  sine: str = "gi") -> Integral:
    grid = _grid(bounds, n, nx, ny)
    _set_sine(ctx, sine)
    if not isinstance(rule, str):
        raise TypeError(f"rule must be a str such as 'midpoint', 'simpson' or 'gauss:4', not "
                        f"{type(rule).__name__}")
    if f is None and params:
        raise ValueError("params: only an expression string takes parameters")
    if f is None and rule == "midpoint":
        (value, exact, error, evals, time_s, kernel, transfer, threads, backend,
         device) = ctx._call(_gpuinteg.integrate, grid)
        result = Integral(value, error, exact, evals, time_s, kernel, transfer, 0.0, threads,
                          backend, device, rule, grid[4], grid[5], sine)
    else:
        if sine != "gi":
            raise ValueError(f"sine = {sine!r}: only the built-in sin(x+y) with the midpoint "
                             f"rule takes a sine; other integrands use compensated sums")
        made = _make_integrand(ctx, "sin(x+y)" if f is None else f, params)
        (value, estimate, _coarse, evals, time_s, kernel, transfer, compile_s, threads, backend,
         device) = ctx._call(_gpuinteg.integrate_function, made.capsule, rule, grid)
        result = Integral(value, estimate, None, evals, time_s, kernel, transfer, compile_s,
                          threads, backend, device, rule, grid[4], grid[5])
    _monitor._record("integrate", ctx, result.backend, result.device, result.threads,
                     result.kernel_time_s)
    return result


def integrate(f: Integrand = None, bounds: Sequence[float] = (0, math.pi, 0, math.pi),
              n: int = 10000, nx: Optional[int] = None, ny: Optional[int] = None,
              rule: str = "midpoint", params: Optional[Mapping[str, float]] = None,
              device: str = "auto", sine: str = "gi") -> Integral:
    """Integrates f(x, y) over the rectangle bounds = (x0, x1, y0, y1) on nx × ny cells.

    Args:
        f: None for the course's sin(x+y); an expression string in x, y and the names of
            params, e.g. "exp(-a*(x^2+y^2))" with params={"a": 2.0} (runs on every backend);
            or, on the serial and openmp backends, a numba @cfunc("float64(float64, float64,
            voidptr)") or a ctypes function of that signature (called from several threads at
            once: it must be thread-safe). The vector form void(uint64, float64*, float64*,
            float64*, voidptr) evaluates up to 256 points a call.
        bounds: (x0, x1, y0, y1), finite, x0 < x1, y0 < y1.
        n: cells along each axis unless nx / ny say otherwise.
        rule: "midpoint", "simpson" or "gauss:K" (1 ≤ K ≤ 20).
        device: "auto", "serial", "openmp", "opencl[:P[:D]]", "cuda[:D]".
        sine: for f=None with the midpoint rule: "gi" (default; gpuinteg's sine within 1 ulp
            and an exact sum, the same bits on every backend, |x+y| ≤ 2^20) or "libm" (the
            platform's sine, the CLI's --sine libm).

    Returns an Integral (value, error_estimate, time_s, backend, device, evaluations, ...).

    Raises:
        UsageError (a ValueError): bounds, cells, rule or expression outside what is allowed;
            the message names the value ("unknown function 'sinn' at column 1").
        NotSupportedError: a C function on a GPU backend.
        DeviceUnavailableError: the device cannot be used here.
        TypeError: f or a count of the wrong type.

    The GIL is released while it computes; each thread has its own default context.
    """
    return _integrate_on(default_context(device), f, bounds, n, nx, ny, rule, params, sine)


def tile_count(bounds: Sequence[float] = (0, math.pi, 0, math.pi), n: int = 10000,
               nx: Optional[int] = None, ny: Optional[int] = None) -> int:
    """The number of tiles of the course's sin(x+y) grid (for splitting it over MPI ranks).

    The tiles' layout depends on nx and ny only; integrate_tiles computes a range of them and
    combine_tiles adds every tile's pair in order: the same bits as one integrate() call on
    the same backend, however the tiles were split.
    """
    count = _gpuinteg.integrate_tile_count(_grid(bounds, n, nx, ny))
    if count == 0:
        raise ValueError(f"bounds {tuple(bounds)!r} with nx, ny = {nx or n}, {ny or n} are not a "
                         f"valid grid")
    return count


def integrate_tiles(first: int, count: int, bounds: Sequence[float] = (0, math.pi, 0, math.pi),
                    n: int = 10000, nx: Optional[int] = None, ny: Optional[int] = None,
                    device: str = "auto", sine: str = "gi") -> np.ndarray:
    """The sums of tiles first … first+count-1 of sin(x+y): a (count, 2) array of pairs, to be
    gathered in tile order for combine_tiles with the same sine. With sine="gi" a pair is two
    doubles whose exact sum is the tile's fixed-point integer; with "libm", a compensated
    (sum, compensation) pair."""
    pairs = np.empty((int(count), 2), dtype=np.float64)
    ctx = default_context(device)
    _set_sine(ctx, sine)
    ctx._call(_gpuinteg.integrate_tiles, _grid(bounds, n, nx, ny), int(first), int(count),
              pairs.ctypes.data)
    return pairs


def combine_tiles(pairs: np.ndarray, bounds: Sequence[float] = (0, math.pi, 0, math.pi),
                  n: int = 10000, nx: Optional[int] = None,
                  ny: Optional[int] = None, sine: str = "gi") -> Tuple[float, float, float]:
    """Combines every tile's pair (an array of shape (tile_count, 2), in tile order, from
    integrate_tiles with the same sine) into (value, exact, error) as integrate() computes
    them. Uses no device."""
    arr = np.ascontiguousarray(pairs, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"pairs must have shape (tiles, 2), not {arr.shape}")
    ctx = default_context("serial")
    _set_sine(ctx, sine)
    value, exact, error, _ = ctx._call(
        _gpuinteg.integrate_combine, _grid(bounds, n, nx, ny), arr.ctypes.data, arr.shape[0])
    return value, exact, error
