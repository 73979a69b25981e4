import sys
# gen.py PREFIX CODEEXPR(lang var name 'L') -> SQL: indexes searchidx_PREFIX_<config> and function searchidx_PREFIX_matches
prefix, code = sys.argv[1], sys.argv[2]
langs = [("arabic", ["ar"]), ("armenian", ["hy"]), ("basque", ["eu"]), ("catalan", ["ca"]),
 ("danish", ["da"]), ("dutch", ["nl"]), ("english", ["en"]), ("finnish", ["fi"]),
 ("french", ["fr"]), ("german", ["de"]), ("greek", ["el"]), ("hindi", ["hi"]),
 ("hungarian", ["hu"]), ("indonesian", ["id", "in"]), ("irish", ["ga"]), ("italian", ["it"]),
 ("lithuanian", ["lt"]), ("nepali", ["ne"]), ("norwegian", ["no", "nb", "nn"]),
 ("portuguese", ["pt"]), ("romanian", ["ro", "mo"]), ("russian", ["ru"]), ("serbian", ["sr"]),
 ("spanish", ["es"]), ("swedish", ["sv"]), ("tamil", ["ta"]), ("turkish", ["tr"]),
 ("yiddish", ["yi", "ji"])]
allcodes = [c for _, cs in langs for c in cs]
configs = sorted([l for l, _ in langs] + ["simple"])
def pred(cfg, L):
    e = code.replace("L", L)
    if cfg == "simple":
        return f"{e} <> ALL ('{{{','.join(allcodes)}}}'::text[])"
    cs = dict(langs)[cfg]
    return f"{e} = '{cs[0]}'" if len(cs) == 1 else f"{e} = ANY ('{{{','.join(cs)}}}'::text[])"
out = []
if len(sys.argv) > 3 and sys.argv[3] == "indexes":
    for c in configs:
        out.append(f"CREATE INDEX IF NOT EXISTS searchidx_{prefix}_{c} ON articles USING gin (search_vector) WHERE {pred(c, 'language')};")
arms = "\n  OR ".join(f"({pred(c, 'language')} AND vector @@ parses[{i+1}])" for i, c in enumerate(configs))
out.append(f"CREATE OR REPLACE FUNCTION searchidx_{prefix}_matches(vector tsvector, language text, parses tsquery[]) RETURNS boolean\nLANGUAGE sql IMMUTABLE PARALLEL SAFE\nRETURN {arms};")
print("\n".join(out))
