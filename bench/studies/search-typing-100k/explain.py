import subprocess, re, sys, statistics
db = sys.argv[1]
def run(sql):
    r = subprocess.run(["psql","-h","127.0.0.1","-p","55432","-U","articles","-d",db,"-At","-c",sql],capture_output=True,text=True,env={"PGPASSWORD":"articles","PATH":"/usr/bin:/bin"})
    return r.stdout + r.stderr
def lit(s): return "'" + s.replace("'", "''") + "'"
for q in ["governo","gov","tratt","investigation","invest"]:
    parsed, marked, exact = open(f"/tmp/st-q-{q}.tsv").read().rstrip("\n").split("\t")
    prefixed = parsed != exact
    rank = f"articles_search_rank(a.search_vector, {lit(parsed)}::tsquery)" + (f" + articles_search_rank(a.search_vector, {lit(exact)}::tsquery)" if prefixed else "")
    rel = f"""EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT id FROM (SELECT a.id, {rank} AS r FROM (SELECT * FROM articles a WHERE a.status = 'published' AND a.deleted_at IS NULL AND a.published_at <= now()
      AND articles_search_matches(a.search_vector, a.language, {lit(marked)}::tsquery) ORDER BY a.published_at DESC, a.id DESC LIMIT 200) a) w ORDER BY r DESC, id DESC LIMIT 21"""
    bydate = f"""EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT a.id FROM articles a WHERE a.status = 'published' AND a.deleted_at IS NULL AND a.published_at <= now()
      AND articles_search_matches(a.search_vector, a.language, {lit(marked)}::tsquery) ORDER BY a.published_at DESC, a.id DESC LIMIT 21"""
    count = f"""EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT count(*) FROM articles a WHERE a.status = 'published' AND a.deleted_at IS NULL AND a.published_at <= now()
      AND articles_search_matches(a.search_vector, a.language, {lit(marked)}::tsquery)"""
    out = []
    for name, sql in [("relevance", rel), ("by-date", bydate), ("count", count)]:
        times = []
        for i in range(5):
            o = run(sql)
            m = re.search(r'"Execution Time": ([0-9.]+)', o)
            times.append(float(m.group(1)) if m else -1)
            b = re.search(r'"Shared Hit Blocks": (\d+),\s*"Shared Read Blocks": (\d+)', o)
        out.append(f"{name} median {statistics.median(times):.1f} ms (min {min(times):.1f}) buffers hit+read {int(b.group(1))+int(b.group(2)) if b else '?'}")
    print(q, "prefixed" if prefixed else "exact", "|", " | ".join(out), flush=True)
