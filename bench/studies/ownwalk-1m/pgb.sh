#!/bin/bash
# pgb.sh SCRIPT MODE N: one of this folder's statements for `trattato` (1M), prepared, one client, N times; MODE custom (the API's
# custom-plan pool) or generic. Prints pgbench's average latency (planning included for custom).
cd "$(dirname "$0")"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-55432} PGUSER=${PGUSER:-articles} PGPASSWORD=${PGPASSWORD:-articles}
DB=${DB:-articles_bench_1000000}
P1="'trat':* | 'trattato':* | 'tratt':* | 'trattato':* | 'trattat':* | 'trattato':* | 'trattato':*"
P2="'trat' | 'tratt' | 'trattat' | 'trattato'"
M=$(psql -X -At -d $DB -c "select (articles_search_queries('trattato'))[2]")
./own-env.py "$M" > /dev/null && source ./own.env
case $2 in custom) o="-c plan_cache_mode=force_custom_plan";; generic) o="-c plan_cache_mode=force_generic_plan";; esac
PGOPTIONS="-c max_parallel_workers_per_gather=0 -c jit=off $o" pgbench -n -M prepared -c 1 -t $3 -f $1 -D n=100 -D take=21 \
  -D now="2026-12-06 08:00:00" -D p1="$P1" -D p2="$P2" -D p1d="'trat':* | 'trattato':* | 'tratt':* | 'trattat':*" -D m="$M" \
  -D configs="$CONFIGS" -D parses="$PARSES" $DB 2>&1 | grep -E "latency average"
