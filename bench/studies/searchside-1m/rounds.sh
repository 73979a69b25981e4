#!/bin/bash
# rounds.sh ROUNDS [LIST...]: main's build (:5182, ss-main) and this branch's (:5183, ss-new) on the 1M database, both restarted before each
# round (empty parse and highlight caches: every q of the lists is new to them), warmed up, then the rare and the common list
# asked of each, alternating the order; then the same lists again without a restart ("repeated": q parsed before).
# DB CPU from ../searchpage-1m/apicpu.py (net of the background), API CPU from ../search-stop-1m/apicpu.py's columns.
set -u
export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=articles PGPASSWORD=articles PGDATABASE=articles_bench_1000000
export RUN=${RUN:-/work/wt/ss-run}; here=$(cd "$(dirname "$0")" && pwd); sp=$here/../searchpage-1m
restart() { for x in ss-main ss-new; do kill "$(cat $RUN/$x.pid)" 2>/dev/null; done; sleep 2
  $here/start.sh /work/wt/ss-main-bin/ArticlesApi.dll 5182 ss-main; $here/start.sh /work/wt/ss-new-bin/ArticlesApi.dll 5183 ss-new
  for p in 5182 5183; do for i in $(seq 1 90); do curl -sf -o /dev/null "http://127.0.0.1:$p/api/v1/articles?limit=1" && break; sleep 2; done; done; sleep 5; }
one() { # one PORT APP LIST LABEL
  local pid; pid=$(cat $RUN/$2.pid); local a0; a0=$(awk '{print $14+$15}' /proc/$pid/stat)
  local out; out=$(WARMUP=20 "$sp/apicpu.py" "http://127.0.0.1:$1" "$2" articles_bench_1000000 "$3")
  local a1; a1=$(awk '{print $14+$15}' /proc/$pid/stat); local n; n=$(grep -c . "$3")
  echo "$4 | $2 $out API CPU (incl. warm-up and idle) $(( (a1 - a0) * 10 / n )) ms/q | load $(cut -d' ' -f1-3 /proc/loadavg)"; }
rounds=${1:-3}; shift; lists=("${@:-words-rare.txt words-common.txt}"); lists=(${lists[*]})
for r in $(seq 1 "$rounds"); do
  restart
  # Warm both (the statistics read once, JIT) with words measured nowhere else.
  for x in ss-main:5182 ss-new:5183; do WARMUP=20 "$sp/apicpu.py" "http://127.0.0.1:${x#*:}" "${x%:*}" articles_bench_1000000 "$sp/words-band.txt" > /dev/null; done
  if (( r % 2 )); then order="ss-main:5182 ss-new:5183"; else order="ss-new:5183 ss-main:5182"; fi
  for list in "${lists[@]}"; do for x in $order; do one "${x#*:}" "${x%:*}" "$sp/$list" "round $r new q"; done; done
  for list in "${lists[@]}"; do for x in $order; do one "${x#*:}" "${x%:*}" "$sp/$list" "round $r repeated q"; done; done
done
