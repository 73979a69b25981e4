#!/usr/bin/env bash
# Database cost of `facets=tag,author,language,source` on a search (Articles/List/Facets.cs), next to the search page
# itself: the statements the API sends (the window of the newest matches' ids and languages, then tags, authors and sources
# counted over those ids), as the custom-plan pool runs them (force_custom_plan, no parallel workers), EXPLAIN (ANALYZE,
# BUFFERS) in one warm session, one warm-up then RUNS runs each; the median run. Read-only.
#   bench/studies/search-facets-1m/measure.sh articles_bench_1000000 "trattato treaty ossezia" "200 1000 10000" > results-1000000.md
# Connection: PGHOST/PGPORT/PGUSER/PGPASSWORD, or ConnectionStrings__Articles (Npgsql syntax).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DB="${1:-articles_bench_1000000}"
TERMS="${2:-trattato treaty ossezia}"
WINDOWS="${3:-200 1000 10000}"
RUNS="${RUNS:-5}"
if [ -n "${ConnectionStrings__Articles:-}" ] && [ -z "${PGHOST:-}" ]; then
    cs() { tr ';' '\n' <<<"$ConnectionStrings__Articles" | sed -n "s/^ *$1 *= *//Ip" | head -n 1; }
    export PGHOST="$(cs host)" PGPORT="$(cs port)" PGUSER="$(cs username)" PGPASSWORD="$(cs password)"
fi
for tool in psql jq; do command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }; done
shopt -u patsub_replacement 2>/dev/null || true
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
lit() { printf '$lit$%s$lit$' "$1"; }
visible="a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= now()"

median() { # label sql → one table row: median planning + execution ms, shared buffers (hit+read), first plan nodes
    local label="$1" sql="$2" i
    { echo "SET plan_cache_mode = force_custom_plan; SET max_parallel_workers_per_gather = 0;"
      for i in $(seq 0 "$RUNS"); do echo "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) $sql;"; done; } >"$WORK/run.sql"
    psql -X -q -t -A -d "$DB" -f "$WORK/run.sql" >"$WORK/plans.json"
    jq -r -s --arg name "$label" '.[1:] | map(.[0] | {p: .["Planning Time"], e: .["Execution Time"], b: (.Plan["Shared Hit Blocks"] + .Plan["Shared Read Blocks"]),
        n: ([.Plan | .. | objects | select(has("Node Type")) | .["Node Type"] + (if .["Index Name"] then " " + .["Index Name"] else "" end)] | .[0:3] | join(" → "))})
        | sort_by(.p + .e) | .[(length / 2 | floor)] | "| \($name) | \(.p) | \(.e) | \((.p + .e) * 100 | round / 100) | \(.b) | \(.n) |"' "$WORK/plans.json"
}

echo "Database \`$DB\`, $(psql -X -q -t -A -d "$DB" -c "SELECT count(*) FROM articles") articles; one warm session, median of $RUNS runs after a warm-up; ms = planning + execution; buffers = shared hit + read of the statement."
echo
echo "| Statement | planning ms | execution ms | total ms | buffers | plan (first nodes) |"
echo "|---|---:|---:|---:|---:|---|"
for term in $TERMS; do
    parsed="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries($(lit "$term")))[1]")"
    marked="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries($(lit "$term")))[2]")"
    matches="$visible AND articles_search_matches(a.search_vector, a.language, $(lit "$marked")::tsquery)"
    count="$(psql -X -q -t -A -d "$DB" -c "SET max_parallel_workers_per_gather = 0; SELECT count(*) FROM articles AS a WHERE $matches" | tail -n 1)"
    # The search page itself (relevance, 200 newest ranked), for scale.
    page="$(sed -e 's/;[[:space:]]*$//' "$ROOT/bench/sql/page-search.sql")"
    page="${page//@search_Parsed/$(lit "$parsed")::tsquery}"; page="${page//@search_Marked/$(lit "$marked")::tsquery}"
    page="${page//@query_Q/$(lit "$term")}"; page="${page//@now/now()}"; page="${page//@p6/21}"; page="${page//@p/200}"
    median "\`$term\` ($count matches): the search page" "$page"
    for window in $WINDOWS; do
        median "\`$term\` window $window: ids" "SELECT a.id, a.language FROM articles AS a WHERE $matches ORDER BY a.published_at DESC, a.id DESC LIMIT $window + 1"
        ids="$(psql -X -q -t -A -d "$DB" -c "SELECT coalesce(array_agg(id), '{}')::text FROM (SELECT a.id FROM articles AS a WHERE $matches ORDER BY a.published_at DESC, a.id DESC LIMIT $window) AS w")"
        ids="'$ids'::uuid[]"
        median "\`$term\` window $window: tags" "SELECT t.slug, COALESCE((SELECT x.name FROM tag_translations AS x WHERE t.id = x.tag_id AND (x.language = '' OR '' LIKE x.language || '-%') ORDER BY length(x.language) DESC LIMIT 1), t.name) AS name, s.count FROM (SELECT a.tag_id, count(*)::int AS count FROM article_tags AS a WHERE a.article_id = ANY ($ids) GROUP BY a.tag_id) AS s JOIN tags AS t ON s.tag_id = t.id ORDER BY s.count DESC, name, t.slug LIMIT 10"
        median "\`$term\` window $window: authors" "SELECT t.slug, t.name, s.count FROM (SELECT a.author_id, count(*)::int AS count FROM article_authors AS a WHERE a.article_id = ANY ($ids) GROUP BY a.author_id) AS s JOIN authors AS t ON s.author_id = t.id ORDER BY s.count DESC, t.name, t.slug LIMIT 10"
        median "\`$term\` window $window: sources" "SELECT t.slug, t.name, s.count FROM (SELECT c.source_id, count(*)::int AS count FROM (SELECT DISTINCT article_id, source_id FROM citations WHERE article_id = ANY ($ids)) AS c GROUP BY c.source_id) AS s JOIN sources AS t ON s.source_id = t.id ORDER BY s.count DESC, t.name, t.slug LIMIT 10"
    done
done
