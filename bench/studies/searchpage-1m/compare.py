#!/usr/bin/env python3
"""searchpage: the same searches asked of two APIs on the same database (before and after a change) answer the same JSON
(data: same ids, same order, same bytes; meta). Each query once per API, one after the other.
   compare.py http://127.0.0.1:PORT_BEFORE http://127.0.0.1:PORT_AFTER QUERIES_FILE [extra query string, e.g. "&sort=-publishedAt"]"""
import json, sys, urllib.error, urllib.parse, urllib.request
before, after, queries = sys.argv[1], sys.argv[2], [q.strip() for q in open(sys.argv[3]) if q.strip()]
extra = sys.argv[4] if len(sys.argv) > 4 else ""
def get(base, q):
    try:
        with urllib.request.urlopen(f"{base}/api/v1/articles?q={urllib.parse.quote(q)}{extra}", timeout=60) as r:
            return r.read()
    except urllib.error.HTTPError as e:
        return e.code
same = differ = hits = 0
failed = []
for q in queries:
    a, b = get(before, q), get(after, q)
    if isinstance(a, int) or isinstance(b, int):
        failed.append(f"`{q}` ({a if isinstance(a, int) else 200} / {b if isinstance(b, int) else 200})")
    elif a == b:
        same += 1
        hits += len(json.loads(a)["data"]) > 0
    else:
        differ += 1
        print(f"differ: `{q}`")
if failed:
    print(f"not compared (an error status from either API, before / after): {', '.join(failed)}")
print(f"{same} of {len(queries)} queries{extra and ' (' + extra + ')'}: byte-identical answers ({hits} of them with hits); {differ} differ")
