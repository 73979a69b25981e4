#!/usr/bin/env python3
"""rankcheap (ADR 0034 "2026-12-06 day, helper rankcheap"): how the first page by relevance changes when sort=relevance ranks
the N newest matches instead of the M newest (default 100 against 200). Read only. For each q of a list, the API's page
statement (the GIN path's; the RUM window ranks the same rows alike, SearchRumWindowTests) with each window, then:
overlap@5 (shared ids among the first 5, over 5), first-result agreement, overlap@20, and how many of the wider window's first
5 are older than the narrower window's oldest candidate (what a reader no longer sees first).
   agree.py DB WORDS [N M]   (PGHOST/PGPORT/PGUSER/PGPASSWORD as for psql)"""
import statistics, subprocess, sys
db, words_file = sys.argv[1], sys.argv[2]
n, m = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (100, 200)
words = [w.strip() for w in open(words_file) if w.strip()]
lit = lambda s: "'" + s.replace("'", "''") + "'"
NOW = "'2026-12-06T00:00:00Z'::timestamptz"
VISIBLE = f"a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= {NOW}"


def psql(script):
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db], input=script, capture_output=True, text=True, check=True).stdout


def page(q, window):
    s = f"(articles_search_queries({lit(q)}))"
    rank = f"articles_search_rank(a0.search_vector, s.q[1]) + CASE WHEN s.q[1]::text <> s.q[3]::text THEN articles_search_rank(a0.search_vector, s.q[3]) ELSE 0 END"
    sql = (f"WITH s AS MATERIALIZED (SELECT {s} AS q) SELECT a0.id, a0.published_at FROM s, LATERAL (SELECT a.id, a.search_vector, a.published_at FROM articles AS a "
           f"WHERE {VISIBLE} AND articles_search_matches(a.search_vector, a.language, s.q[2]) ORDER BY a.published_at DESC, a.id DESC LIMIT {window}) AS a0 "
           f"ORDER BY {rank} DESC, a0.id DESC LIMIT 20;")
    return [line.split("|") for line in psql("SET max_parallel_workers_per_gather = 0; SET jit = off;\n" + sql).split("\n") if line]


o5, first, o20, lost, counted = [], 0, [], 0, 0
ages = {n: [], m: []}
import datetime
now = datetime.datetime(2026, 12, 6, tzinfo=datetime.timezone.utc)
age = lambda t: (now - datetime.datetime.fromisoformat(t.replace(' ', 'T') + (':00' if t[-3] in '+-' else ''))).total_seconds() / 86400
for q in words:
    a, b = page(q, n), page(q, m)
    if not b:
        continue
    counted += 1
    ia, ib = [r[0] for r in a], [r[0] for r in b]
    k = min(5, len(ib))
    o5.append(len(set(ia[:5]) & set(ib[:5])) / k)
    o20.append(len(set(ia) & set(ib)) / min(20, len(ib)))
    first += ia[:1] == ib[:1]
    lost += len(set(ib[:5]) - set(ia[:5]))
    ages[n] += [age(r[1]) for r in a[:5]]
    ages[m] += [age(r[1]) for r in b[:5]]
    print(f"| `{q}` | {o5[-1]:.2f} | {'yes' if ia[:1] == ib[:1] else 'no'} | {o20[-1]:.2f} |")
print(f"\n{counted} q with matches (`{words_file}`, {db}, window {n} against {m}): mean overlap@5 {statistics.mean(o5):.3f}, "
      f"first result the same {first}/{counted}, mean overlap@20 {statistics.mean(o20):.3f}, first-5 ids replaced {lost} of {5 * counted}; median age of the first 5 (days) {statistics.median(ages[n]):.1f} against {statistics.median(ages[m]):.1f}")
