#!/usr/bin/env python3
"""pages.py A B FILE [PAGES]: each request of FILE (a query string a line) and its next pages (following meta.nextCursor, up to
PAGES, default 3) asked of the APIs at A and B (http://127.0.0.1:PORT), compared byte for byte; a difference is printed with both
answers' total, totalIsEstimate and incompleteResults (or their HTTP status), and the request's later pages are skipped."""
import json, sys, urllib.parse, urllib.request
a, b, path = sys.argv[1:4]; pages = int(sys.argv[4]) if len(sys.argv) > 4 else 3
import urllib.error
def get(base, qs):
    try:
        with urllib.request.urlopen(f"{base}/api/v1/articles?{qs}", timeout=60) as r:
            return r.read()
    except urllib.error.HTTPError as e:
        return f"HTTP {e.code}".encode()
same = diff = 0
for line in open(path):
    qs = line.strip()
    if not qs: continue
    for p in range(pages):
        x, y = get(a, qs), get(b, qs)
        if x != y:
            diff += 1
            m = lambda b: {k: json.loads(b)["meta"].get(k) for k in ("total", "totalIsEstimate", "incompleteResults")} if b.startswith(b"{") else b[:20]
            print("DIFF", p, qs[:150], m(x), m(y), flush=True)
            break
        same += 1
        cur = json.loads(x)["meta"].get("nextCursor") if x.startswith(b"{") else None
        if not cur: break
        base_qs = "&".join(kv for kv in qs.split("&") if not kv.startswith("cursor="))
        qs = base_qs + "&cursor=" + urllib.parse.quote(cur)
print(f"{same} same, {diff} different")
