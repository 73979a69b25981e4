#!/usr/bin/env python3
"""searchcost: the router's estimate per q, three ways: SearchEstimate's formula (SearchEstimate.cs, here in Python over the same
pg_stats), the planner's rows for the same clause (`vector || marker @@ q's words OR'ed`), and the router's EXPLAIN before (the list's
visibility filters too). Read only.   searchcost-estimate.py DB QUERIES_FILE"""
import subprocess, sys, re
db = sys.argv[1]; qs = [l.strip() for l in open(sys.argv[2]) if l.strip()]
def psql(sql): return subprocess.run(['psql','-X','-At','-d',db,'-c',sql],capture_output=True,text=True).stdout.strip()
elems = psql("select most_common_elems::text::text[] from pg_stats where tablename='ix_articles_search_vector_marked'")
freqs = psql("select most_common_elem_freqs from pg_stats where tablename='ix_articles_search_vector_marked'")
import csv, io
def arr(s):
    s = s[1:-1]
    return next(csv.reader(io.StringIO(s), delimiter=',', quotechar='"', escapechar='\\')) if s else []
E = arr(elems); F = [float(x) for x in freqs[1:-1].split(',')]
minf = F[-2]; F = F[:len(E)]; D = dict(zip(E, F))
rows = float(psql("select reltuples from pg_class where relname='articles'"))
def lex(t, prefix):
    rare = min(0.005, minf/2)
    if not prefix: return D.get(t, rare)
    if len(E) < 100: return 0.02
    m = a = 0.0; n = 0
    for e, f in zip(E, F):
        if e.startswith(t): m += f - m*f; n += 1
        a += f - a*f
    return max(rare, min(1,m) + (1-min(1,a))*n/len(E))
print("| q | SearchEstimate | planner, same clause | router's EXPLAIN before |")
print("|---|---:|---:|---:|")
for q in qs:
    parsed = psql(f"select (articles_search_queries($q${q}$q$))[1]")
    if not parsed: continue
    terms = set(re.findall(r"'((?:[^']|'')*)'(:\*)?[A-D]*", parsed))
    s = 0.0
    for t, p in terms:
        x = lex(t.replace("''","'"), bool(p)); s = s + x - s*x
    anyterm = ' | '.join(f"'{t}'{p}" for t, p in terms).replace("$","")
    plan = psql(f"explain select from articles a where (a.search_vector || articles_search_marker(a.language)) @@ $t${anyterm}$t$::tsquery")
    m = re.search(r"rows=(\d+)", plan)
    old = psql(f"explain SELECT a.id FROM articles AS a WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= now() AND articles_search_matches(a.search_vector, a.language, $t${anyterm}$t$::tsquery)")
    o = re.search(r"rows=(\d+)", old)
    print(f"| `{q}` | {rows*s:,.0f} | {int(m.group(1)) if m else 0:,} | {int(o.group(1)) if o else 0:,} |")
