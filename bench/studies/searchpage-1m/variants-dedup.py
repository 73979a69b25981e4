# VARIANTS_FILE for page.py: the ranks with q's parses deduplicated (the same lexeme OR'ed once)
def _dedup(t):
    inner = t[:-len("::tsquery")]
    body = inner[1:-1].replace("''", "'")
    if "&" in body or "<" in body or "!" in body or "(" in body:
        return t
    items = list(dict.fromkeys(x.strip() for x in body.split("|")))
    return "'" + " | ".join(items).replace("'", "''") + "'::tsquery"
def _dp(p):
    return dict(p, parsed=_dedup(p["parsed"]), exact=_dedup(p["exact"]))
variants.update({
    "api, parses deduplicated": lambda p: variants["api"](_dp(p)),
    "200 ids, both ranks, parses deduplicated": lambda p: (f"SELECT a0.id FROM (SELECT a.id, a.search_vector FROM articles AS a WHERE {VISIBLE} AND {matches(p)} "
            f"ORDER BY a.published_at DESC, a.id DESC LIMIT 200) AS a0 ORDER BY {rank(_dp(p))} DESC, a0.id DESC LIMIT 21"),
})
