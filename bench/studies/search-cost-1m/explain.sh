#!/usr/bin/env bash
# Text EXPLAIN (ANALYZE, BUFFERS) of one SQL file for one term (second run of a warm session): explain.sh DB file.sql term
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true
DB="$1" file="$2" term="$3"
parsed="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries(\$t\$$term\$t\$))[1]")"
marked="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries(\$t\$$term\$t\$))[2]")"
sql="$(sed -e 's/;[[:space:]]*$//' "$file")"
sql="${sql//@parsed/\$p\$$parsed\$p\$::tsquery}"; sql="${sql//@marked/\$m\$$marked\$m\$::tsquery}"
sql="${sql//@q/\$t\$$term\$t\$}"; sql="${sql//@now/now()}"
psql -X -q -d "$DB" -c "SET plan_cache_mode = force_custom_plan" -c "SET max_parallel_workers_per_gather = 0" -o /dev/null -c "EXPLAIN (ANALYZE) $sql" -o /dev/stdout -c "EXPLAIN (ANALYZE, BUFFERS) $sql"
