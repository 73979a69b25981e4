#!/usr/bin/env python3
"""searchcost (ADR 0034 "2026-12-05 evening, helper searchcost"): backend CPU per search of the statements a search sends before
its page, each executed once per word of a rotating list of distinct words (no statement repeats a word), in one warm session as
the API's custom-plan pool runs (force_custom_plan, no parallel workers, jit off). Read only.
   [PARSE_FUNCTION=name] [ONLY=parse] searchcost.py DB [WORDS]   (PGHOST/PGPORT/PGUSER/PGPASSWORD as for psql; WORDS default: searchcost-words.txt)
Prints a Markdown table: statement, ms of backend CPU per execution (ticks of 10 ms over all words), words."""
import os, re, subprocess, sys
here = os.path.dirname(os.path.abspath(__file__))
db = sys.argv[1]
words = [w.strip() for w in open(sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "searchcost-words.txt")) if w.strip()]
lit = lambda s: "'" + s.replace("'", "''") + "'"

def psql(script):
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db], input=script, capture_output=True, text=True, check=True).stdout

# q's parse (Parsed) per word, for the router's query: every lexeme OR'ed (SearchKeys.AnyTerm)
parsed = psql("\n".join(f"SELECT (articles_search_queries({lit(w)}))[1];" for w in words)).split("\n")
def any_term(p):
    terms = dict.fromkeys(re.findall(r"'(?:[^']|'')*'(?::\*)?", p))
    return " | ".join(terms)
anyterms = [any_term(p) for p in parsed]
# a page's 21 ids per word (the newest public articles, 21 different ones per word), for the statements after the page
ids = psql(f"SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT {21 * len(words)};").split()
pages = {w: "ARRAY[" + ",".join(f"'{i}'::uuid" for i in ids[21 * k:21 * k + 21]) + "]" for k, w in enumerate(words)}

statements = {
    # the API's parse before: s.q[1], s.q[2], s.q[3] over a subquery (the function called once per element)
    "parse, before (s.q[1..3])": lambda w, a: f'SELECT a.exact, a.marked, a.parsed FROM (SELECT s.q[1] AS parsed, s.q[2] AS marked, s.q[3] AS exact FROM (SELECT articles_search_queries({lit(w)}) AS q) AS s) AS a LIMIT 2',
    # after: the array read whole
    "parse, after (array)": lambda w, a: f'SELECT s."Value" FROM (SELECT articles_search_queries({lit(w)}) AS "Value") AS s LIMIT 2',
    # after, with the function of migration SearchcostParseOnce under another name (PARSE_FUNCTION: a copy made in a scratch database)
    **({f"parse, after (array, {os.environ['PARSE_FUNCTION']})": lambda w, a: f'SELECT s."Value" FROM (SELECT {os.environ["PARSE_FUNCTION"]}({lit(w)}) AS "Value") AS s LIMIT 2'}
       if os.environ.get("PARSE_FUNCTION") else {}),
    # the router before: EXPLAIN of the words' OR with the list's filters
    "router EXPLAIN, before": lambda w, a: "EXPLAIN (FORMAT JSON) SELECT a.id FROM articles AS a WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') "
        f"AND a.published_at IS NOT NULL AND a.published_at <= now() AND articles_search_matches(a.search_vector, a.language, {lit(a)}::tsquery)" if a else "SELECT 1",
    # the router's catalog statement before and after (after: the table's analyse time added; the estimate is computed in the API)
    "router catalog, before": lambda w, a: "SELECT c.reltuples::float8 AS rows, EXISTS (SELECT FROM pg_class AS i JOIN pg_index AS x ON x.indexrelid = i.oid "
        "WHERE i.relname = 'article_search_postings_rum' AND x.indisvalid AND x.indisready) AS indexed, (SELECT coalesce(string_agg(p.config, ' '), '') "
        "FROM article_search_postings_configs AS p) AS configs FROM pg_class AS c WHERE c.oid = 'articles'::regclass",
    "router catalog, after": lambda w, a: "SELECT c.reltuples::float8 AS rows, EXISTS (SELECT FROM pg_class AS i JOIN pg_index AS x ON x.indexrelid = i.oid "
        "WHERE i.relname = 'article_search_postings_rum' AND x.indisvalid AND x.indisready) AS indexed, (SELECT coalesce(string_agg(p.config, ' '), '') "
        "FROM article_search_postings_configs AS p) AS configs, greatest(pg_stat_get_last_analyze_time(c.oid), pg_stat_get_last_autoanalyze_time(c.oid)) AS analyzed "
        "FROM pg_class AS c WHERE c.oid = 'articles'::regclass",
    # after the page (unchanged): its authors and tags (bench/sql/page-authors.sql, page-tags.sql), the highlights' parse and lexemes
    # (PageHighlights.ParseSql / LexemesSql, for a new q in the page's languages)
    "page's authors": lambda w, a: "SELECT a.article_id, a0.id, a0.slug, a0.name, a0.avatar_url FROM article_authors AS a INNER JOIN authors AS a0 "
        f"ON a.author_id = a0.id WHERE a.article_id = ANY ({pages[w] if w in pages else pages[words[0]]}) ORDER BY a.position",
    "page's tags": lambda w, a: open(os.path.join(here, "..", "..", "sql", "page-tags.sql")).read().strip().rstrip(";").replace("@ids", pages[w] if w in pages else pages[words[0]]),
    "highlights' parse and lexemes": lambda w, a: f"SELECT l AS language, websearch_to_tsquery(articles_search_config(l), {lit(w)}) AS query FROM unnest(ARRAY['it','en','de','fr','es']) AS l; "
        f"SELECT w.word, w.language, tsvector_to_array(to_tsvector(articles_search_config(w.language), w.word)) AS lexemes FROM unnest(ARRAY[{lit(w)},{lit(w)},{lit(w)},{lit(w)},{lit(w)}], ARRAY['it','en','de','fr','es']) AS w(word, language)",
    # what SearchEstimate reads once after each ANALYZE of articles (not per search)
    "estimate's statistics (once per ANALYZE)": lambda w, a: "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs FROM pg_stats AS s "
        "WHERE s.schemaname = current_schema() AND s.tablename = 'ix_articles_search_vector_marked'",
}
# after: the page's authors and tags from the main pool, prepared (Npgsql's auto-prepare) with PostgreSQL's default plan cache mode
tags_sql = open(os.path.join(here, "..", "..", "sql", "page-tags.sql")).read().strip().rstrip(";").replace("@ids", "$1")
authors_sql = ("SELECT a.article_id, a0.id, a0.slug, a0.name, a0.avatar_url FROM article_authors AS a INNER JOIN authors AS a0 "
               "ON a.author_id = a0.id WHERE a.article_id = ANY ($1) ORDER BY a.position")
catalog_sql = statements["router catalog, after"]("", "").replace("'article_search_postings_rum'", "$1")
prepared = {"router catalog, after (main pool, prepared)": (catalog_sql, "text", lambda w: "'article_search_postings_rum'"),
            "page's authors, after (main pool, prepared)": (authors_sql, "uuid[]", lambda w: pages[w]),
            "page's tags, after (main pool, prepared)": (tags_sql, "uuid[]", lambda w: pages[w])}
print(f"| statement | backend CPU ms per execution ({len(words)} distinct words) |")
print("|---|---:|")
for label, make in statements.items():
    if os.environ.get("ONLY") and not label.startswith(os.environ["ONLY"]):
        continue
    script = ["SET plan_cache_mode = force_custom_plan; SET max_parallel_workers_per_gather = 0; SET jit = off;",
              "SELECT pg_backend_pid() AS pid \\gset", "\\o /dev/null"]
    script += [make("warmup" + str(i), "'warmup'") + ";" for i in range(3)]
    script.append("\\set t0 `awk '{print $14 + $15}' /proc/:pid/stat`")
    script += [make(w, a) + ";" for w, a in zip(words, anyterms)]
    script += ["\\set t1 `awk '{print $14 + $15}' /proc/:pid/stat`", "\\o", "SELECT :t1 - :t0;"]
    ticks = int(psql("\n".join(script)).strip().split("\n")[-1])
    print(f"| {label} | {ticks * 1000 / os.sysconf('SC_CLK_TCK') / len(words):.2f} |")
for label, (sql, kind, arg) in prepared.items():
    if os.environ.get("ONLY") and not label.startswith(os.environ["ONLY"]):
        continue
    script = ["SET plan_cache_mode = auto; SET max_parallel_workers_per_gather = 0; SET jit = off;",
              f"PREPARE s({kind}) AS {sql};", "SELECT pg_backend_pid() AS pid \\gset", "\\o /dev/null"]
    script += [f"EXECUTE s({arg(words[i % len(words)])});" for i in range(10)]
    script.append("\\set t0 `awk '{print $14 + $15}' /proc/:pid/stat`")
    script += [f"EXECUTE s({arg(w)});" for w in words]
    script += ["\\set t1 `awk '{print $14 + $15}' /proc/:pid/stat`", "\\o", "SELECT :t1 - :t0;"]
    ticks = int(psql("\n".join(script)).strip().split("\n")[-1])
    print(f"| {label} | {ticks * 1000 / os.sysconf('SC_CLK_TCK') / len(words):.2f} |")
