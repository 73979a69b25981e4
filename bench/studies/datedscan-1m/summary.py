#!/usr/bin/env python3
"""summary.py A.tsv… -- B.tsv…: wall.sh's passes of two builds over the same requests, each request's median (ms) per build: the
sums, medians, p90, p99 and maxima, then the requests that moved by more than MOVED ms (default 20), largest first."""
import os, statistics, sys


def load(paths):
    d = {}
    for path in paths:
        for i, line in enumerate(open(path)):
            x = line.rstrip("\n").split("\t")
            d.setdefault((i, x[0]), []).append(float(x[1]) * 1000)
    return {k: statistics.median(v) for k, v in d.items()}


cut = sys.argv.index("--")
a, b = load(sys.argv[1:cut]), load(sys.argv[cut + 1:])
rows = [(k[1], a[k], b[k]) for k in a]
for j, name in ((1, "A"), (2, "B")):
    ms = sorted(r[j] for r in rows)
    print(f"{name}: sum {sum(ms):.0f} ms, median {statistics.median(ms):.1f}, p90 {ms[int(len(ms) * .9)]:.1f}, "
          f"p99 {ms[int(len(ms) * .99)]:.1f}, max {ms[-1]:.1f}")
moved = float(os.environ.get("MOVED", 20))
for q, x, y in sorted(rows, key=lambda r: -abs(r[1] - r[2])):
    if abs(x - y) > moved:
        print(f"{x:8.1f} {y:8.1f}  {q[:140]}")
