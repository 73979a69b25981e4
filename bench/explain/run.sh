#!/usr/bin/env bash
# EXPLAIN ANALYZE of the statements behind the scenarios that depend on their values (search, tag,
# authors), with the values a request binds, planned as the API's custom-plan pool plans them (custom
# plans, no parallel workers), in one warm session. Prints one line per statement: planning and execution
# time (median of 5 runs after one warm-up) and the first plan nodes.
#   bench/explain/run.sh articles_bench_1000000 > bench/results/explain-1000000.md
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DB="${1:?database name}"
cd "$ROOT"
# A tsquery's & must stay itself in the ${sql//@name/value} substitutions below (bash 5.2 would insert the match).
shopt -u patsub_replacement 2>/dev/null || true
tag="$(psql -X -q -t -A -d "$DB" -c "SELECT t.slug FROM tags t JOIN article_tags x ON x.tag_id = t.id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1")"
rare_tag="$(psql -X -q -t -A -d "$DB" -c "SELECT t.slug FROM tags t JOIN article_tags x ON x.tag_id = t.id GROUP BY t.slug ORDER BY count(*), t.slug LIMIT 1")"
explain() { # label sql-file substitutions...
    local label="$1" file="$2"; shift 2
    local sql; sql="$(sed -e 's/;[[:space:]]*$//' "bench/sql/$file.sql")"
    local kv; for kv in "$@"; do sql="${sql//@${kv%%=*}/${kv#*=}}"; done
    # One session, as a pooled API connection is: a new backend's first parse with the 29 text-search
    # configurations loads their dictionaries (~4 ms of planning that a warm connection does not pay).
    local runs=() i plans plan
    for i in 0 1 2 3 4 5; do runs+=(-c "EXPLAIN (ANALYZE, FORMAT JSON) $sql"); done
    plans="$(psql -X -q -t -A -d "$DB" -c "SET plan_cache_mode = force_custom_plan" -c "SET max_parallel_workers_per_gather = 0" "${runs[@]}")"
    plan="$(jq -c -s '.[-1]' <<<"$plans")"
    local mid; mid="$(jq -r -s '.[1:][] | .[0] | "\(.["Planning Time"]) \(.["Execution Time"])"' <<<"$plans" | sort -t' ' -k2 -n | sed -n 3p)"
    printf '| %s | %s | %s | %s |\n' "$label" "${mid% *}" "${mid#* }" "$(jq -r '.[0].Plan | [.. | objects | select(has("Node Type")) | .["Node Type"] + (if .["Index Name"] then " " + .["Index Name"] else "" end)] | .[0:4] | join(" → ")' <<<"$plan")"
}
now="now()"
echo "| Statement | planning ms | execution ms | plan (first nodes) |"
echo "|---|---:|---:|---|"
query() { # term, 1 (parsed) or 2 (marked) → the tsquery literal the API reads first (search-query.sql) and binds
    printf '$q$%s$q$::tsquery' "$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries('$1'))[$2]")"
}
for term in trattato ossezia treaty svalbard; do
    explain "search \`$term\` (relevance)" page-search "search_Parsed=$(query "$term" 1)" "search_Marked=$(query "$term" 2)" "query_Q='$term'" "now=$now" "p6=21" "p=200"
done
for term in zanzibar trattato; do
    explain "search \`$term\` (by date)" page-search-date "search_Parsed=$(query "$term" 1)" "search_Marked=$(query "$term" 2)" "query_Q='$term'" "now=$now" "p=21"
done
for t in "$tag" "$rare_tag"; do
    id="$(psql -X -q -t -A -d "$DB" -c "SELECT id FROM tags WHERE slug = '$t'")"
    explain "tag \`$t\`" page-tag "ids_Tags='{$id}'::uuid[]" "now=$now" "p=21"
done
explain "authors (page 1)" authors "dueScheduled='{}'::uuid[]" "p=21"
explain "due scheduled" due-scheduled "now=$now"
