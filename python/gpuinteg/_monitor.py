# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""monitor(): what a block of Python code used of what the job was given.

    with gpuinteg.monitor(report="run.html") as m:
        ...any Python code: gpuinteg calls, NumPy, threads, child processes...
    print(m.summary)

The library's monitor (monitor.h) samples this process — every thread, and the child
processes it starts (their descendants too) — against the allocation the CLI reads: the CPU
affinity mask, the cgroup quota and Slurm's variables; NVIDIA GPUs through NVML when present.
The gpuinteg calls made inside the block (any thread) are recorded as its workload, so the
warnings know which backend ran and how long the device computed.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
import threading
from typing import Any, Dict, List, Optional

from . import _gpuinteg

_SCOPES = {"auto": 0, "job": 1}
_KINDS = {"cpu": 1, "gpu": 2, "other": 3}

# Monitors between __enter__ and __exit__; gpuinteg's calls report their work to them.
_active: List["Monitor"] = []
_active_lock = threading.Lock()


def _record(name: str, ctx: Any, backend: str, device: str, threads: int,
            busy_s: float) -> None:
    if not _active:
        return
    with _active_lock:
        for m in _active:
            m._add_work(name, ctx, backend, device, threads, busy_s)


class Monitor:
    """The figures of a monitored block; made by gpuinteg.monitor().

    summary: the text summary (CPU cores used of those allocated, memory, GPUs, warnings).
    warnings: the warnings, one sentence each with the likely fix.
    to_dict(): everything as the CLI's "utilization" JSON object.
    write_report(path): a report (.html, .json or .csv) of the figures.
    In Jupyter the monitor displays as its HTML report.
    """

    def __init__(self, report: Optional[str] = None, sample_ms: int = 100, gpus: bool = True,
                 scope: str = "auto", name: str = "python") -> None:
        if isinstance(sample_ms, bool) or not isinstance(sample_ms, int):
            raise TypeError(f"sample_ms must be an int, not {type(sample_ms).__name__}")
        if scope not in _SCOPES:
            raise ValueError(f"scope = {scope!r}: allowed are 'auto' and 'job'")
        self._capsule = _gpuinteg.monitor_create(sample_ms, 0 if gpus else 1, _SCOPES[scope])
        if scope == "auto":
            # This process as a process tree: its threads, and the child processes it starts
            # (running ones from /proc, ended ones through the rusage this parent reaps).
            _gpuinteg.monitor_attach(self._capsule, os.getpid())
        self.report = os.fspath(report) if report is not None else None
        self._name = name
        self._lock = threading.Lock()
        self._work: Dict[str, Any] = {"busy_s": 0.0, "backend": None, "device": None,
                                      "threads": 0, "kind": 0, "gpu": -1, "names": []}
        self._running = False
        self._stopped = False
        if self.report is not None:
            # Refuse a report that cannot be written before the block runs, not after.
            _gpuinteg.monitor_check_report(self._capsule, self.report)

    def _add_work(self, name: str, ctx: Any, backend: str, device: str, threads: int,
                  busy_s: float) -> None:
        w = self._work
        w["busy_s"] += busy_s
        if name not in w["names"]:
            w["names"].append(name)
        if w["backend"] != backend:
            w["backend"], w["device"] = backend, device
            dev, _ = ctx.selected
            w["kind"] = _KINDS.get(dev.kind, 0)
            w["gpu"] = dev.gpu_ordinal if dev.kind == "gpu" else -1
        w["threads"] = max(w["threads"], threads)

    def start(self) -> "Monitor":
        with self._lock:
            _gpuinteg.monitor_start(self._capsule)
            self._running = True
        with _active_lock:
            _active.append(self)
        return self

    def stop(self) -> None:
        """Ends the measurement (the figures stay), sets the workload, writes the report."""
        with _active_lock:
            if self in _active:
                _active.remove(self)
        with self._lock:
            if not self._running or self._stopped:
                return
            _gpuinteg.monitor_stop(self._capsule)
            self._stopped = True
            w = self._work
            name = "+".join(w["names"]) if w["names"] else self._name
            _gpuinteg.monitor_set_workload(self._capsule, name, w["backend"], w["device"],
                                           w["kind"], w["threads"], w["gpu"], w["busy_s"])
        if self.report is not None:
            self.write_report(self.report)

    def __enter__(self) -> "Monitor":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_info(self, key: str, value: Any) -> None:
        """Adds a line to the report's run table ("grid": "10000 x 10000")."""
        with self._lock:
            _gpuinteg.monitor_set_info(self._capsule, str(key), str(value))

    @property
    def summary(self) -> str:
        """The summary text (the figures so far while the block runs)."""
        with self._lock:
            return _gpuinteg.monitor_summary_text(self._capsule)

    def to_dict(self) -> Dict[str, Any]:
        """The figures as the CLI's "utilization" object: cpu, memory, gpus, warnings, …"""
        with self._lock:
            return json.loads(_gpuinteg.monitor_json(self._capsule))

    @property
    def warnings(self) -> List[str]:
        return list(self.to_dict().get("warnings", []))

    @property
    def cpu_cores_used(self) -> float:
        """CPU time over wall time: the cores the block kept busy on average."""
        return float(self.to_dict()["cpu"]["used_cores"])

    def write_report(self, path: str) -> None:
        """Writes a report: .html (self-contained page), .json or .csv, by the extension."""
        with self._lock:
            _gpuinteg.monitor_write_report(self._capsule, os.fspath(path))

    def html(self) -> str:
        """The HTML report as text."""
        with tempfile.TemporaryDirectory(prefix="gpuinteg-") as tmp:
            path = os.path.join(tmp, "report.html")
            self.write_report(path)
            with open(path, encoding="utf-8") as f:
                return f.read()

    def _repr_html_(self) -> str:
        """The report for Jupyter: in an iframe, so that the page's own styles stay in it
        instead of restyling the notebook around it; as tall as its page where the notebook
        runs the onload handler (a trusted one), 900 px otherwise."""
        page = html.escape(self.html(), quote=True)
        return (
            '<iframe class="gpuinteg-report" srcdoc="' + page + '" style="width:100%;'
            'height:900px;border:0" onload="this.style.height='
            "this.contentDocument.documentElement.scrollHeight+'px'\"></iframe>"
        )

    def close(self) -> None:
        """Frees the monitor (after stop(); the figures are gone)."""
        self.stop()
        with self._lock:
            _gpuinteg.monitor_close(self._capsule)

    def __repr__(self) -> str:
        state = "running" if self._running and not self._stopped else "stopped"
        return f"<gpuinteg.Monitor {state}>"


def monitor(report: Optional[str] = None, sample_ms: int = 100, gpus: bool = True,
            scope: str = "auto") -> Monitor:
    """A monitor for a with-block (or start()/stop()).

    Args:
        report: a file to write when the block ends: .html, .json or .csv (checked before the
            block runs: a path that cannot be written raises ReportIOError at once).
        sample_ms: the sampling period, 10 … 3600000 ms.
        gpus: False: do not open NVML.
        scope: "auto" (this process and its children; in a Slurm batch script also the job
            steps it starts) or "job" (every process of the Slurm job on this node).
    """
    return Monitor(report=report, sample_ms=sample_ms, gpus=gpus, scope=scope)
