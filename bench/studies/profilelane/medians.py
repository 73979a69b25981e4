import collections,statistics,sys
# Helper profilelane's copy of readylane's medians.py: the results file as argument, the scenarios found in it.
d=collections.defaultdict(list); load=[]
rows=[l.split('\t') for l in open(sys.argv[1] if len(sys.argv) > 1 else 'bench/studies/profilelane/results-10000-profilelane.tsv') if l.strip()]
for s,v,rps,req,cpu,non,ld in rows:
    d[(s,v)].append((float(rps),float(cpu))); load.append(float(ld))
sc=list(dict.fromkeys(r[0] for r in rows if (r[0], "branch") in d))
print("load %.0f-%.0f"%(min(load),max(load)))
print("| scenario | main API CPU | branch API CPU | raw CPU | raw÷branch (CPU) | raw÷main (CPU) | branch÷raw req/s | n |")
for s in sc:
    m=lambda v,i: statistics.median([x[i] for x in d[(s,v)]])
    print("| %s | %.3f | %.3f | %.3f | %.2f | %.2f | %.2f (%.0f / %.0f) | %d |"%(s,m('base',1),m('branch',1),m('raw',1),m('raw',1)/m('branch',1),m('raw',1)/m('base',1),m('branch',0)/m('raw',0),m('branch',0),m('raw',0),len(d[(s,'branch')])))
