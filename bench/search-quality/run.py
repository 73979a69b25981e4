#!/usr/bin/env python3
"""Search quality over a judged query set: precision@5 and MRR of GET /api/v1/articles?q= against a running API
seeded with the sample newsroom (Database:SeedSampleContent=true).

    bench/search-quality/run.py http://127.0.0.1:5490 [judgments.tsv]

judgments.tsv: query <TAB> the articles a reader expects first, as title prefixes separated by " | ".
P@5 = expected articles among the first 5 / 5 (most queries have one or two expected articles, so the best
possible P@5 is printed beside it); MRR = mean of 1 / rank of the first expected article (0 when absent
from the first 20)."""
import json, sys, urllib.parse, urllib.request

api = sys.argv[1].rstrip('/')
path = sys.argv[2] if len(sys.argv) > 2 else __file__.rsplit('/', 1)[0] + '/judgments.tsv'

def get(url):
    with urllib.request.urlopen(api + url) as r:
        return json.load(r)

articles, cursor = [], None
while True:
    page = get('/api/v1/articles?limit=100' + (f'&cursor={urllib.parse.quote(cursor)}' if cursor else ''))
    articles += page['data']
    cursor = page['meta'].get('nextCursor')
    if not cursor:
        break

def resolve(prefix):
    found = [a['id'] for a in articles if a['title'].startswith(prefix)]
    if len(found) != 1:
        sys.exit(f'"{prefix}" names {len(found)} published articles, not one')
    return found[0]

rows = []
for line in open(path, encoding='utf-8'):
    if not line.strip() or line.startswith('#'):
        continue
    query, expected = line.rstrip('\n').split('\t')
    relevant = [resolve(p.strip()) for p in expected.split('|')]
    hits = [a['id'] for a in get('/api/v1/articles?limit=20&q=' + urllib.parse.quote(query))['data']]
    p5 = sum(1 for h in hits[:5] if h in relevant) / 5
    best = min(5, len(relevant)) / 5
    rank = next((i + 1 for i, h in enumerate(hits) if h in relevant), None)
    rows.append((query, p5, best, 1 / rank if rank else 0.0, rank, len(hits)))

print('| query | P@5 (best possible) | first expected at | hits |')
print('|---|---:|---:|---:|')
for q, p5, best, rr, rank, n in rows:
    print(f'| `{q}` | {p5:.2f} ({best:.2f}) | {rank or "—"} | {n} |')
n = len(rows)
print(f'\n{n} queries: mean P@5 {sum(r[1] for r in rows) / n:.3f} (best possible {sum(r[2] for r in rows) / n:.3f}), '
      f'MRR {sum(r[3] for r in rows) / n:.3f}')
