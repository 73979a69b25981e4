# VARIANTS_FILE for page.py: where the rank's CPU goes (detoasting the vector or ranking it)
def _top(p, expr):
    return (f"SELECT a0.id FROM (SELECT a.id, a.search_vector FROM articles AS a WHERE {VISIBLE} AND {matches(p)} "
            f"ORDER BY a.published_at DESC, a.id DESC LIMIT 200) AS a0 ORDER BY {expr} DESC, a0.id DESC LIMIT 21")
variants.update({
    "200 ids, vector detoasted once (length)": lambda p: _top(p, "length(a0.search_vector)"),
    "200 ids, rank(parsed) only": lambda p: _top(p, f"articles_search_rank(a0.search_vector, {p['parsed']})"),
    "200 ids, rank(exact) only": lambda p: _top(p, f"articles_search_rank(a0.search_vector, {p['exact']})"),
    "200 ids, both ranks (api)": lambda p: _top(p, rank(p)),
    "200 ids, both ranks, one detoast (pg_temp.rank1)": lambda p: _top(p, rank1(p)),
})
