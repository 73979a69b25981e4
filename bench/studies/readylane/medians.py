import collections,statistics
d=collections.defaultdict(list); load=[]
rows=[l.split('\t') for l in open('bench/studies/readylane/results-10000-readylane.tsv') if l.strip()]
for s,v,rps,req,cpu,non,ld in rows:
    d[(s,v)].append((float(rps),float(cpu))); load.append(float(ld))
sc=["by-slug","author-read","tag-read","authors","authors-by-count","sitemap-index","sitemap-authors","sitemap-month","front"]
print("load %.0f-%.0f"%(min(load),max(load)))
print("| scenario | main API CPU | branch API CPU | raw CPU | raw÷branch (CPU) | raw÷main (CPU) | branch÷raw req/s | n |")
for s in sc:
    m=lambda v,i: statistics.median([x[i] for x in d[(s,v)]])
    print("| %s | %.3f | %.3f | %.3f | %.2f | %.2f | %.2f (%.0f / %.0f) | %d |"%(s,m('base',1),m('branch',1),m('raw',1),m('raw',1)/m('branch',1),m('raw',1)/m('base',1),m('branch',0)/m('raw',0),m('branch',0),m('raw',0),len(d[(s,'branch')])))
for f in ["floor-raw","floor-fe","floor-fedb","live"]:
    print(f, "floor API", [x[1] for x in d[(f,'floor')]])
print("live raw", [x[1] for x in d[("live",'raw')]])
