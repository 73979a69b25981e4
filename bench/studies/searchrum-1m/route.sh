#!/usr/bin/env bash
# The router's input: the planner's row estimate of q's plain parses on articles (what SearchTotal answers beyond 10,000) and of
# the side table's keyed query (without / with the language filter), against the true number of matches, and the planning ms.
set -euo pipefail
DB="$1"; shift
echo "| q | matches (side table, keyed) | estimate, plain parses on articles | planning ms | estimate, keyed (no language) | estimate, keyed (language) |"
echo "|---|---:|---:|---:|---:|---:|"
for t in "$@"; do
    term="${t%%#*}" lang="${t#*#}"; [ "$lang" = "$t" ] && lang=it
    est() { psql -X -q -At -d "$DB" -c "EXPLAIN (FORMAT JSON, SUMMARY) $1" | jq -r ".[0] | \"\(.Plan[\"Plan Rows\"]) \(.[\"Planning Time\"])\""; }
    plain="$(est "SELECT 1 FROM articles WHERE search_vector @@ (articles_search_queries(\$t\$$term\$t\$))[1]")"
    k="$(est "SELECT 1 FROM searchrum_docs WHERE vector @@ searchrum_query(\$t\$$term\$t\$)")"
    kl="$(est "SELECT 1 FROM searchrum_docs WHERE vector @@ searchrum_query(\$t\$$term\$t\$, '$lang')")"
    n="$(psql -X -q -At -d "$DB" -c "SELECT count(*) FROM searchrum_docs WHERE vector @@ searchrum_query(\$t\$$term\$t\$)")"
    printf '| `%s` | %s | %s | %s | %s | %s |\n' "$t" "$n" "${plain% *}" "${plain#* }" "${k% *}" "${kl% *}"
done
