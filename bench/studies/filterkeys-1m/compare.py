#!/usr/bin/env python3
"""filterkeys: the same requests asked of two APIs on the same database answer the same bytes. Each line of QUERIES_FILE is a q
(asked with every EXTRA query string given) or, with --raw, a whole query string (worst.txt's lines; `ref:`/`deep:` dropped, a
deep one asked as its first page). An answer flagged incompleteResults (the search budget ran out) is asked again, up to twice.
   compare.py http://127.0.0.1:BEFORE http://127.0.0.1:AFTER QUERIES_FILE [--raw] [EXTRA ...]"""
import sys, urllib.error, urllib.parse, urllib.request
before, after, path, rest = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
raw = "--raw" in rest
extras = [e for e in rest if e != "--raw"] or [""]
lines = [l.strip() for l in open(path) if l.strip() and not l.startswith("#")]
requests = [l.split(":", 1)[1] if l.startswith(("ref:", "deep:")) else l for l in lines] if raw \
    else [f"q={urllib.parse.quote(l)}{e}" for l in lines for e in extras]
def get(base, query):
    for _ in range(3):
        try:
            with urllib.request.urlopen(f"{base}/api/v1/articles?{query}", timeout=60) as r:
                body = r.read()
        except urllib.error.HTTPError as e:
            return e.code
        if b'"incompleteResults":true' not in body:
            return body
    return "incomplete"
same = 0; differ = []; skipped = []
for query in requests:
    a, b = get(before, query), get(after, query)
    if not isinstance(a, bytes) or not isinstance(b, bytes):
        skipped.append(f"{query} ({a if not isinstance(a, bytes) else 200} / {b if not isinstance(b, bytes) else 200})")
    elif a == b:
        same += 1
    else:
        differ.append(query)
for q in differ:
    print("differ:", q)
for q in skipped:
    print("not compared:", q)
print(f"{same} of {len(requests)} requests byte-identical; {len(differ)} differ; {len(skipped)} not compared")
