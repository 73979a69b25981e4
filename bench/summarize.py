import sys,re,statistics
t=open(sys.argv[1]).read()
ex=[float(x) for x in re.findall(r'Execution Time: ([\d.]+) ms',t)]
upd=ex[0::2]; rev=ex[1::2]
print(f"n={len(rev)} update median {statistics.median(upd):.3f} ms (p90 {sorted(upd)[int(len(upd)*.9)]:.3f}); revision insert median {statistics.median(rev):.3f} ms (p90 {sorted(rev)[int(len(rev)*.9)]:.3f})")
