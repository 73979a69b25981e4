#!/usr/bin/env python3
"""search-stop-1m: each word of a list sent once as q (distinct requests, one at a time, response cache off) to a running API;
database CPU per request = utime+stime of the PostgreSQL backends whose application_name is APP (/proc/<pid>/stat), API CPU =
the API process's, before and after each request. Writes one TSV line per word (word, status, wall ms, DB ms, API ms, rows,
meta.total, meta.totalIsEstimate) to stdout and a summary to stderr. READ-ONLY.
   apicpu.py http://127.0.0.1:PORT APP API_PID WORDS_FILE [extra query string, e.g. '&sort=-publishedAt'] > out.tsv
   (PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE for psql)"""
import json, os, subprocess, sys, time, urllib.parse, urllib.request, urllib.error
base, app, api_pid, words = sys.argv[1], sys.argv[2], sys.argv[3], [w.strip() for w in open(sys.argv[4]) if w.strip()]
extra = sys.argv[5] if len(sys.argv) > 5 else ""
tick = 1000.0 / os.sysconf("SC_CLK_TCK")
def cpu(pid):
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return int(f[11]) + int(f[12])
    except OSError:
        return None
pids, asked = [], 0
def backends():
    # The API's backends, listed again every 20 words (psql is slow under load; a pool opens connections rarely).
    global pids, asked
    if asked % 20 == 0:
        pids = subprocess.run(["psql", "-X", "-At", "-c", f"SELECT pid FROM pg_stat_activity WHERE application_name = '{app}'"],
                              capture_output=True, text=True, check=True).stdout.split()
    asked += 1
    return {p: c for p in pids if (c := cpu(p)) is not None}
def get(q):
    try:
        with urllib.request.urlopen(f"{base}/api/v1/articles?q={urllib.parse.quote(q)}{extra}", timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, None
for i in range(int(os.environ.get("WARMUP", "10"))):
    get(f"warmup{i} trattato")
load0 = open("/proc/loadavg").read().split()[:3]
rows = []
for w in words:
    b, a0, t0 = backends(), cpu(api_pid), time.time()
    status, body = get(w)
    wall = (time.time() - t0) * 1000
    after, a1 = backends(), cpu(api_pid)
    db = sum(c - b.get(p, 0) for p, c in after.items()) * tick
    meta = (body or {}).get("meta", {})
    print(f"{w}\t{status}\t{wall:.0f}\t{db:.0f}\t{(a1 - a0) * tick:.0f}\t{len((body or {}).get('data', []))}\t{meta.get('total', '')}\t{meta.get('totalIsEstimate', '')}", flush=True)
    rows.append((status, wall, db))
n = len(rows)
def med(v): v = sorted(v); return v[len(v) // 2]
def p90(v): v = sorted(v); return v[min(len(v) - 1, int(len(v) * 0.9))]
bad = sum(1 for s, _, _ in rows if s != 200)
print(f"{app} {extra or '(relevance)'}: {n} words, non-200 {bad}; DB CPU ms/request mean {sum(d for _, _, d in rows) / n:.1f}, "
      f"p90 {p90([d for _, _, d in rows]):.0f}, max {max(d for _, _, d in rows):.0f}; wall ms median {med([x for _, x, _ in rows]):.0f}, "
      f"max {max(x for _, x, _ in rows):.0f}; load {' '.join(load0)} -> {' '.join(open('/proc/loadavg').read().split()[:3])}", file=sys.stderr)
