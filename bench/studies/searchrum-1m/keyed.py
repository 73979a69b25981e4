#!/usr/bin/env python3
"""search1m: q's keyed query as SearchKeys builds it in the API (ADR 0034 "search1m"): each configuration's parse keyed, only the
configurations in CONFIGS (the side table's), a prefix OR'ed with a longer lexeme of the same key standing for both.
   keyed.py DB q   (reads the parses from PostgreSQL; prints the tsquery text)"""
import os, re, subprocess, sys
db, q = sys.argv[1], sys.argv[2]
configs = os.environ.get("CONFIGS") or subprocess.run(["psql", "-X", "-At", "-d", db, "-c",
    "SELECT string_agg(DISTINCT rtrim(searchrum_key(articles_search_config(l.language))), ' ') FROM (SELECT DISTINCT language FROM article_search_postings) AS l"],
    capture_output=True, text=True, check=True).stdout.strip()
arms = []
for c in configs.split():
    p = subprocess.run(["psql", "-X", "-At", "-d", db, "-c",
        f"SELECT searchrum_keyed_query('articles_{c}'::regconfig, articles_search_parse('articles_{c}'::regconfig, $q${q}$q$))"],
        capture_output=True, text=True, check=True).stdout.strip()
    if not p:
        continue
    # ( 'k a':* | 'k ab':* ) -> 'k a':*  (the prefix covers the longer lexeme)
    p = re.sub(r"\( '([^' ]+ )([^']+)':\* \| '\1([^']+)':\* \)",
               lambda m: f"'{m.group(1)}{m.group(2)}':*" if m.group(3).startswith(m.group(2)) else m.group(0), p)
    p = re.sub(r"^'([^' ]+ )([^']+)':\* \| '\1([^']+)':\*$",
               lambda m: f"'{m.group(1)}{m.group(2)}':*" if m.group(3).startswith(m.group(2)) else m.group(0), p)
    arms.append(f"( {p} )")
print(" | ".join(arms))
