# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""integrate(): the built-in sin(x+y), expressions, numba @cfunc and ctypes integrands."""

import ctypes
import math

import numpy as np
import pytest

import gpuinteg

U = 2.0**-53


def closed_form(x0, x1, y0, y1, nx, ny):
    """The midpoint sum of sin(x+y) on that grid, from its closed form (integrate.h), in
    double: good to a few ulps of the terms' size, which is what the checks allow."""
    hx, hy = (x1 - x0) / nx, (y1 - y0) / ny
    sx = math.sin(nx * hx / 2) / math.sin(hx / 2) * math.sin(x0 + nx * hx / 2)
    cx = math.sin(nx * hx / 2) / math.sin(hx / 2) * math.cos(x0 + nx * hx / 2)
    sy = math.sin(ny * hy / 2) / math.sin(hy / 2) * math.sin(y0 + ny * hy / 2)
    cy = math.sin(ny * hy / 2) / math.sin(hy / 2) * math.cos(y0 + ny * hy / 2)
    return hx * hy * (sx * cy + cx * sy)


def test_course_integral(device):
    r = gpuinteg.integrate(n=2000, device=device)
    assert r.backend == device and r.evaluations == 2000 * 2000
    assert r.exact == pytest.approx(0.0, abs=1e-15)
    # An exact sum of sines within 1 ulp: the error left is the sines' rounding, ≤ 1 ulp of
    # 1 per term times h²·terms = π²: ~1e-15 at worst, far below the naive sum's 1e-12.
    assert abs(r.value) < 4e-15
    assert r.sine == "gi"
    assert r.error_estimate == abs(r.value - r.exact)
    assert r.time_s > 0 and r.threads >= 1


def test_rectangle_against_closed_form(device):
    bounds, nx, ny = (0.25, 1.5, -1.0, 0.75), 300, 700
    r = gpuinteg.integrate(bounds=bounds, nx=nx, ny=ny, device=device)
    terms = nx * ny
    area = 1.25 * 1.75
    # each of the nx·ny terms has |sin| ≤ 1 and ≤ 2u error, summed exactly (compensated)
    assert r.value == pytest.approx(closed_form(*bounds, nx, ny), abs=4 * U * area + 1e-14)
    assert r.evaluations == terms
    assert r.nx == nx and r.ny == ny


def test_same_bits_for_any_thread_count():
    one = gpuinteg.Context("openmp", threads=1).integrate(n=1500).value
    two = gpuinteg.Context("openmp", threads=2).integrate(n=1500).value
    assert one == two


def test_expression_with_parameters(device):
    # ∫∫ exp(-a(x²+y²)) over [-3,3]² = π/a · erf(3√a)²; gauss:4 on 64² cells is exact to 1e-13
    a = 1.5
    r = gpuinteg.integrate("exp(-a*(x^2+y^2))", bounds=(-3, 3, -3, 3), n=64, rule="gauss:4",
                           params={"a": a}, device=device)
    exact = math.pi / a * math.erf(3 * math.sqrt(a)) ** 2
    assert r.value == pytest.approx(exact, rel=1e-12)
    assert r.exact is None
    assert r.error_estimate < 1e-10
    # both grids: (4·64)² + (4·32)² points
    assert r.evaluations == (4 * 64) ** 2 + (4 * 32) ** 2


def test_error_estimate_bounds_the_error(device):
    # midpoint: estimate ≈ 3× the error (integrand.h)
    r = gpuinteg.integrate("x*x*y", bounds=(0, 1, 0, 2), n=40, device=device)
    exact = 1 / 3 * 2.0
    err = abs(r.value - exact)
    assert err > 0
    assert 2.5 * err < r.error_estimate < 3.5 * err


def test_builtin_with_other_rule_uses_the_expression(device):
    r = gpuinteg.integrate(bounds=(0, 1, 0, 1), n=50, rule="simpson", device=device)
    exact = math.sin(1) - math.sin(2) - math.sin(0) + math.sin(1)
    assert r.value == pytest.approx(exact, abs=1e-9)
    assert r.exact is None


@pytest.mark.parametrize("expr, message", [
    ("sinn(x)", "unknown function 'sinn' at column 1"),
    ("x +", None),
])
def test_bad_expression_carries_the_librarys_message(expr, message):
    with pytest.raises(gpuinteg.UsageError) as e:
        gpuinteg.integrate(expr, n=4, device="serial")
    assert e.value.status == 200
    if message:
        assert str(e.value) == message
    else:
        assert "column" in str(e.value)


def test_bad_grid_and_rule_messages():
    with pytest.raises(gpuinteg.UsageError) as e:
        gpuinteg.integrate(bounds=(1, 0, 0, 1), device="serial")
    assert str(e.value) == "gi_integrate: x bounds (1, 0) must satisfy x0 < x1"
    with pytest.raises(gpuinteg.UsageError) as e:
        gpuinteg.integrate(n=0, device="serial")
    assert "nx" in str(e.value) and "0" in str(e.value)
    with pytest.raises(gpuinteg.UsageError) as e:
        gpuinteg.integrate(rule="gauss:50", device="serial")
    assert str(e.value) == "rule 'gauss:50' is not one of midpoint, simpson, gauss:K with K " \
                           "from 1 to 20"
    with pytest.raises(ValueError, match="four numbers"):
        gpuinteg.integrate(bounds=(0, 1), device="serial")
    with pytest.raises(TypeError, match="nx must be an int, not float"):
        gpuinteg.integrate(n=10.5, device="serial")
    with pytest.raises(TypeError, match="not function"):
        gpuinteg.integrate(lambda x, y: x, device="serial")
    with pytest.raises(ValueError, match="params"):
        gpuinteg.integrate(None, params={"a": 1}, device="serial")


def _numba_integrands():
    import numba
    from numba import cfunc, types

    @cfunc("float64(float64, float64, voidptr)")
    def scalar(x, y, user):
        return math.exp(-(x * x + y * y))

    sig = types.void(types.uint64, types.CPointer(types.float64), types.CPointer(types.float64),
                     types.CPointer(types.float64), types.voidptr)

    @cfunc(sig)
    def vector(n, x, y, out, user):
        for i in range(n):
            out[i] = math.exp(-(x[i] * x[i] + y[i] * y[i]))

    return numba, scalar, vector


def test_numba_cfunc_on_cpu_backends(device):
    _, scalar, vector = _numba_integrands()
    expr = gpuinteg.integrate("exp(-(x^2+y^2))", bounds=(-2, 2, -2, 2), n=200, device="serial")
    if device == "opencl":
        with pytest.raises(gpuinteg.NotSupportedError) as e:
            gpuinteg.integrate(scalar, bounds=(-2, 2, -2, 2), n=200, device=device)
        assert e.value.status == 302 and "opencl" in str(e.value)
        return
    for f in (scalar, vector):
        r = gpuinteg.integrate(f, bounds=(-2, 2, -2, 2), n=200, device=device)
        # the same sum of the same points; exp may round differently than the expression's
        # by 1 ulp per term: 40000 terms · 1 ulp · h² → ~1e-15 relative
        assert r.value == pytest.approx(expr.value, rel=1e-13)
        assert r.evaluations == expr.evaluations


def test_numba_wrong_signature_is_named():
    from numba import cfunc

    @cfunc("float64(float64, float64)")
    def two(x, y):
        return x

    with pytest.raises(TypeError) as e:
        gpuinteg.integrate(two, n=4, device="serial")
    assert "(float64, float64) -> float64" in str(e.value)
    assert "float64(float64, float64, voidptr)" in str(e.value)


def test_ctypes_function(device):
    proto = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_double, ctypes.c_void_p)
    # a C function from libm: hypot ignores nothing, so wrap cos via a Python callback — called
    # from the library's threads, ctypes takes the GIL for it
    f = proto(lambda x, y, user: x * y)
    if device == "opencl":
        with pytest.raises(gpuinteg.NotSupportedError):
            gpuinteg.integrate(f, bounds=(0, 1, 0, 1), n=8, device=device)
        return
    r = gpuinteg.integrate(f, bounds=(0, 1, 0, 1), n=8, device=device)
    assert r.value == pytest.approx(0.25, abs=1e-15)  # midpoint is exact for x·y
    wrong = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)(lambda x: x)
    with pytest.raises(TypeError, match="CFUNCTYPE"):
        gpuinteg.integrate(wrong, n=4, device=device)


def test_tiles_combine_to_the_same_bits(device):
    grid = dict(bounds=(0, math.pi, 0, math.pi), n=1200)
    whole = gpuinteg.integrate(device=device, **grid)
    count = gpuinteg.tile_count(**grid)
    assert count >= 1
    cut = max(1, count // 3)
    pairs = np.concatenate([gpuinteg.integrate_tiles(0, cut, device=device, **grid),
                            gpuinteg.integrate_tiles(cut, count - cut, device=device, **grid)])
    value, exact, error = gpuinteg.combine_tiles(pairs, **grid)
    assert value == whole.value and exact == whole.exact and error == whole.error_estimate
    with pytest.raises(gpuinteg.UsageError):
        gpuinteg.integrate_tiles(count, 1, device=device, **grid)
    with pytest.raises(gpuinteg.UsageError):
        gpuinteg.combine_tiles(pairs[:-1], **grid)


# The CLI's default value at n = 10^4 (README, "The same bits"): gpuinteg's sine and exact sum
# give it on every backend and build. --sine libm's value is the platform's: glibc's libmvec in
# an optimised build (6.267979670735585e-16), its scalar sin in a sanitizer build, the device's
# sin on OpenCL; only its bound and its repeatability are fixed.
GI_VALUE_1E4 = 5.938399146714809e-16


def test_the_same_bits_on_every_backend(device):
    r = gpuinteg.integrate(device=device)
    assert (r.value, r.sine) == (GI_VALUE_1E4, "gi")


def test_sine_libm_is_the_platforms(device):
    r = gpuinteg.integrate(device=device, sine="libm")
    assert r.sine == "libm"
    # The platform's sine within a few ulps, compensated sums: ~1e-15 at worst, as before.
    assert abs(r.value - r.exact) < 4e-15 and r.value != GI_VALUE_1E4
    assert gpuinteg.integrate(device=device, sine="libm").value == r.value
    # The setting is per call: the next call without it is gpuinteg's sine again.
    assert gpuinteg.integrate(device=device).value == GI_VALUE_1E4


def test_tiles_with_libm_combine_to_its_bits(device):
    grid = dict(bounds=(0, math.pi, 0, math.pi), n=900)
    whole = gpuinteg.integrate(device=device, sine="libm", **grid)
    count = gpuinteg.tile_count(**grid)
    pairs = gpuinteg.integrate_tiles(0, count, device=device, sine="libm", **grid)
    value, _, _ = gpuinteg.combine_tiles(pairs, sine="libm", **grid)
    assert value == whole.value


def test_bad_sines_are_refused():
    with pytest.raises(ValueError) as e:
        gpuinteg.integrate(n=4, device="serial", sine="fast")
    assert str(e.value).startswith("sine = 'fast': must be 'gi'")
    with pytest.raises(ValueError) as e:
        gpuinteg.integrate("x*y", n=4, device="serial", sine="libm")
    assert "only the built-in sin(x+y)" in str(e.value)
    assert gpuinteg.integrate("x*y", n=4, device="serial").sine is None
