# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""Arguments and output shared by the Python reference programs: `[N] [--repeat R] [--json]`,
then either the course's lines or one JSON object with full precision."""

import json
import statistics
import sys


def parse(default_n):
    """Returns (n, repeat, as_json); a bad argument prints one usage line and exits 2."""
    n, repeat, as_json = default_n, 1, False
    args = sys.argv[1:]
    k = 0
    try:
        while k < len(args):
            if args[k] == "--json":
                as_json = True
            elif args[k] == "--repeat":
                k += 1
                repeat = int(args[k])
                if repeat < 1:
                    raise ValueError(args[k])
            else:
                n = int(args[k])
                if n < 1:
                    raise ValueError(args[k])
            k += 1
    except (ValueError, IndexError):
        bad = args[k] if k < len(args) else "(missing value)"
        print(f"{sys.argv[0]}: usage: [N >= 1] [--repeat R >= 1] [--json]; got {bad!r}",
              file=sys.stderr)
        sys.exit(2)
    return n, repeat, as_json


def report(as_json, seconds, **fields):
    """The course's last line (best time), or JSON with the best and median times. The
    integrate programs print their value line before calling this."""
    best, median = min(seconds), statistics.median(seconds)
    if as_json:
        print(json.dumps(dict(fields, time_s=best, time_median_s=median, repeat=len(seconds))))
    else:
        print("Time spent: %.2f sec" % best)


def report_integral(as_json, value, seconds, **fields):
    """The course's two lines for the integral: its error is the distance to 0."""
    if not as_json:
        print("Integral value is %e, Error is %e" % (value, abs(value - 0.0)))
    report(as_json, seconds, value=value, **fields)
