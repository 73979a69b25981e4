#!/usr/bin/env python3
"""A small write bench through the real API (issue 21): N times create a draft, PUT it (If-Match), publish it;
then read the revision list and one revision of an article. Prints per-operation medians and p90 of the wall time
seen by the client, the API process's CPU time and its PostgreSQL backends' CPU time (utime+stime from /proc/<pid>/stat;
the backends are those with application_name 'revcost', so start the API with `Application Name=revcost` in its
connection string) per operation, after three writes and reads not counted.

    writes.py <base-url> <admin-key> <api-pid> <n> <markdown-file> <article-id-with-revisions|-> > result.txt

Writes its created ids to created-ids.txt (the caller deletes them: they are real rows in the bench database)."""
import json, os, statistics, subprocess, sys, time, urllib.request

base, key, pid, n, md_file, rev_article = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
markdown = open(md_file, encoding="utf-8").read()
tick = os.sysconf("SC_CLK_TCK")


def ticks(p):
    try:
        f = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / tick
    except FileNotFoundError:
        return 0.0


def backends():
    out = subprocess.run(["psql", "-X", "-Atq", "-d", "postgres", "-c",
                          "SELECT pid FROM pg_stat_activity WHERE application_name = 'revcost'"], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


pids = []


def cpu():
    return ticks(pid), sum(ticks(p) for p in pids)


def call(method, path, body=None, headers=None):
    h = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    h.update(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    req = urllib.request.Request(base + path, data=data, method=method, headers=h)
    t0 = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        payload = r.read()
        status, etag = r.status, r.headers.get("ETag")
    return (time.perf_counter() - t0) * 1000, status, etag, payload


def article(i, note):
    return {"title": f"Revision cost bench {i} {note}", "subtitle": f"Bench article {i}",
            "body": {"markdown": markdown + f"\n\n{note}"}, "language": "en",
            "authors": ["author-1", "author-2"], "tags": ["tag-1", "tag-2"],
            "citations": [{"source": "source-161", "claim": f"Claim {i}.", "attribution": "according to"}]}


times = {k: [] for k in ("create", "put", "publish", "revisions list", "revision read")}
cpus = {k: [] for k in times}
dbcpus = {k: [] for k in times}


def note(k, ms, c0, c1):
    times[k].append(ms); cpus[k].append((c1[0] - c0[0]) * 1000); dbcpus[k].append((c1[1] - c0[1]) * 1000)

created = []
run = os.urandom(3).hex()
writes = int(os.environ.get("WRITES", n))  # WRITES=0: only the revision reads
for i in range(-3 if writes else 0, writes):
    if i == 0:
        pids = backends()
        for k in times: times[k].clear(); cpus[k].clear(); dbcpus[k].clear()
    c0 = cpu()
    ms, st, etag, payload = call("POST", "/articles", article(f"{run}-{i}", "first"))
    assert st == 201, st
    aid = json.loads(payload)["id"]
    created.append(aid)
    c1 = cpu(); note("create", ms, c0, c1)
    ms, st, etag, _ = call("PUT", f"/articles/{aid}", article(f"{run}-{i}", "second"), {"If-Match": etag})
    assert st == 200, st
    c2 = cpu(); note("put", ms, c1, c2)
    ms, st, _, _ = call("POST", f"/articles/{aid}/publish", {}, {"If-Match": etag})
    assert st == 200, st
    c3 = cpu(); note("publish", ms, c2, c3)
open("created-ids.txt", "a").write("".join(a + "\n" for a in created))
if rev_article != "-":
    for i in range(-3, n):
        if i == 0:
            pids = backends()
            for k in ("revisions list", "revision read"): times[k].clear(); cpus[k].clear(); dbcpus[k].clear()
        c0 = cpu()
        ms, st, _, _ = call("GET", f"/articles/{rev_article}/revisions")
        assert st == 200, st
        c1 = cpu(); note("revisions list", ms, c0, c1)
        ms, st, _, _ = call("GET", f"/articles/{rev_article}/revisions/{1 + i % 10}")
        assert st == 200, st
        c2 = cpu(); note("revision read", ms, c1, c2)


def p90(v): return sorted(v)[int(len(v) * .9)]


print(f"| operation | n | wall median ms | wall p90 ms | API CPU ms (mean) | PostgreSQL CPU ms (mean, {len(pids)} backends) |")
print("|---|---:|---:|---:|---:|---:|")
for k, v in times.items():
    if v:
        print(f"| {k} | {len(v)} | {statistics.median(v):.1f} | {p90(v):.1f} | {statistics.mean(cpus[k]):.1f} | {statistics.mean(dbcpus[k]):.1f} |")
