#!/bin/bash
# sweep-ab.sh: worstcap-1m's sweep (sweep.py run) through two APIs on the 1M database, one after the other in ORDER, each restarted
# first: BASE_DLL on :5133 (application name base) and NEW_DLL on :5132 (new). LIST: the requests (default worstcap's 400;
# results/worst.txt: main's 78 dearest of them and the 20 one-word references). Output: $RUN/sweep-TAG-APP-HHMMSS.tsv.
# API_ENV: settings for both APIs (e.g. "ReadyMade__IntervalSeconds=3600": the ready-made workers polled every 2 s under the same
# application name, their statements counted in whichever request ran; at 1M the feed horizon's DELETE read 14,618 buffers each time).
export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=articles PGPASSWORD=articles PGDATABASE=articles_bench_1000000 RUN=${RUN:-/tmp/filterkeys-run}
ROOT=$(git rev-parse --show-toplevel); W=$ROOT/bench/studies/worstcap-1m; ss=$ROOT/bench/studies/searchside-1m; mkdir -p $RUN
for x in base new; do kill "$(cat $RUN/$x.pid 2>/dev/null)" 2>/dev/null; done; sleep 2
$ss/start.sh $BASE_DLL 5133 base $API_ENV
$ss/start.sh $NEW_DLL 5132 new $API_ENV
for p in 5133 5132; do for i in $(seq 1 90); do curl -sf -o /dev/null "http://127.0.0.1:$p/api/v1/articles?limit=1" && break; sleep 2; done; done; sleep 3
for x in ${ORDER:-base:5133 new:5132}; do
  $W/sweep.py run "http://127.0.0.1:${x#*:}" "${x%:*}" "$(cat $RUN/${x%:*}.pid)" ${LIST:-$W/requests.txt} > $RUN/sweep-${TAG:-x}-${x%:*}-$(date +%H%M%S).tsv 2> $RUN/sweep-${TAG:-x}-${x%:*}.err
  echo "done ${x%:*} $(date +%T)"
done
