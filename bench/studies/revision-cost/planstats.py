"""reads.sh's summary of 31 EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) outputs on stdin: the first is a warm-up."""
import json, statistics, sys
dec = json.JSONDecoder(); s = sys.stdin.read().strip(); plans = []
while s:
    p, i = dec.raw_decode(s); plans.append(p[0]); s = s[i:].strip()
plans = plans[1:]
def nodes(n):
    yield n
    for c in n.get("Plans", []): yield from nodes(c)
bufs = [p["Plan"].get("Shared Hit Blocks", 0) + p["Plan"].get("Shared Read Blocks", 0) for p in plans]
rev = any(n.get("Relation Name") == "article_revisions" for p in plans for n in nodes(p["Plan"]))
m = lambda k: statistics.median(p[k] for p in plans)
print(f"| {sys.argv[1]} | {m('Execution Time'):.3f} | {m('Planning Time'):.3f} | {statistics.median(bufs):.0f} | {'yes' if rev else 'no'} |")
