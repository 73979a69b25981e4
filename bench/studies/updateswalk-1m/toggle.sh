#!/bin/bash
# toggle.sh: DLL=… [LIST=…] ./toggle.sh — one API build, the public updates index dropped (off) and created (on) in turn,
# an API restarted for each state (its statements planned again), a sweep of LIST each time (default results/top40-list.txt).
# Output: $RUN/sweep-off|on-HHMMSS.tsv; then ../filterkeys-1m/repeat.py summary on each state's files. Needs the superuser's password in .pgdata.
export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=articles PGPASSWORD=articles PGDATABASE=articles_bench_1000000 RUN=${RUN:-/tmp/updateswalk-run}
mkdir -p $RUN
ROOT=$(git rev-parse --show-toplevel); W=$ROOT/bench/studies/worstcap-1m; LIST=${LIST:-$ROOT/bench/studies/updateswalk-1m/results/top40-list.txt}
PW=$(cat $ROOT/.pgdata/superuser-password)
S() { PGPASSWORD=$PW psql -h 127.0.0.1 -p 55432 -U postgres -d articles_bench_1000000 -qAtc "$1"; }
$ROOT/bench/studies/searchside-1m/start.sh ${DLL:?} 5132 new ReadyMade__IntervalSeconds=3600
for i in $(seq 1 90); do curl -sf -o /dev/null "http://127.0.0.1:5132/api/v1/articles?limit=1" && break; sleep 2; done; sleep 3
for x in off on off on off on; do
  if [ $x = off ]; then S "DROP INDEX IF EXISTS ix_articles_public_updated_at_id"; else S "CREATE INDEX IF NOT EXISTS ix_articles_public_updated_at_id ON articles (updated_at DESC, id DESC) WHERE deleted_at IS NULL AND status IN ('published', 'scheduled')"; fi
  S "ANALYZE articles"
  # new plans: a fresh API process per state (its prepared statements planned again)
  kill $(cat $RUN/new.pid); sleep 2
  $ROOT/bench/studies/searchside-1m/start.sh ${DLL:?} 5132 new ReadyMade__IntervalSeconds=3600
  for i in $(seq 1 90); do curl -sf -o /dev/null "http://127.0.0.1:5132/api/v1/articles?limit=1" && break; sleep 2; done; sleep 3
  $W/sweep.py run http://127.0.0.1:5132 new "$(cat $RUN/new.pid)" ${LIST} > $RUN/sweep-$x-$(date +%H%M%S).tsv 2>> $RUN/sweep.err
  echo "done $x $(date +%T)"
done
