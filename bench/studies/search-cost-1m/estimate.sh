#!/usr/bin/env bash
# What `total=true` answers for a term at 1M: PostgreSQL's row estimate for the request's filters with q's plain
# parses (what SearchTotal reads from EXPLAIN), beside the exact count and the estimate with the marked query.
#   estimate.sh DB term...
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true
DB="$1"; shift
echo "| term | exact count | estimate (plain parses, used) | estimate (marked query) | EXPLAIN ms |"
echo "|---|---:|---:|---:|---:|"
for term in "$@"; do
    parsed="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries(\$t\$$term\$t\$))[1]")"
    marked="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries(\$t\$$term\$t\$))[2]")"
    sql="$(sed -e 's/;[[:space:]]*$//' "$(dirname "$0")/sql/estimate.sql")"; sql="${sql//@now/now()}"
    plain="${sql//@parsed/\$p\$$parsed\$p\$::tsquery}"; withmarks="${sql//@parsed/\$p\$$marked\$p\$::tsquery}"
    count="$(psql -X -q -t -A -d "$DB" -c "SET statement_timeout='120s'" -c "SELECT count(*) FROM ($withmarks) s")"
    est() { psql -X -q -t -A -d "$DB" -c "SET plan_cache_mode = force_custom_plan" -c "EXPLAIN (FORMAT JSON) $1" | jq -r '.[0].Plan["Plan Rows"]'; }
    ms="$(psql -X -q -t -A -d "$DB" -c "EXPLAIN (FORMAT JSON) $plain" -c '\timing on' -c "EXPLAIN (FORMAT JSON) $plain" -c "EXPLAIN (FORMAT JSON) $plain" -c "EXPLAIN (FORMAT JSON) $plain" | grep -o 'Time: [0-9.]*' | awk '{print $2}' | sort -n | sed -n 2p)"
    printf '| `%s` | %s | %s | %s | %s |\n' "$term" "$count" "$(est "$plain")" "$(est "$withmarks")" "$ms"
done
