#!/usr/bin/env python3
"""searchcost: do two parse functions give the same three queries for every q of searchcost-queries.txt (words of generated titles,
prefixes, `or`, phrases, exclusions, stop words, marker prefixes, non-Latin scripts)?
   searchcost-same.py DB function_a function_b   (e.g. articles_search_queries and a copy of migration SearchcostParseOnce's)"""
import os, subprocess, sys
db, a, b = sys.argv[1:4]
qs = [l.rstrip("\n") for l in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "searchcost-queries.txt"))]
lit = lambda s: "'" + s.replace("'", "''") + "'"
out = subprocess.run(["psql", "-X", "-At", "-d", db], input="\n".join(f"SELECT {a}({lit(q)}) IS NOT DISTINCT FROM {b}({lit(q)});" for q in qs),
                     capture_output=True, text=True, check=True).stdout.strip().split("\n")
bad = [q for q, r in zip(qs, out) if r != "t"]
print(f"{len(out)} queries compared, {len(bad)} different", bad[:5])
