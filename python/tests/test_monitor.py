# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""monitor() around Python code: cores used, reports, the workload, errors."""

import html as htmllib
import json
import os
import subprocess
import sys
import threading
import time

import pytest

import gpuinteg


def busy(threads, seconds, device="serial"):
    """threads Python threads each calling integrate (GIL released) for about seconds."""
    def work():
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            gpuinteg.integrate(n=1500, device=device)

    ts = [threading.Thread(target=work) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def wanted_cores(m):
    """Cores the block kept busy or waited for: CPU time plus the time its threads were ready
    but waited for a CPU (schedstat), over the wall time. Other processes on the machine
    lengthen the wait, not this sum, so it stays ≈ the number of busy threads under load."""
    d = m.to_dict()
    return (d["cpu"]["cpu_time_s"] + d["cpu"]["wait_s"]) / d["duration_s"]


def test_one_and_two_busy_threads():
    with gpuinteg.monitor(sample_ms=50) as one:
        busy(1, 1.2)
    with gpuinteg.monitor(sample_ms=50) as two:
        busy(2, 1.2)
    w1, w2 = wanted_cores(one), wanted_cores(two)
    assert 0.75 <= w1 <= 1.4, one.summary
    assert 1.5 <= w2 <= 2.5, two.summary
    assert 1.4 <= w2 / w1 <= 2.6
    d = two.to_dict()
    assert d["cpu"]["allocated"] >= 1
    assert d["workload"]["backend"] == "serial"
    assert d["workload"]["name"] == "integrate"


def test_report_written_at_the_end(tmp_path):
    path = tmp_path / "run.html"
    with gpuinteg.monitor(report=str(path), sample_ms=20) as m:
        m.set_info("grid", "1500 x 1500")
        gpuinteg.integrate(n=1500, device="openmp")
        assert not path.exists()
    html = path.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "1500 x 1500" in html
    # Jupyter gets the page inside an iframe, the page itself intact in srcdoc.
    shown = m._repr_html_()
    assert shown.startswith('<iframe class="gpuinteg-report" srcdoc="') and shown.endswith(
        "></iframe>"
    )
    page = htmllib.unescape(shown.split('srcdoc="', 1)[1].split('" style=', 1)[0])
    assert page.lstrip().lower().startswith("<!doctype html") and "1500 x 1500" in page
    assert m.summary.startswith("Utilization: ")
    assert isinstance(m.warnings, list)
    m.write_report(str(tmp_path / "run.json"))
    data = json.loads((tmp_path / "run.json").read_text())
    assert data["utilization"]["workload"]["backend"] == "openmp"


def test_child_processes_are_measured():
    code = "import time\nend = time.process_time() + 0.8\nwhile time.process_time() < end: pass"
    with gpuinteg.monitor(sample_ms=20) as m:
        subprocess.run([sys.executable, "-c", code], check=True)
    cpu = m.to_dict()["cpu"]["cpu_time_s"]
    # The child's 0.8 s, its interpreter's start-up (tens of ms, a few hundred at most on a
    # loaded machine) and this block's own few ms; once, not also through /proc's cutime
    # (which showed 1.6 s and more).
    assert 0.8 <= cpu <= 1.2, m.summary


def test_bad_reports_and_periods_are_refused_before_the_block(tmp_path):
    with pytest.raises(gpuinteg.ReportIOError) as e:
        gpuinteg.monitor(report=str(tmp_path / "missing" / "run.html"))
    assert str(e.value).startswith(f"'{tmp_path / 'missing' / 'run.html'}': cannot create a file")
    with pytest.raises(gpuinteg.UsageError) as e:
        gpuinteg.monitor(report=str(tmp_path / "run.txt"))
    assert str(e.value) == f"'{tmp_path / 'run.txt'}': unknown report type '.txt'; allowed: " \
                           ".html, .json, .csv"
    with pytest.raises(gpuinteg.UsageError) as e:
        gpuinteg.monitor(sample_ms=5)
    assert str(e.value) == "sample_ms = 5 is outside 10 … 3600000 milliseconds"
    with pytest.raises(ValueError, match="scope"):
        gpuinteg.monitor(scope="node")


def test_job_scope_outside_slurm():
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLURM_")}
    code = ("import gpuinteg\n"
            "try:\n    gpuinteg.monitor(scope='job').start()\n"
            "except gpuinteg.UsageError as e:\n    print('UsageError', e)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.startswith("UsageError "), out
