#!/usr/bin/env bash
# 30 writes' revision insert, each in a rolled-back transaction: ArticleRevisionLog's exact statement (revsql.py),
# prepared once, for 30 fixed articles spread over the table (revcost_ids: row_number over id).
#   explain.sh <database> > out.txt && python3 summarize.py out.txt
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
{
  python3 "$here/revsql.py"
  echo "SET max_parallel_workers_per_gather = 0;"
  # one warm-up write, not counted
  for i in 0 $(seq 1 30); do
    n=$(( (i * 33331) % 1000000 + 1 ))
    echo "SELECT id AS aid FROM revcost_ids WHERE n = $n \\gset"
    echo "BEGIN;"
    echo "EXPLAIN (ANALYZE, BUFFERS, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(ARRAY[:'aid']::uuid[], ARRAY['updated'], ARRAY[NULL]::text[], ARRAY[now()], ARRAY[NULL]::uuid[], ARRAY[NULL]::uuid[]);"
    echo "ROLLBACK;"
  done
} | psql -X -q -d "$1" -f -
