# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""devices(), Context, the version and the exceptions' mapping."""

import json
import re
import subprocess
import sys

import pytest

import gpuinteg
from gpuinteg import _gpuinteg


def test_version_is_the_projects():
    assert re.fullmatch(r"\d+\.\d+\.\d+", gpuinteg.__version__)
    assert gpuinteg.__version__ == gpuinteg.library_version()
    assert json.loads(_gpuinteg.build_info())["version"] == gpuinteg.__version__


def test_devices_lists_every_backend():
    devs = gpuinteg.devices()
    by_backend = {d.backend: d for d in devs}
    assert set(by_backend) == {"serial", "openmp", "opencl", "cuda"}
    serial = by_backend["serial"]
    assert serial.address == "serial" and serial.kind == "cpu" and serial.available
    assert serial.reason == "" and serial.fp64
    for d in devs:
        assert d.kind in ("cpu", "gpu", "other")
        assert d.available == (d.reason == "")
        if not d.available:
            assert d.index == -1


def test_cuda_without_driver_says_why():
    cuda = [d for d in gpuinteg.devices() if d.backend == "cuda"]
    assert len(cuda) == 1 and not cuda[0].available
    with pytest.raises(gpuinteg.BackendUnavailableError) as e:
        gpuinteg.Context("cuda")
    assert str(e.value).startswith("device 'cuda': cuda is unavailable: ")
    assert cuda[0].reason in str(e.value)
    assert e.value.status == 300
    assert isinstance(e.value, gpuinteg.DeviceUnavailableError)


def test_context_selects_and_describes(device):
    with gpuinteg.Context(device, threads=1) as ctx:
        dev, why = ctx.selected
        assert dev.address.startswith(device) and dev.available
        assert why == "requested"
        assert ctx.threads == 1
        assert ctx.prepare() >= 0.0


def test_context_threads_setting():
    with gpuinteg.Context("openmp", threads=2) as ctx:
        assert ctx.threads == 2
    with gpuinteg.Context("serial", threads=2) as ctx:
        assert ctx.threads == 1  # serial's host side is one thread


@pytest.mark.parametrize("spec, cls, message", [
    # (cuda's address is listed only where its plugin is built)
    ("bogus", gpuinteg.UsageError,
     "device 'bogus' is not known; allowed: auto, serial, openmp, opencl[:P[:D]], cuda"),
    ("opencl:0:7", gpuinteg.DeviceNotFoundError, None),
])
def test_bad_device_raises_with_the_librarys_message(spec, cls, message):
    with pytest.raises(cls) as e:
        gpuinteg.Context(spec)
    if message:
        assert str(e.value).startswith(message)
    assert str(e.value).startswith(f"device '{spec}'")


def test_bad_thread_count():
    with pytest.raises(gpuinteg.UsageError) as e:
        gpuinteg.Context("openmp", threads=-1)
    assert "-1" in str(e.value)
    with pytest.raises(TypeError):
        gpuinteg.Context("openmp", threads=1.5)


def test_closed_context_refuses_calls():
    ctx = gpuinteg.Context("serial")
    ctx.close()
    with pytest.raises(ValueError, match="closed"):
        ctx.integrate(n=10)


def test_every_status_has_a_class():
    for status, cls in gpuinteg.STATUS_CLASSES.items():
        assert issubclass(cls, gpuinteg.GpuintegError)
        assert _gpuinteg.status_string(status) != "unknown status"
    assert issubclass(gpuinteg.UsageError, ValueError)
    assert issubclass(gpuinteg.OutOfMemoryError, MemoryError)
    assert issubclass(gpuinteg.VerificationError, ArithmeticError)


def test_errors_pickle():
    import pickle

    e = gpuinteg.UsageError("m", 200, 8)
    back = pickle.loads(pickle.dumps(e))
    assert (type(back), str(back), back.status, back.argument) == (gpuinteg.UsageError, "m", 200,
                                                                    8)


def test_import_in_a_fresh_interpreter_leaves_no_thread_behind():
    # Importing must not start the library's threads or open backends.
    code = ("import threading, gpuinteg; "
            "print(threading.active_count(), len(gpuinteg.__all__) > 20)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["1", "True"]
