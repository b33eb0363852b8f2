# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""Process pools whose workers are forked after the parent computed: multiprocessing's default
start method on Linux, and the course's pattern (a Pool mapping integrals over bounds).

openmp computes in such a worker on one thread (GNU libgomp's threads do not survive fork) with
the parent's bits; opencl raises BackendUnavailableError naming the cure (its driver's threads do
not survive fork either). Workers started by 'spawn' compute as the parent does on every backend. Nothing may hang: every wait has a
timeout, and the pool is terminated on the way out.
"""

import multiprocessing as mp

import pytest

import gpuinteg

BOUNDS = [(0.0, 1.0, 0.0, 1.0), (0.5, 3.0, -2.0, 1.0)]


def _integrate(args):
    device, bounds = args
    r = gpuinteg.integrate(bounds=bounds, n=600, device=device)
    return r.value, r.threads


def test_forked_pool_after_the_parent_computed(device):
    want = [gpuinteg.integrate(bounds=b, n=600, device=device).value for b in BOUNDS]
    with mp.get_context("fork").Pool(2) as pool:
        result = pool.map_async(_integrate, [(device, b) for b in BOUNDS])
        if device == "opencl":
            with pytest.raises(gpuinteg.BackendUnavailableError,
                               match="forked .* from one that had already opened OpenCL.*'spawn'"):
                result.get(timeout=120)
            return
        got = result.get(timeout=120)
    assert [v for v, _ in got] == want
    if device == "openmp":
        assert [t for _, t in got] == [1, 1]


def test_spawned_pool_after_the_parent_computed(device):
    want = [gpuinteg.integrate(bounds=b, n=600, device=device).value for b in BOUNDS]
    with mp.get_context("spawn").Pool(2) as pool:
        got = pool.map_async(_integrate, [(device, b) for b in BOUNDS]).get(timeout=120)
    assert [v for v, _ in got] == want
