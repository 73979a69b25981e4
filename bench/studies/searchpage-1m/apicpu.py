#!/usr/bin/env python3
"""searchpage: database CPU per search through the API, each query of a list asked once (distinct queries, so neither the
API's caches nor a repeated word make it cheap), one at a time: utime+stime of every PostgreSQL backend whose
application_name is APP (/proc/<pid>/stat), summed over the list, divided by the queries. The API must run with that
Application Name in its connection string and its response cache off. Warms up with WARMUP queries of another list first.
Columns: list, queries, ms per query (all), background ms per query (idle as long), net ms per query, non-200 answers, time.
   apicpu.py http://127.0.0.1:PORT APP DB QUERIES_FILE [extra query string] (PGHOST/PGPORT/PGUSER/PGPASSWORD for psql)"""
import os, subprocess, sys, time, urllib.parse, urllib.request, urllib.error
base, app, db, queries = sys.argv[1], sys.argv[2], sys.argv[3], [q.strip() for q in open(sys.argv[4]) if q.strip()]
extra = sys.argv[5] if len(sys.argv) > 5 else ""
tick = os.sysconf("SC_CLK_TCK")
def backends():
    pids = subprocess.run(["psql", "-X", "-At", "-d", db, "-c", f"SELECT pid FROM pg_stat_activity WHERE application_name = '{app}'"],
                          capture_output=True, text=True, check=True).stdout.split()
    cpu = {}
    for pid in pids:
        try:
            f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            cpu[pid] = int(f[11]) + int(f[12])
        except OSError:
            pass
    return cpu
def get(q):
    try:
        with urllib.request.urlopen(f"{base}/api/v1/articles?q={urllib.parse.quote(q)}{extra}", timeout=60) as r:
            r.read(); return r.status
    except urllib.error.HTTPError as e:
        return e.code
for i in range(int(os.environ.get("WARMUP", "20"))):
    get(f"warmup{i} trattato")
t0, c0 = time.time(), backends()
codes = [get(q) for q in queries]
c1 = backends()
ms = sum(v - c0.get(p, 0) for p, v in c1.items()) * 1000 / tick
bad = len([c for c in codes if c != 200])
took = time.time() - t0
# The API's background workers (change events, webhooks, ready-made catch-up) use the same Application Name: their CPU over
# as long again with no request is subtracted.
time.sleep(1)
i0 = backends(); time.sleep(took); i1 = backends()
idle = sum(v - i0.get(p, 0) for p, v in i1.items()) * 1000 / tick
print(f"| {os.path.basename(sys.argv[4])}{extra} | {len(queries)} | {ms / len(queries):.2f} | {idle / len(queries):.2f} | {(ms - idle) / len(queries):.2f} | {bad} | {took:.0f} s |")
