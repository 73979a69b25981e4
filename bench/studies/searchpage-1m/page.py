#!/usr/bin/env python3
"""searchpage (ADR 0034 "2026-12-06 night, helper searchpage"): backend CPU per execution of variants of a search's page
statement, each variant executed once per query of a list (no variant repeats a query within a run), in one warm session as
the API's custom-plan pool runs them (force_custom_plan, no parallel workers, jit off), planning included. Read only.
   page.py DB WORDS ROUTE [VARIANT ...]   (PGHOST/PGPORT/PGUSER/PGPASSWORD as for psql)
ROUTE: rum (SearchWindow's window, no language filter) or gin (the date walk / bitmap of the marker index).
Prints a Markdown table: variant, ms of backend CPU per execution (ticks of 10 ms over all queries), queries.
EXPLAIN=1: prints EXPLAIN (ANALYZE, BUFFERS) of each variant for the first query instead."""
import os, re, subprocess, sys
db, words_file, route = sys.argv[1], sys.argv[2], sys.argv[3]
wanted = sys.argv[4:]
words = [w.strip() for w in open(words_file) if w.strip()]
lit = lambda s: "'" + s.replace("'", "''") + "'"
NOW = "'2026-12-06T00:00:00Z'::timestamptz"


def psql(script):
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db], input=script, capture_output=True, text=True, check=True).stdout


configs = set(psql("SELECT config FROM article_search_postings_configs;").split())


def keyed(q):
    """SearchKeys.Keyed for a one-word q: searchrum_query's entries in the configurations that have articles, a prefix standing
    for the longer lexemes of its configuration it starts."""
    entries = re.findall(r"'([a-z_]+) ((?:[^']|'')*)'(:\*)?", psql(f"SELECT searchrum_query({lit(q)});"))
    kept = [(c, l, p) for c, l, p in entries if c in configs]
    out = [e for e in kept if not any(o != e and o[0] == e[0] and o[2] and e[1].startswith(o[1]) for o in kept)]
    return " | ".join(dict.fromkeys(f"'{c} {l}'{p}" for c, l, p in out)) or None


params = {}
rows = psql("\n".join(f"SELECT (articles_search_queries({lit(w)}))::text[];" for w in words)).strip().split("\n")
for w, row in zip(words, rows):
    parsed, marked, exact = [s.strip('"').replace('\\"', '"') for s in re.findall(r'"(?:[^"\\]|\\.)*"|[^,{}]+', row.strip("{}"))]
    params[w] = dict(parsed=lit(parsed) + "::tsquery", marked=lit(marked) + "::tsquery", exact=lit(exact) + "::tsquery",
                     keyed=lit(keyed(w) or "") + "::tsquery", prefixed=parsed != exact)

COLS = ("a.id, a.created_at, a.excerpt, a.featured, a.kind, a.language, a.published_at, a.reading_time_minutes, a.search_vector, a.slug, "
        "a.status, a.subtitle, a.title, a.updated_at, a.feature_image_alt, a.feature_image_caption, a.feature_image_credit, "
        "a.feature_image_media_details, a.feature_image_media_id, a.feature_image_url, a.body_text")
OUT = ("a0.id, a0.slug, a0.title, a0.subtitle, a0.excerpt, a0.language, a0.status, a0.kind, a0.featured, a0.published_at, a0.created_at, "
       "a0.updated_at, a0.reading_time_minutes, a0.feature_image_url, a0.feature_image_alt, a0.feature_image_caption, a0.feature_image_credit, "
       "a0.feature_image_media_id, a0.feature_image_media_details")
VISIBLE = f"a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= {NOW}"


def matches(p):
    if route == "rum":
        return (f"a.id IN (SELECT d.article_id FROM article_search_postings AS d WHERE d.vector @@ {p['keyed']} "
                f"ORDER BY d.published_at <=| {NOW} LIMIT 200)")
    return f"articles_search_matches(a.search_vector, a.language, {p['marked']})"


def rank(p, v="a0.search_vector"):
    r = f"articles_search_rank({v}, {p['parsed']})"
    return r + f" + articles_search_rank({v}, {p['exact']})" if p["prefixed"] else r


variants = {
    # the API's statement today (PageQuery over ArticleFilters, the window or the marker index)
    "api": lambda p: f"SELECT {OUT}, {rank(p)} AS rank, a0.body_text FROM (SELECT {COLS} FROM articles AS a WHERE {VISIBLE} AND {matches(p)} "
                     f"ORDER BY a.published_at DESC, a.id DESC LIMIT 200) AS a0 ORDER BY {rank(p)} DESC, a0.id DESC LIMIT 21",
    # parts of it
    "window only (rum)": lambda p: f"SELECT d.article_id FROM article_search_postings AS d WHERE d.vector @@ {p['keyed']} ORDER BY d.published_at <=| {NOW} LIMIT 200",
    "200 visible ids, no rank": lambda p: f"SELECT a.id FROM articles AS a WHERE {VISIBLE} AND {matches(p)} ORDER BY a.published_at DESC, a.id DESC LIMIT 200",
    "200 ids + rank, 21 ids": lambda p: f"SELECT a0.id FROM (SELECT a.id, a.search_vector FROM articles AS a WHERE {VISIBLE} AND {matches(p)} "
                                        f"ORDER BY a.published_at DESC, a.id DESC LIMIT 200) AS a0 ORDER BY {rank(p)} DESC, a0.id DESC LIMIT 21",
    "api without body": lambda p: f"SELECT {OUT}, {rank(p)} AS rank FROM (SELECT {COLS} FROM articles AS a WHERE {VISIBLE} AND {matches(p)} "
                                  f"ORDER BY a.published_at DESC, a.id DESC LIMIT 200) AS a0 ORDER BY {rank(p)} DESC, a0.id DESC LIMIT 21",
    # candidates
    "rank on ts_rank_cd directly": lambda p: f"SELECT {OUT}, r AS rank, a0.body_text FROM (SELECT {COLS}, "
        + (f"ts_rank_cd(a.search_vector, {p['parsed']}, 1) + ts_rank_cd(a.search_vector, {p['exact']}, 1)" if p["prefixed"] else f"ts_rank_cd(a.search_vector, {p['parsed']}, 1)")
        + f" AS r FROM articles AS a WHERE {VISIBLE} AND {matches(p)} ORDER BY a.published_at DESC, a.id DESC LIMIT 200) AS a0 ORDER BY r DESC, a0.id DESC LIMIT 21",
    # planning alone (the custom-plan pool plans every search)
    "planning only (EXPLAIN api)": lambda p: "EXPLAIN " + variants["api"](p),
    # the two ranks from one detoasted copy of the vector (a session's temporary function: nothing is written to the database)
    "rank from one detoasted vector": lambda p: f"SELECT {OUT}, {rank1(p)} AS rank, a0.body_text FROM (SELECT {COLS} FROM articles AS a WHERE {VISIBLE} AND {matches(p)} "
                                  f"ORDER BY a.published_at DESC, a.id DESC LIMIT 200) AS a0 ORDER BY {rank1(p)} DESC, a0.id DESC LIMIT 21",
}
RANK1 = """CREATE FUNCTION pg_temp.rank1(vector tsvector, parsed tsquery, exact tsquery) RETURNS real LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$
DECLARE v tsvector := vector || ''::tsvector; BEGIN RETURN ts_rank_cd(v, parsed, 1) + ts_rank_cd(v, exact, 1); END $f$;"""


def rank1(p, v="a0.search_vector"):
    return f"pg_temp.rank1({v}, {p['parsed']}, {p['exact']})" if p["prefixed"] else f"articles_search_rank({v}, {p['parsed']})"


extra = os.environ.get("VARIANTS_FILE")
if extra:
    exec(open(extra).read())
chosen = {k: v for k, v in variants.items() if not wanted or k in wanted}

if os.environ.get("SAME"):
    # SAME=1: the first two variants named answer the same ids in the same order with the same ranks, for every query
    a, b = list(chosen)
    differ = 0
    for w in words:
        got = [psql(RANK1 + "\n" + f"SELECT id, rank FROM ({chosen[v](params[w])}) AS x;") for v in (a, b)]
        if got[0] != got[1]:
            differ += 1
            print(f"differ: `{w}`")
    print(f"{len(words) - differ} of {len(words)} queries: `{a}` and `{b}` answer the same ids, order and ranks")
    sys.exit(0)

if os.environ.get("EXPLAIN"):
    w = words[0]
    for label, make in chosen.items():
        print(f"### {label} `{w}`\n```")
        print(psql("SET plan_cache_mode = force_custom_plan; SET max_parallel_workers_per_gather = 0; SET jit = off;\n" + RANK1 + "\n"
                   f"EXPLAIN (ANALYZE, BUFFERS) {make(params[w])};"))
        print("```")
    sys.exit(0)

# GENERIC=force_generic_plan|auto: each variant PREPAREd once with the queries as parameters and EXECUTEd per query under that plan
# cache mode (the main pool's auto-prepared statements run under `auto`); every query of the list must be prefixed alike.
generic = os.environ.get("GENERIC")
# REPEAT=n: the list n times (a small database's statements are too quick for 10 ms ticks; at 1M leave it at 1: no repeats)
repeat = int(os.environ.get("REPEAT", "1"))
if generic:
    kinds = {params[w]["prefixed"] for w in words}
    assert len(kinds) == 1, "GENERIC needs the queries all prefixed or all not"
    holder = dict(parsed="$1", exact="$2", keyed="$3", marked="$4", prefixed=kinds.pop())
    args = lambda p: f"({p['parsed']}, {p['exact']}, {p['keyed']}, {p['marked']})"
print(f"| variant ({route}{', ' + generic if generic else ''}) | backend CPU ms per execution ({len(words)} queries{f' × {repeat}' if repeat > 1 else ''}, `{os.path.basename(words_file)}`) |")
print("|---|---:|")
for label, make in chosen.items():
    script = ["SET plan_cache_mode = force_custom_plan; SET max_parallel_workers_per_gather = 0; SET jit = off;", RANK1,
              "SELECT pg_backend_pid() AS pid \\gset", "\\o /dev/null"]
    if generic:
        script[0] = f"SET plan_cache_mode = {generic}; SET max_parallel_workers_per_gather = 0; SET jit = off;"
        script.append(f"PREPARE s(tsquery, tsquery, tsquery, tsquery) AS {make(holder)};")
        run = lambda w: f"EXECUTE s{args(params[w])};"
    else:
        run = lambda w: make(params[w]) + ";"
    script += [run(w) for w in (words * 10)[:10 if generic else 3]]
    script.append("\\set t0 `awk '{print $14 + $15}' /proc/:pid/stat`")
    script += [run(w) for w in words * repeat]
    script += ["\\set t1 `awk '{print $14 + $15}' /proc/:pid/stat`", "\\o", "SELECT :t1 - :t0;"]
    ticks = int(psql("\n".join(script)).strip().split("\n")[-1])
    print(f"| {label} | {ticks * 1000 / os.sysconf('SC_CLK_TCK') / len(words) / repeat:.2f} |")
