#!/usr/bin/env bash
# The worst searches within the limits, as the API sends them (default sort = relevance, limit 20, no language
# filter; highlights cut in the API, ADR 0048): the parse of q plus the page, planning + execution, EXPLAIN
# (ANALYZE, BUFFERS, TIMING OFF) in one warm session as the custom-plan pool runs them (force_custom_plan, no
# parallel workers, jit off); one warm-up round, then RUNS rounds, every query once per round; median round per query.
# The ratio is to the first row (a one-word search). READ-ONLY.
# With an exclusion (`-word`), the page reads the EXCLUSION_WINDOW (default 1000, SearchLimits.ExclusionWindow) newest
# matches of q without its exclusions first, then q; EXCLUSION_WINDOW=0 measures the SQL before (q over the whole table).
#   bench/studies/search-worst-1m/measure.sh [database] [queries.tsv] > results.md
# Connection: PGHOST/PGPORT/PGUSER/PGPASSWORD, or ConnectionStrings__Articles (Npgsql syntax).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DB="${1:-articles_bench_1000000}"
QUERIES="${2:-$HERE/queries.tsv}"
RUNS="${RUNS:-5}"
WINDOW="${EXCLUSION_WINDOW:-1000}"
if [ -n "${ConnectionStrings__Articles:-}" ] && [ -z "${PGHOST:-}" ]; then
    cs() { tr ';' '\n' <<<"$ConnectionStrings__Articles" | sed -n "s/^ *$1 *= *//Ip" | head -n 1; }
    export PGHOST="$(cs host)" PGPORT="$(cs port)" PGUSER="$(cs username)" PGPASSWORD="$(cs password)"
fi
for tool in psql jq; do command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }; done
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
lit() { printf '$lit$%s$lit$' "$1"; }
page_sql() { # parsed marked exact [included-marked]
    local source="articles" visible="a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= now()"
    [ -n "${4:-}" ] && source="(SELECT a.* FROM articles AS a WHERE $visible AND articles_search_matches(a.search_vector, a.language, $(lit "$4")::tsquery) ORDER BY a.published_at DESC, a.id DESC LIMIT $WINDOW)"
    local rank="articles_search_rank(a0.search_vector, $(lit "$1")::tsquery)"
    [ "$1" != "$3" ] && rank="$rank + articles_search_rank(a0.search_vector, $(lit "$3")::tsquery)"
    printf '%s' "SELECT a0.id, a0.slug, a0.title, a0.subtitle, a0.excerpt, a0.language, a0.status, a0.published_at, a0.created_at, a0.updated_at, a0.reading_time_minutes, a0.feature_image_url, $rank AS rank, a0.body_text
FROM (SELECT a.* FROM $source AS a WHERE $visible AND articles_search_matches(a.search_vector, a.language, $(lit "$2")::tsquery) ORDER BY a.published_at DESC, a.id DESC LIMIT 200) AS a0
ORDER BY 13 DESC, a0.id DESC LIMIT 21"
}
echo "Database \`$DB\`; one warm session, $RUNS rounds after a warm-up round, every query once per round; median round per query; ms = parse + page, planning + execution (EXPLAIN ANALYZE, TIMING OFF); buffers = shared hit + read of the page; exclusion window $WINDOW; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| Query | q | estimated matches | ms | buffers | × baseline |"
echo "|---|---|---:|---:|---:|---:|"
labels=() texts=() pages=() parses=() ests=()
while IFS=$'\t' read -r label q; do
    { [ -z "$label" ] || [[ "$label" == \#* ]]; } && continue
    IFS=$'\t' read -r parsed marked exact < <(psql -X -q -t -A -F $'\t' -d "$DB" -c "SELECT s.q[1], s.q[2], s.q[3] FROM (SELECT articles_search_queries($(lit "$q")) AS q) s")
    labels+=("$label") texts+=("$q")
    # q without its exclusions (SearchLimits.WithoutExclusions), when it has one and something is left.
    included="" incmarked=""
    if [ "$WINDOW" != 0 ] && grep -Eq '(^|[[:space:]])"?-' <<<"$q"; then
        included="$(sed -E -e 's/(^|[[:space:]])-("[^"]*("|$)|[^[:space:]]+)/ /g' -e 's/^ +| +$//g' <<<"$q")"
        [ -n "$included" ] && incmarked="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries($(lit "$included")))[2]")"
    fi
    parses+=("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) SELECT articles_search_queries($(lit "$q"));")
    if [ -n "$marked" ]; then
        pages+=("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) $(page_sql "$parsed" "$marked" "$exact" "$incmarked");")
        ests+=("$(psql -X -q -t -A -d "$DB" -c "EXPLAIN (FORMAT JSON) SELECT 1 FROM articles a WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= now() AND articles_search_matches(a.search_vector, a.language, $(lit "$marked")::tsquery)" | jq '.[0].Plan["Plan Rows"]')")
    else pages+=("SELECT '[{\"Planning Time\": 0, \"Execution Time\": 0, \"Plan\": {}}]';"); ests+=(0); fi
done <"$QUERIES"
{
    echo "SET plan_cache_mode = force_custom_plan; SET max_parallel_workers_per_gather = 0; SET jit = off; SET client_min_messages = warning;"
    [ -n "${EXTRA_SET:-}" ] && echo "$EXTRA_SET"
    for round in $(seq 0 "$RUNS"); do
        for i in "${!labels[@]}"; do echo "${parses[$i]}"; echo "${pages[$i]}"; done
    done
} >"$WORK/run.sql"
psql -X -q -t -A -d "$DB" -f "$WORK/run.sql" >"$WORK/out.json"
n=${#labels[@]}; baseline=""
for i in "${!labels[@]}"; do
    read -r total buffers < <(jq -s -r --argjson n "$n" --argjson i "$i" '[.[] | .[0] | [(.["Planning Time"] + .["Execution Time"]), ((.Plan["Shared Hit Blocks"] // 0) + (.Plan["Shared Read Blocks"] // 0))]] as $t
        | [range(1; ($t | length) / (2 * $n)) as $r | [$t[2 * ($r * $n + $i)][0] + $t[2 * ($r * $n + $i) + 1][0], $t[2 * ($r * $n + $i) + 1][1]]]
        | sort_by(.[0]) | .[(length / 2 | floor)] | "\(.[0]) \(.[1])"' "$WORK/out.json")
    [ -z "$baseline" ] && baseline="$total"
    printf '| %s | `%s` | %s | %.2f | %s | %.1f |\n' "${labels[$i]}" "${texts[$i]}" "${ests[$i]}" "$total" "$buffers" "$(jq -n "$total / $baseline")"
done
