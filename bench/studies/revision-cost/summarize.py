import sys, re, statistics
# explain.sh's output: one EXPLAIN (ANALYZE, BUFFERS) per write; the first is a warm-up and is not counted.
plans = re.split(r'QUERY PLAN\s*\n', open(sys.argv[1]).read())[1:]
ex, pl, buf, rd = [], [], [], []
for p in plans[1:]:
    ex.append(float(re.search(r'Execution Time: ([\d.]+) ms', p).group(1)))
    pl.append(float(re.search(r'Planning Time: ([\d.]+) ms', p).group(1)))
    top = re.search(r'Buffers: (.*)', p).group(1)
    hit = int((re.search(r'hit=(\d+)', top) or [0, 0])[1]); read = int((re.search(r'read=(\d+)', top) or [0, 0])[1])
    buf.append(hit + read); rd.append(read)
p90 = lambda v: sorted(v)[int(len(v) * .9)]
print(f"n={len(ex)} revision insert: execution median {statistics.median(ex):.3f} ms (p90 {p90(ex):.3f}), "
      f"planning median {statistics.median(pl):.3f} ms, buffers median {statistics.median(buf):.0f} (of them read {statistics.median(rd):.0f})")
