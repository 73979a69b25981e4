#!/usr/bin/env bash
# Database time of the SQL the API sends for one search (GET /api/v1/articles?q=…, default sort =
# relevance, limit 20): the parse of q (bench/sql/search-query.sql) plus the page (bench/sql/page-search.sql),
# planning + execution, as the custom-plan pool runs them (force_custom_plan, no parallel workers), in one
# warm session, every query once per round (one warm-up round, then RUNS); the median round per query. The authors and tags of
# the page (two more statements) do not depend on q and are left out.
#   bench/studies/search-complexity-100k/measure.sh [database] [queries.tsv] > results.md
# Connection: PGHOST/PGPORT/PGUSER/PGPASSWORD, or ConnectionStrings__Articles (Npgsql syntax).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DB="${1:-articles_bench_100000}"
QUERIES="${2:-$HERE/queries.tsv}"
RUNS="${RUNS:-7}"
if [ -n "${ConnectionStrings__Articles:-}" ] && [ -z "${PGHOST:-}" ]; then
    cs() { tr ';' '\n' <<<"$ConnectionStrings__Articles" | sed -n "s/^ *$1 *= *//Ip" | head -n 1; }
    export PGHOST="$(cs host)" PGPORT="$(cs port)" PGUSER="$(cs username)" PGPASSWORD="$(cs password)"
fi
for tool in psql jq; do command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }; done
psql -X -q -t -A -d "$DB" -c "SELECT 1" >/dev/null
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT

# A dollar-quoted literal; the tag cannot occur in a query or a tsquery (the parser drops '$').
lit() { printf '$lit$%s$lit$' "$1"; }
parse_sql() { sed -e 's/;[[:space:]]*$//' -e "s/@p0/$(lit "$1" | sed 's/[&/\]/\\&/g')/" "$ROOT/bench/sql/search-query.sql"; }
page_sql() { # parsed marked q
    local sql; sql="$(sed -e 's/;[[:space:]]*$//' "$ROOT/bench/sql/page-search.sql")"
    sql="${sql//@query_Q/$(lit "$3")}"
    sql="${sql//@search_Parsed/$(lit "$1")::tsquery}"
    sql="${sql//@search_Marked/$(lit "$2")::tsquery}"
    sql="${sql//@now/now()}"; sql="${sql//@p6/21}"; sql="${sql//@p/200}"
    printf '%s' "$sql"
}
shopt -u patsub_replacement 2>/dev/null || true

echo "Database \`$DB\`, $(psql -X -q -t -A -d "$DB" -c "SELECT count(*) FROM articles") articles; one warm session, $RUNS rounds after a warm-up round, every query once per round (a neighbour's load falls on all of them); median round per query; ms = planning + execution."
echo
echo "| Query | chars | lexemes (marked) | parse ms | page ms | total ms | × baseline |"
echo "|---|---:|---:|---:|---:|---:|---:|"
labels=() texts=() pages=() counts=()
while IFS=$'\t' read -r label q; do
    { [ -z "$label" ] || [[ "$label" == \#* ]]; } && continue
    parsed="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries($(lit "$q")))[1]" 2>/dev/null)"
    marked="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries($(lit "$q")))[2]" 2>/dev/null)"
    counts+=("$(psql -X -q -t -A -d "$DB" -c "SELECT count(*) FROM regexp_matches($(lit "$marked"), '''[^'']+''', 'g')" 2>/dev/null)")
    labels+=("$label") texts+=("$q")
    # Only stop words: the API sends no page query.
    if [ -n "$marked" ]; then pages+=("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) $(page_sql "$parsed" "$marked" "$q");")
    else pages+=("SELECT '[{\"Planning Time\": 0, \"Execution Time\": 0}]';"); fi
done <"$QUERIES"
{
    echo "SET plan_cache_mode = force_custom_plan;"
    echo "SET max_parallel_workers_per_gather = 0;"
    echo "SET client_min_messages = warning;"
    [ -n "${EXTRA_SET:-}" ] && echo "$EXTRA_SET"
    for round in $(seq 0 "$RUNS"); do
        for i in "${!labels[@]}"; do
            echo "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) $(parse_sql "${texts[$i]}");"
            echo "${pages[$i]}"
        done
    done
} >"$WORK/run.sql"
psql -X -q -t -A -d "$DB" -f "$WORK/run.sql" >"$WORK/out.json"
n=${#labels[@]}
baseline=""
for i in "${!labels[@]}"; do
    # Query i of round r: statements 2 (r n + i) (the parse) and the one after it (the page); round 0 warms up.
    read -r parse page total < <(jq -s -r --argjson n "$n" --argjson i "$i" '[.[] | .[0] | (.["Planning Time"] + .["Execution Time"])] as $t
        | [range(1; ($t | length) / (2 * $n)) as $r | [$t[2 * ($r * $n + $i)], $t[2 * ($r * $n + $i) + 1]]]
        | sort_by(.[0] + .[1]) | .[(length / 2 | floor)] | "\(.[0]) \(.[1]) \(.[0] + .[1])"' "$WORK/out.json")
    [ -z "$baseline" ] && baseline="$total"
    printf '| %s | %d | %s | %.2f | %.2f | %.2f | %.1f |\n' "${labels[$i]}" "${#texts[$i]}" "${counts[$i]:-0}" "$parse" "$page" "$total" "$(jq -n "$total / $baseline")"
done
