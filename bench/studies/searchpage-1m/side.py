#!/usr/bin/env python3
"""searchpage: backend CPU of a search's statements besides its page, per execution, each with a page of 21 different articles
(the newest public ones, 21 per query, no page repeated) or a different word, as prepared statements under PostgreSQL's default
plan cache mode (the main pool's auto-prepared statements) or planned every time (the custom-plan pool). Read only.
   side.py DB WORDS [CASE ...]   (CASE: the start of a case's label; all cases when none)"""
import os, subprocess, sys
db, words = sys.argv[1], [w.strip() for w in open(sys.argv[2]) if w.strip()]
lit = lambda s: "'" + s.replace("'", "''") + "'"
def psql(script):
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db], input=script, capture_output=True, text=True, check=True).stdout
n = len(words)
rows = psql(f"SELECT id, language FROM articles WHERE status = 'published' AND deleted_at IS NULL ORDER BY published_at DESC LIMIT {21 * (n + 10)};").split()
rows = [r.split("|") for r in rows]
pages = [rows[21 * k:21 * k + 21] for k in range(n + 10)]
ids = lambda pg: "ARRAY[" + ",".join(f"'{i}'" for i, _ in pg) + "]::uuid[]"
langs = lambda pg: "ARRAY[" + ",".join(lit(l) for _, l in pg) + "]::text[]"
here = os.path.dirname(os.path.abspath(__file__))
TAGS = open(os.path.join(here, "..", "..", "sql", "page-tags.sql")).read().strip().rstrip(";").replace("@ids", "$1")
TAGS_NO_JOIN = ("SELECT a.article_id, t.id, t.slug, COALESCE((SELECT t0.name FROM tag_translations AS t0 WHERE t.id = t0.tag_id AND (t0.language = l.language "
                "OR left(l.language, length(t0.language || '-'))::character varying(35) = t0.language || '-') ORDER BY length(t0.language)::int DESC LIMIT 1), t.name) "
                "FROM unnest($1, $2) AS l(id, language) JOIN article_tags AS a ON a.article_id = l.id JOIN tags AS t ON a.tag_id = t.id ORDER BY a.position")
AUTHORS = ("SELECT a.article_id, a0.id, a0.slug, a0.name, a0.avatar_url FROM article_authors AS a INNER JOIN authors AS a0 ON a.author_id = a0.id "
           "WHERE a.article_id = ANY ($1) ORDER BY a.position")
READY = "SELECT article_id, doc FROM article_summaries_ready WHERE article_id = ANY ($1)"
PARSE_HL = "SELECT l AS language, websearch_to_tsquery(articles_search_config(l), $1) AS query FROM unnest($2) AS l"
LEX_HL = "SELECT w.word, w.language, tsvector_to_array(to_tsvector(articles_search_config(w.language), w.word)) AS lexemes FROM unnest($1, $2) AS w(word, language)"
L5 = "ARRAY['it','en','de','fr','es']::text[]"
cases = {
    "page's tags (joins articles)": ("uuid[]", TAGS, lambda k, w: ids(pages[k])),
    "page's tags, languages from the page's rows (no join)": ("uuid[], text[]", TAGS_NO_JOIN, lambda k, w: f"{ids(pages[k])}, {langs(pages[k])}"),
    "page's authors": ("uuid[]", AUTHORS, lambda k, w: ids(pages[k])),
    # searchfive: the page's 21 ready-made summaries (authors and tags embedded, ADR 0045) by id, in place of authors + tags
    "page's ready-made summaries by id": ("uuid[]", READY, lambda k, w: ids(pages[k])),
    "highlights: q parsed in 5 languages": ("text, text[]", PARSE_HL, lambda k, w: f"{lit(w)}, {L5}"),
    "highlights: a word's lexemes in 5 languages": ("text[], text[]", LEX_HL, lambda k, w: f"ARRAY[{','.join([lit(w)] * 5)}]::text[], {L5}"),
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
        script += [f"EXECUTE s({args(n + i, 'warm' + str(i))});" for i in range(10)]
        script.append("\\set t0 `awk '{print $14 + $15}' /proc/:pid/stat`")
        script += [f"EXECUTE s({args(k, w)});" for k, w in enumerate(words)]
        script += ["\\set t1 `awk '{print $14 + $15}' /proc/:pid/stat`", "\\o", "SELECT :t1 - :t0;"]
        ticks = int(psql("\n".join(script)).strip().split("\n")[-1])
        out.append(f"{ticks * 1000 / os.sysconf('SC_CLK_TCK') / n:.2f}")
    print(f"| {label} | {out[0]} | {out[1]} |")
