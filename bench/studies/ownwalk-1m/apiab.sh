#!/bin/bash
# apiab.sh ROUNDS (BASE_DLL, NEW_DLL: two Release builds): database CPU per search through the API (apicpu.py, distinct q, one at a time), main's build (:5133) vs this (:5132), restarted each round
export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=articles PGPASSWORD=articles
sp=$(git rev-parse --show-toplevel)/bench/studies/searchpage-1m; ss=$(git rev-parse --show-toplevel)/bench/studies/searchside-1m; export RUN=${RUN:-/tmp/ownwalk-run}
for r in $(seq 1 $1); do
  for x in s12-base s12-new; do kill "$(cat $RUN/$x.pid)" 2>/dev/null; done; sleep 2
  $ss/start.sh $BASE_DLL 5133 s12-base
  $ss/start.sh $NEW_DLL 5132 s12-new
  for p in 5133 5132; do for i in $(seq 1 90); do curl -sf -o /dev/null "http://127.0.0.1:$p/api/v1/articles?limit=1" && break; sleep 2; done; done; sleep 3
  for x in s12-base:5133 s12-new:5132; do WARMUP=20 $sp/apicpu.py "http://127.0.0.1:${x#*:}" "${x%:*}" articles_bench_1000000 $sp/words-band.txt > /dev/null; done
  if (( r % 2 )); then order="s12-base:5133 s12-new:5132"; else order="s12-new:5132 s12-base:5133"; fi
  for list in words-common.txt words-rare.txt; do for x in $order; do
    echo "round $r ${x%:*} $(WARMUP=0 $sp/apicpu.py "http://127.0.0.1:${x#*:}" "${x%:*}" articles_bench_1000000 $sp/$list) load $(cut -d' ' -f1-3 /proc/loadavg)"; done; done
done
