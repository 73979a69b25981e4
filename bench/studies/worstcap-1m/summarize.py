#!/usr/bin/env python3
"""Mean DB / API CPU ms per request of each shape (the query string with q removed) in sweep.py's TSV files, side by side.
   summarize.py results/known-main-1.tsv results/known-br-1.tsv …"""
import sys, urllib.parse
from collections import defaultdict
cols = []
for path in sys.argv[1:]:
    shapes = defaultdict(list)
    loads = [l.split()[2:5] for l in open(path) if l.startswith("# load")]
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        x = line.rstrip("\n").split("\t")
        kind, _, query = x[0].rpartition(":") if x[0].startswith(("ref:", "deep:")) else ("", "", x[0])
        params = [p for p in query.split("&") if not p.startswith("q=")]
        shapes[(kind or "") + ("&".join(params) or "(q only)")].append((float(x[3]), float(x[4]), x[1]))
    cols.append((path, shapes, loads))
keys = list(dict.fromkeys(k for _, s, _ in cols for k in s))
print("| shape | " + " | ".join(f"{p} DB / API ms (n, non-200)" for p, _, _ in cols) + " |")
print("|---|" + "---:|" * len(cols))
for k in keys:
    cells = []
    for _, s, _ in cols:
        v = s.get(k, [])
        cells.append(f"{sum(d for d, _, _ in v) / len(v):.1f} / {sum(a for _, a, _ in v) / len(v):.1f} ({len(v)}, {sum(1 for *_, c in v if c != '200')})" if v else "")
    print(f"| `{urllib.parse.unquote(k)}` | " + " | ".join(cells) + " |")
print("\nload average (1/5/15 min) at start → end: " + "; ".join(f"{p}: {' '.join(l[0])} → {' '.join(l[-1])}" for p, _, l in cols if l))
