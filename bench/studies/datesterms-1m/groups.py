import statistics, urllib.parse, collections, sys
def load(files):
    rows={}
    for f in files:
        for line in open(f):
            p=line.rstrip('\n').split('\t')
            try: ms=float(p[1])*1000
            except: continue
            rows.setdefault(p[0],[]).append(ms)
    return rows
a,b=sys.argv[1],sys.argv[2]
A=load([f'results/{a}-{i}.tsv' for i in (1,2,3)]); B=load([f'results/{b}-{i}.tsv' for i in (1,2,3)])
groups=collections.defaultdict(list)
for k in A:
    d=dict(urllib.parse.parse_qsl(k))
    dated='publishedAfter' in d or 'publishedBefore' in d
    filt=any(x in d for x in ('tag','author','source'))
    g=('dated' if dated else '-')+('/filt' if filt else '')+('/total' if 'total' in d else '')
    groups[g].append(statistics.median(B[k])-statistics.median(A[k]))
for g,v in sorted(groups.items()): print(g, len(v), 'median diff', round(statistics.median(v),2), 'sum diff', round(sum(v)))
for i in range(3):
    x=[A[k][i] for k in A]; y=[B[k][i] for k in B]
    print('pass',i+1, round(statistics.median(x),2), round(statistics.median(y),2), round(sum(x)), round(sum(y)))
