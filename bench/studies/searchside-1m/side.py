#!/usr/bin/env python3
"""searchside: backend CPU per execution of a search's statements besides its page (q's parse, the routers' catalog, the
statistics, the highlight statements), each over distinct words, as prepared statements planned every time (the custom-plan
pool) or under PostgreSQL's default plan cache mode (the main pool). Read only. As ../searchpage-1m/side.py measures.
   side.py DB WORDS [CASE ...]   (CASE: the start of a case's label; all cases when none)"""
import os, subprocess, sys
db, words = sys.argv[1], [w.strip() for w in open(sys.argv[2]) if w.strip()]
lit = lambda s: "'" + s.replace("'", "''") + "'"
def psql(script):
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db], input=script, capture_output=True, text=True, check=True).stdout
n = len(words)
PARSE = "SELECT articles_search_queries($1)"
CATALOG = """SELECT c.reltuples::float8 AS rows, EXISTS (SELECT FROM pg_class AS i JOIN pg_index AS x ON x.indexrelid = i.oid
            WHERE i.relname = 'article_search_postings_rum' AND x.indisvalid AND x.indisready) AS indexed,
            (SELECT coalesce(string_agg(p.config, ' '), '') FROM article_search_postings_configs AS p) AS configs,
            greatest(pg_stat_get_last_analyze_time(c.oid), pg_stat_get_last_autoanalyze_time(c.oid)) AS analyzed,
            (SELECT greatest(pg_stat_get_last_analyze_time(x.indrelid), pg_stat_get_last_autoanalyze_time(x.indrelid))
                FROM pg_class AS i JOIN pg_index AS x ON x.indexrelid = i.oid WHERE i.relname = 'article_search_postings_rum') AS postings_analyzed,
            btrim(searchrum_key(articles_search_config($1))) AS language_config
        FROM pg_class AS c WHERE c.oid = 'articles'::regclass"""
PARSE_HL = "SELECT l AS language, websearch_to_tsquery(articles_search_config(l), $1) AS query FROM unnest($2) AS l"
L5 = "ARRAY['it','en','de','fr','es']::text[]"
cases = {
    "q's parse (articles_search_queries)": ("text", PARSE, lambda w: lit(w)),
    "the routers' catalog": ("text", CATALOG, lambda w: "NULL"),
    "q's parse and the catalog in one statement": ("text, text", f"SELECT q.*, s.* FROM ({PARSE}) AS q, ({CATALOG.replace('$1', '$2')}) AS s", lambda w: f"{lit(w)}, NULL"),
    "highlights: q parsed in 5 languages": ("text, text[]", PARSE_HL, lambda w: f"{lit(w)}, {L5}"),
    "a constant (SELECT $1)": ("text", "SELECT $1", lambda w: lit(w)),
}
print(f"| statement | custom plan (search pool), ms | prepared, default mode (main pool), ms |")
print("|---|---:|---:|")
for label, (types, sql, args) in cases.items():
    if len(sys.argv) > 3 and not any(label.startswith(c) for c in sys.argv[3:]):
        continue
    out = []
    for mode in ("force_custom_plan", "auto"):
        script = [f"SET plan_cache_mode = {mode}; SET max_parallel_workers_per_gather = 0; SET jit = off;", f"PREPARE s({types}) AS {sql};",
                  "SELECT pg_backend_pid() AS pid \\gset", "\\o /dev/null"]
        script += [f"EXECUTE s({args('warm' + str(i))});" for i in range(10)]
        script.append("\\set t0 `awk '{print $14 + $15}' /proc/:pid/stat`")
        script += [f"EXECUTE s({args(w)});" for w in words]
        script += ["\\set t1 `awk '{print $14 + $15}' /proc/:pid/stat`", "\\o", "SELECT :t1 - :t0;"]
        ticks = int(psql("\n".join(script)).strip().split("\n")[-1])
        out.append(f"{ticks * 1000 / os.sysconf('SC_CLK_TCK') / n:.3f}")
    print(f"| {label} | {out[0]} | {out[1]} |", flush=True)
