# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""pytest set-up: which backends the `device` fixture runs, and which part of the suite.

CTest runs this folder once per backend (--backends=serial --part=devices, …) and once for the
tests that take no device (--part=common). A backend asked for must be available: a missing
one fails its tests (they never skip silently).
"""

import pytest


def pytest_addoption(parser):
    parser.addoption("--backends", default="serial,openmp,opencl",
                     help="comma-separated devices for the `device` fixture")
    parser.addoption("--part", default="all", choices=["all", "devices", "common"],
                     help="devices: only tests taking a device; common: only the others")


def pytest_generate_tests(metafunc):
    if "device" in metafunc.fixturenames:
        backends = [b for b in metafunc.config.getoption("backends").split(",") if b]
        metafunc.parametrize("device", backends)


def pytest_collection_modifyitems(config, items):
    part = config.getoption("part")
    if part == "all":
        return
    keep, drop = [], []
    for item in items:
        takes_device = "device" in getattr(item, "fixturenames", ())
        (keep if takes_device == (part == "devices") else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep
