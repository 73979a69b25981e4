# VARIANTS_FILE for ../searchpage-1m/page.py (helper rankcheap, ADR 0034 "2026-12-06 day, helper rankcheap"): cheaper page statements
def _api(p, n=200, r=None):
    r = r or rank(p)
    return (f"SELECT {OUT}, {r} AS rank, a0.body_text FROM (SELECT {COLS} FROM articles AS a WHERE {VISIBLE} AND {matches_n(p, n)} "
            f"ORDER BY a.published_at DESC, a.id DESC LIMIT {n}) AS a0 ORDER BY {r} DESC, a0.id DESC LIMIT 21")


def matches_n(p, n):
    if route == "rum":
        return (f"a.id IN (SELECT d.article_id FROM article_search_postings AS d WHERE d.vector @@ {p['keyed']} "
                f"ORDER BY d.published_at <=| {NOW} LIMIT {n})")
    return f"articles_search_matches(a.search_vector, a.language, {p['marked']})"


def _keyed_rank(v, p):
    return f"ts_rank_cd({v}, {p['keyed']}, 1)"


def _ranked_in_window(p, n=200):
    # (a): the window ranks the side table's keyed vector with q keyed (own-language parse), orders and limits there; 21 articles by key
    return (f"SELECT {OUT}, w.r AS rank, a0.body_text FROM (SELECT x.article_id, x.r FROM (SELECT d.article_id, {_keyed_rank('d.vector', p)} AS r "
            f"FROM article_search_postings AS d WHERE d.vector @@ {p['keyed']} AND d.published_at <= {NOW} ORDER BY d.published_at <=| {NOW} LIMIT {n}) AS x "
            f"ORDER BY x.r DESC, x.article_id DESC LIMIT 21) AS w JOIN articles AS a0 ON a0.id = w.article_id "
            f"WHERE a0.deleted_at IS NULL AND a0.status IN ('published', 'scheduled') ORDER BY w.r DESC, a0.id DESC")


variants.update({
    "api 200": lambda p: _api(p),
    "api 150": lambda p: _api(p, 150),
    "api 100": lambda p: _api(p, 100),
    "api 200, one rank (parsed)": lambda p: _api(p, 200, f"articles_search_rank(a0.search_vector, {p['parsed']})"),
    "api 100, one rank (parsed)": lambda p: _api(p, 100, f"articles_search_rank(a0.search_vector, {p['parsed']})"),
    "ranked in window 200 (keyed)": lambda p: _ranked_in_window(p),
    "ranked in window 100 (keyed)": lambda p: _ranked_in_window(p, 100),
})
