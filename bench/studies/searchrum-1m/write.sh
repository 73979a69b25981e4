#!/usr/bin/env bash
# What keeping the side table costs a write: backend CPU (ms per row) of inserting N rows (rolled back) into searchrum_docs
# (RUM + primary key + date index), of computing the keyed vector alone, and (WRITE_ARTICLES=1: a rolled-back UPDATE of the
# bench table itself, not additive) of today's update of an article's title.
set -euo pipefail
DB="$1" N="${2:-200}"
cpu() { psql -X -q -At -d "$DB" <<SQL
SET jit = off;
SELECT pg_backend_pid() AS pid \gset
CREATE TEMP TABLE src AS SELECT id, published_at, language, search_vector FROM articles WHERE status = 'published' ORDER BY id LIMIT $N;
\set t0 \`awk '{print \$14 + \$15}' /proc/:pid/stat\`
\\o /dev/null
BEGIN;
$1;
ROLLBACK;
\\o
\set t1 \`awk '{print \$14 + \$15}' /proc/:pid/stat\`
SELECT round((:t1 - :t0) * 10.0 / $N, 3);
SQL
}
echo "| per row (N=$N, rolled back) | backend CPU ms |"
echo "|---|---:|"
echo "| keyed vector only | $(cpu "SELECT count(searchrum_keyed_vector(search_vector, language)) FROM src")"
echo "| insert into searchrum_docs (RUM + pk + date btree) | $(cpu "INSERT INTO searchrum_docs SELECT gen_random_uuid(), published_at, language, searchrum_keyed_vector(search_vector, language) FROM src")"
[ -z "${WRITE_ARTICLES:-}" ] || echo "| update of articles.title (search_vector regenerated; 29 partial GIN + marker GIN, today) | $(cpu "UPDATE articles AS a SET title = a.title || '' FROM src WHERE a.id = src.id")"
