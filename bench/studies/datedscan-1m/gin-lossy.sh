#!/bin/bash
# gin-lossy.sh: PostgreSQL 15.18's GIN index answers fewer rows than match when a prefix's partial-match bitmap no longer fits in
# work_mem (it turns lossy): the same count through the marked index at 4 MB, at 64 MB, and without a bitmap (the dates' index,
# q checked on each row). On the 1M bench database (bench/run.sh --articles 1000000 --prepare-only). ADR 0034, datedscan.
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-55432} PGUSER=${PGUSER:-articles} PGPASSWORD=${PGPASSWORD:-articles} PGDATABASE=${PGDATABASE:-articles_bench_1000000}
Q="'citt' & ( 'citt':* | 'citta':* ) & ( 'config italian' | 'config spanish' )"
COUNT="SELECT count(*) FROM articles a WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
  AND a.published_at < '2022-01-01' AND articles_search_matches(a.search_vector, a.language, \$\$$Q\$\$::tsquery)"
for s in "work_mem = '4MB'" "work_mem = '64MB'" "enable_bitmapscan = off"; do
  echo "$s: $(psql -qAtc "SET $s; $COUNT")"
done
# The failing shape: one lexeme whole and as a prefix in one conjunction, with an `or` beside it. Counted right: without the `or`.
Q="'citt' & 'citt':*"
COUNT="SELECT count(*) FROM articles a WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
  AND a.published_at < '2022-01-01' AND articles_search_matches(a.search_vector, a.language, \$\$$Q\$\$::tsquery)"
echo "$Q, work_mem = '4MB': $(psql -qAtc "SET work_mem = '4MB'; $COUNT")"
