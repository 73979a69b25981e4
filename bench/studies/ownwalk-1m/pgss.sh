#!/bin/bash
# pgss.sh PORT Q N: N requests of q one at a time, then pg_stat_statements per statement per request
export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=postgres PGPASSWORD=$(cat ${SUPERUSER_PASSWORD_FILE:-.pgdata/superuser-password}) PGDATABASE=articles_bench_1000000
port=$1 q=$2 n=$3
for i in 1 2 3 4 5 6 7 8 9 10; do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/articles?q=$q"; done
psql -X -qAt -c "select pg_stat_statements_reset()" >/dev/null
for i in $(seq 1 $n); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/articles?q=$q"; done
psql -X -P pager=off -c "select round((total_plan_time/$n)::numeric,3) plan_ms, round((total_exec_time/$n)::numeric,3) exec_ms, calls, plans, left(regexp_replace(query,'\s+',' ','g'),110) q from pg_stat_statements where dbid=(select oid from pg_database where datname=current_database()) and calls >= $n/2 order by total_plan_time+total_exec_time desc limit 15" 
psql -X -qAt -c "select 'total per request ms', round(((sum(total_plan_time)+sum(total_exec_time))/$n)::numeric,3), sum(calls)/$n from pg_stat_statements where dbid=(select oid from pg_database where datname=current_database())"
