#!/usr/bin/env bash
# Revisions 2..10 of every article as copies of its revision 1 ('updated', one hour apart, `changed` = {markdown}):
# the same snapshot size as the app's revision 1 (a real edit changes a few members of a whole snapshot).
# (ON CONFLICT: a running API promoting due scheduled articles may have numbered one already.)
# 50,000 articles per statement, each its own transaction; it follows fill1.sh (waits for a range's revision 1)
# and stops when the disk would keep less than MIN_FREE_GB (default 17) free.
#   fill2.sh <database>
set -euo pipefail
min="${MIN_FREE_GB:-17}"
for ((a = ${FROM:-1}; a <= 1000000; a += 50000)); do
  b=$((a + 49999))
  until [ "$(psql -X -Atq -d "$1" -c "SELECT count(*) FROM revcost_ids i JOIN article_revisions r ON r.article_id = i.id AND r.number = 1 WHERE i.n BETWEEN $a AND $b")" = 50000 ]; do sleep 10; done
  free=$(df -BG --output=avail / | tail -1 | tr -dc 0-9)
  if [ "$free" -lt $((min + 2)) ]; then echo "$(date -u +%T) stopping before articles $a..$b: ${free} GB free"; exit 0; fi
  psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "INSERT INTO article_revisions (article_id, number, at, action, changed, snapshot)
    SELECT r.article_id, k, r.at + (k - 1) * interval '1 hour', 'updated', '{markdown}', r.snapshot
    FROM revcost_ids i JOIN article_revisions r ON r.article_id = i.id AND r.number = 1 CROSS JOIN generate_series(2, 10) k
    WHERE i.n BETWEEN $a AND $b ORDER BY r.article_id, k ON CONFLICT DO NOTHING"
  echo "$(date -u +%T) articles $a..$b: 2..10 written, ${free} GB free before"
done
