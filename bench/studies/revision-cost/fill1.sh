#!/usr/bin/env bash
# Revision 1 ('created', no key) of articles revcost_ids.n in [from, to] by ArticleRevisionLog's own statement
# (revsql.py), 2,000 articles per statement, each batch its own transaction.
#   fill1.sh <database> <from> <to>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
db="$1" from="$2" to="$3" step=2000
{
  python3 "$here/revsql.py"
  for ((a = from; a <= to; a += step)); do
    b=$(( a + step - 1 < to ? a + step - 1 : to ))
    echo "SELECT array_agg(a.id ORDER BY r.n) AS ids, array_agg(a.created_at ORDER BY r.n) AS ats, count(*) AS k
          FROM revcost_ids r JOIN articles a ON a.id = r.id WHERE r.n BETWEEN $a AND $b \\gset"
    echo "EXECUTE rev(:'ids'::uuid[], array_fill('created'::text, ARRAY[:k]), array_fill(NULL::text, ARRAY[:k]), :'ats'::timestamptz[],
          array_fill(NULL::uuid, ARRAY[:k]), array_fill(NULL::uuid, ARRAY[:k]));"
  done
} | psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f -
