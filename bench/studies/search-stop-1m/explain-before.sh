#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of main's page statement for q (GIN path, as the API sends it on the custom-plan pool), by relevance
# and newest first, without and with `language=` (en). READ-ONLY. PG* environment for psql; statement_timeout 60 s.
#   bench/studies/search-stop-1m/explain-before.sh per [en]
set -euo pipefail
Q="$1" LANG_="${2:-}"
COLS="a.id, a.published_at, a.search_vector"
if [ -n "$LANG_" ]; then
  WHERE="(a.language = '$LANG_' OR starts_with(a.language, '$LANG_-')) AND articles_search_matches_language(a.search_vector, a.language, '$LANG_', '$Q')"
else
  WHERE="articles_search_matches(a.search_vector, a.language, (articles_search_queries('$Q'))[2])"
fi
psql -X -At <<SQL 2>&1 | grep -v NOTICE
SET plan_cache_mode = force_custom_plan; SET statement_timeout = '60s';
PREPARE rel(tsquery, tsquery, timestamptz) AS
SELECT a0.id, articles_search_rank(a0.search_vector, \$1) + articles_search_rank(a0.search_vector, \$2) AS rank
FROM (SELECT $COLS FROM articles AS a
      WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= \$3
        AND $WHERE
      ORDER BY a.published_at DESC, a.id DESC LIMIT 200) AS a0
ORDER BY 2 DESC, a0.id DESC LIMIT 21;
PREPARE bydate(timestamptz) AS
SELECT a.id FROM articles AS a
WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= \$1 AND $WHERE
ORDER BY a.published_at DESC, a.id DESC LIMIT 21;
\echo '-- relevance'
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) EXECUTE rel((articles_search_queries('$Q'))[1], (articles_search_queries('$Q'))[3], now());
\echo '-- newest first'
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) EXECUTE bydate(now());
SQL
