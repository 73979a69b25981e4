#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of the SQL behind the public article read, the front page and the revision endpoints,
# as EF Core sent it (sql/*.sql, captured from the API's command log at this commit), 30 runs after one warm-up in
# one session. Prints one table row per statement: median execution and planning ms, median shared buffers, and
# whether any plan node reads article_revisions.
#   reads.sh <database> <public-slug> <article-id-with-revisions>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
db="$1" slug="$2" aid="$3"
ids="$(psql -X -Atq -d "$db" -c "SELECT array_agg(id) FROM (SELECT id FROM articles WHERE deleted_at IS NULL AND status IN ('published', 'scheduled')
    AND published_at IS NOT NULL AND published_at <= now() ORDER BY published_at DESC, id DESC LIMIT 21) s")"
echo "| statement | execution ms (median) | planning ms (median) | shared buffers (median) | reads article_revisions |"
echo "|---|---:|---:|---:|---|"
for f in article article-authors article-tags article-citations article-corrections front front-authors front-tags \
         revisions-article revisions-list revisions-list-summaries revision-read; do
  sql="$(sed -e "s/@now/now()/g; s/@slug/'$slug'/g; s/@take/21/g; s/@ids/'$ids'::uuid[]/g; s/@article_Id/'$aid'::uuid/g;
                 s/@articleId/'$aid'::uuid/g; s/@id\b/'$aid'::uuid/g; s/@p\b/21/g; s/@number/5/g" "$here/sql/$f.sql")"
  runs=(); for i in $(seq 0 30); do runs+=(-c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) $sql"); done
  psql -X -q -t -A -d "$db" -c "SET max_parallel_workers_per_gather = 0" "${runs[@]}" | python3 "$here/planstats.py" "$f"
  case "$f" in revisions-list|revision-read) # EXPLAIN does not fetch TOASTed values it does not send: read each snapshot whole, as the API does
    runs=(); for i in $(seq 0 30); do runs+=(-c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT sum(octet_length(s.snapshot::text)) FROM ($sql) s"); done
    psql -X -q -t -A -d "$db" -c "SET max_parallel_workers_per_gather = 0" "${runs[@]}" | python3 "$here/planstats.py" "$f, snapshots read" ;;
  esac
done
