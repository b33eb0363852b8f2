# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The GIL is released during computations; stop requests; references and memory over many
calls.

The checks here hold on a loaded machine (this one has 2 cores shared with other builds): they
look at whether things happen at the same time, not at how fast.
"""

import gc
import sys
import threading
import time
import tracemalloc

import numpy as np
import pytest

import gpuinteg


def _long_integral_n():
    """A cell count whose serial integral takes about 0.4 s here."""
    t = gpuinteg.integrate(n=4000, device="serial").kernel_time_s
    return int(4000 * max(1.0, (0.4 / max(t, 1e-6)) ** 0.5))


def test_python_runs_while_integrate_computes():
    n = _long_integral_n()
    span = {}
    stamps = []

    def worker():
        span["t0"] = time.perf_counter()
        gpuinteg.integrate(n=n, device="serial")
        span["t1"] = time.perf_counter()

    t = threading.Thread(target=worker)
    t.start()
    while t.is_alive():  # plain Python work, which needs the GIL
        stamps.append(time.perf_counter())
        sum(range(200))
    t.join()
    t0, t1 = span["t0"], span["t1"]
    assert t1 - t0 > 0.15
    bins = int((t1 - t0) / 0.01)
    covered = {int((s - t0) / 0.01) for s in stamps if t0 <= s < t1}
    # With the GIL held during the call this thread would run in at most the one switch
    # interval (5 ms) before the call starts: 1-2 bins.
    assert len(covered) > max(5, 0.2 * bins), (len(covered), bins)


def test_two_threads_integrate_at_the_same_time():
    n = _long_integral_n()
    spans = []
    barrier = threading.Barrier(2)

    def worker():
        barrier.wait()
        t0 = time.perf_counter()
        gpuinteg.integrate(n=n, device="serial")
        spans.append((t0, time.perf_counter()))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (a0, a1), (b0, b1) = spans
    overlap = min(a1, b1) - max(a0, b0)
    # Serialised calls would not overlap at all.
    assert overlap > 0.5 * min(a1 - a0, b1 - b0)


def test_interrupt_from_another_thread():
    ctx = gpuinteg.Context("serial")
    result = {}

    def worker():
        try:
            ctx.integrate(n=200000)  # 4·10¹⁰ sines: minutes unless stopped
        except gpuinteg.GpuintegError as e:
            result["error"] = e

    t = threading.Thread(target=worker)
    start = time.perf_counter()
    t.start()
    time.sleep(0.2)
    ctx.interrupt()
    t.join(timeout=60)
    assert not t.is_alive()
    assert time.perf_counter() - start < 30
    assert isinstance(result.get("error"), gpuinteg.RunInterruptedError)
    assert result["error"].status == 403
    ctx.clear_interrupt()
    assert abs(ctx.integrate(n=100).value) < 1e-15


def test_references_and_memory_over_many_calls():
    a, b = np.random.rand(8, 8), np.random.rand(8, 8)
    out = np.empty((8, 8))
    for _ in range(50):  # warm: default contexts, caches
        gpuinteg.matmul(a, b, out=out, device="serial")
        gpuinteg.integrate("x*y+a", params={"a": 1.0}, n=4, device="serial")
        with pytest.raises(gpuinteg.UsageError):
            gpuinteg.integrate(n=0, device="serial")
    gc.collect()
    refs = [sys.getrefcount(x) for x in (a, b, out)]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(3000):
        gpuinteg.matmul(a, b, out=out, device="serial")
        gpuinteg.matmul(a, b, device="serial")
        gpuinteg.integrate("x*y+a", params={"a": 1.0}, n=4, device="serial")
        gpuinteg.integrate(n=4, device="serial")
        try:
            gpuinteg.integrate(n=0, device="serial")
        except gpuinteg.UsageError:
            pass
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert [sys.getrefcount(x) for x in (a, b, out)] == refs
    # 15000 calls: a leak of one small object per call would be > 500 kB
    assert grown < 64 * 1024, grown


def test_default_contexts_are_per_thread():
    seen = []

    def worker():
        seen.append(gpuinteg.default_context("serial"))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen[0] is not seen[1]
    assert gpuinteg.default_context("serial") is gpuinteg.default_context("serial")


def test_ctrl_c_stops_a_long_computation():
    # The main thread is inside the library without the GIL; Ctrl-C must still end the call
    # (at the library's next tile) as KeyboardInterrupt, and the next call must run.
    code = (
        "import sys, time, gpuinteg\n"
        "gpuinteg.integrate(n=10, device='serial')\n"
        "print('ready', flush=True)\n"
        "t0 = time.perf_counter()\n"
        "try:\n"
        "    gpuinteg.integrate(n=300000, device='serial')\n"  # 9·10¹⁰ sines: minutes
        "    print('finished')\n"
        "except KeyboardInterrupt:\n"
        "    print('KeyboardInterrupt after %.1f s' % (time.perf_counter() - t0))\n"
        "print('next call', gpuinteg.integrate(n=100, device='serial').value == "
        "gpuinteg.integrate(n=100, device='serial').value)\n")
    import signal
    import subprocess

    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=60)
    lines = out.splitlines()
    assert lines[0].startswith("KeyboardInterrupt after "), out
    assert float(lines[0].split()[2]) < 30
    assert lines[1] == "next call True"
