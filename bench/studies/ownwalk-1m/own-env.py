#!/usr/bin/env python3
"""ownwalk: q's parse per configuration (as SearchKeys.ByConfig builds it from Marked) for pgbench, written to own.env beside this
script (CONFIGS, PARSES: the arrays articles_search_matches_own takes).   own-env.py "$(psql -At -c "select (articles_search_queries('trattato'))[2]")" """
import os, re, sys
marked = sys.argv[1]
arms, depth, cur = [], 0, ""
for ch in marked:
    depth += ch == "("
    depth -= ch == ")"
    if ch == "|" and depth == 0:
        arms.append(cur.strip()); cur = ""
    else:
        cur += ch
arms.append(cur.strip())
configs, parses = [], []
for arm in arms:
    parse = re.sub(r"&\s*\(?\s*'config.*$", "", arm).strip()
    for config in re.findall(r"'config (\w+)'", arm):
        configs.append("articles_" + config); parses.append(parse)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "own.env"), "w") as f:
    f.write("CONFIGS='{%s}'\nPARSES='{%s}'\n" % (",".join(configs), ",".join('"' + p.replace('"', '\\"') + '"' for p in parses)))
print(len(configs), "configurations")
