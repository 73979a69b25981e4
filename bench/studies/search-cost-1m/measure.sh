#!/usr/bin/env bash
# Median EXPLAIN (ANALYZE, BUFFERS) of SQL files in one warm session (custom plans, no parallel workers):
# (MEASURE_SET="SET …" adds one setting to the session) one warm-up then 5 runs; prints label, planning ms, execution ms (median), shared buffers, first plan nodes.
#   measure.sh DB label file.sql term [label file.sql term ...]
# In a file, @parsed / @marked / @keyed / @q / @now are replaced by the tsquery literals articles_search_queries(term)
# (and articles_search_keyed_query, sql/build-keyed.sql) give,
# the term itself and now().
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true
DB="$1"; shift
echo "| statement | term | planning ms | execution ms (median of 5) | shared buffers | plan (first nodes) |"
echo "|---|---|---:|---:|---:|---|"
while [ $# -ge 3 ]; do
    label="$1" file="$2" term="$3"; shift 3
    parsed="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries(\$t\$$term\$t\$))[1]")"
    marked="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries(\$t\$$term\$t\$))[2]")"
    sql="$(sed -e 's/;[[:space:]]*$//' "$file")"
    sql="${sql//@parsed/\$p\$$parsed\$p\$::tsquery}"; sql="${sql//@marked/\$m\$$marked\$m\$::tsquery}"
    if [[ "$sql" == *@keyed* ]]; then
        keyed="$(psql -X -q -t -A -d "$DB" -c "SELECT articles_search_keyed_query(\$t\$$term\$t\$)")"
        sql="${sql//@keyed/\$k\$$keyed\$k\$::tsquery}"
    fi
    sql="${sql//@q/\$t\$$term\$t\$}"; sql="${sql//@now/now()}"
    runs=(); for i in 0 1 2 3 4 5; do runs+=(-c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) $sql"); done
    plans="$(psql -X -q -t -A -d "$DB" -c "SET plan_cache_mode = force_custom_plan" -c "SET max_parallel_workers_per_gather = 0" -c "SET statement_timeout = '60s'" -c "SET jit = off" ${MEASURE_SET:+-c "$MEASURE_SET"} "${runs[@]}")"
    mid="$(jq -r -s '.[1:][] | .[0] | "\(.["Planning Time"]) \(.["Execution Time"])"' <<<"$plans" | sort -t' ' -k2 -n | sed -n 3p)"
    last="$(jq -c -s '.[-1]' <<<"$plans")"
    bufs="$(jq -r '.[0].Plan | (.["Shared Hit Blocks"] + .["Shared Read Blocks"])' <<<"$last")"
    nodes="$(jq -r '.[0].Plan | [.. | objects | select(has("Node Type")) | .["Node Type"] + (if .["Index Name"] then " " + .["Index Name"] else "" end)] | .[0:5] | join(" → ")' <<<"$last")"
    printf '| %s | `%s` | %s | %s | %s | %s |\n' "$label" "$term" "${mid% *}" "${mid#* }" "$bufs" "$nodes"
done
