#!/usr/bin/env python3
"""filterkeys: the dearest requests measured to the millisecond. The sweep's database CPU comes from /proc in 10 ms ticks, so one
request's figure is 0, 10, 20…; repeated, each request's mean is exact enough to compare with the one-word references (the issue's
unit). `list` writes a sweep list: 60 warm-up requests (`limit=1&q=…`: the API's start-up work lands on them, and they are left out),
then each of the TOP dearest of the given sweeps' results and each `ref:` line of worst.txt, REPEAT times. `summary` prints the
references' mean and each request's mean (its first, cold, sample dropped) as a multiple of it.
   repeat.py list results/worst.txt TOP REPEAT sweep.tsv... > list.txt
   LIST=list.txt TAG=rep ORDER="new:5132 base:5133" ./sweep-ab.sh
   repeat.py summary /tmp/filterkeys-run/sweep-rep-new-*.tsv"""
import collections, statistics, sys


def read(paths):
    d = collections.defaultdict(list)
    for f in paths:
        for line in open(f):
            if line.startswith("#") or not line.strip():
                continue
            x = line.rstrip("\n").split("\t")
            d[x[0]].append(float(x[3]))
    return d


if sys.argv[1] == "list":
    worst, top, repeat, sweeps = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
    d = read(sweeps)
    lines = [l.strip() for l in open(worst) if l.strip() and not l.startswith("#")]
    refs = [l for l in lines if l.startswith("ref:")]
    dearest = sorted((l for l in lines if not l.startswith("ref:")), key=lambda l: -statistics.mean(d.get(l, [0])))[:top]
    warm = [f"limit=1&q={w}" for w in ["pace", "guerra", "governo", "trattato", "accordo", "sanzioni", "nave", "russia", "europa", "mosca"] for _ in range(6)]
    print("\n".join(warm + [l for l in dearest + refs for _ in range(repeat)]))
else:
    d = {k: v for k, v in read(sys.argv[2:]).items() if not k.startswith("limit=1&q=")}
    mean = {k: statistics.mean(v[1:]) for k, v in d.items() if len(v) > 1}
    refs = [k for k in mean if k.startswith("ref:")]
    ref = statistics.mean(mean[k] for k in refs)
    print(f"one-word reference mean {ref:.1f} ms (median of the references {statistics.median(mean[k] for k in refs):.1f})")
    for k, v in sorted(mean.items(), key=lambda kv: -kv[1]):
        if k not in refs:
            print(f"{v:6.1f} ms {v / ref:5.1f}x  {k[:150]}")
