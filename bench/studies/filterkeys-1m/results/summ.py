import sys, statistics
for f in sys.argv[1:]:
    rows=[l.rstrip("\n").split("\t") for l in open(f) if not l.startswith("#") and l.strip()]
    refs=[float(x[3]) for x in rows if x[0].startswith("ref:")]
    rest=[x for x in rows if not x[0].startswith("ref:")]
    db=sorted(float(x[3]) for x in rest)
    inc=sum(1 for x in rest if "incompleteResults" in x[7])
    ref=statistics.mean(refs)
    print(f"{f}: ref mean {ref:.1f} | n {len(db)} | median {statistics.median(db):.0f} p90 {db[int(0.9*len(db))]:.0f} max {db[-1]:.0f} sum {sum(db):.0f} | incomplete {inc} | over 5x ref {sum(1 for d in db if d>5*ref)} | over 5x 12ms {sum(1 for d in db if d>60)}")
