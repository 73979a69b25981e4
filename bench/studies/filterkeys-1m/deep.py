#!/usr/bin/env python3
"""filterkeys: two APIs answer the same bytes page after page (up to four, following nextCursor) for each q of QUERIES_FILE with each EXTRA.
   deep.py http://127.0.0.1:BEFORE http://127.0.0.1:AFTER QUERIES_FILE EXTRA..."""
import json,sys,urllib.request,urllib.parse
a,b=sys.argv[1],sys.argv[2]
qs=[l.strip() for l in open(sys.argv[3]) if l.strip()]
extras=sys.argv[4:]
same=diff=0
for q in qs:
  for e in extras:
    url=f"q={urllib.parse.quote(q)}{e}"
    for page in range(4):
        ra=urllib.request.urlopen(f"{a}/api/v1/articles?{url}",timeout=60).read()
        rb=urllib.request.urlopen(f"{b}/api/v1/articles?{url}",timeout=60).read()
        if ra==rb: same+=1
        else: diff+=1; print("differ:",url); break
        c=json.loads(ra)["meta"].get("nextCursor")
        if not c: break
        url=f"q={urllib.parse.quote(q)}{e}&cursor={urllib.parse.quote(c)}"
print(f"{same} pages identical, {diff} differ")
