#!/usr/bin/env bash
# Puts the bench database back: deletes the articles writes.py created (their revisions go with them) and the
# content changes recorded after sequence <seq> (append-only: the trigger is disabled for that statement only),
# then, with --truncate, empties article_revisions (its TRUNCATE trigger likewise) and vacuums it.
#   cleanup.sh <database> <seq> <created-ids-file> [--truncate]
set -euo pipefail
db="$1" seq="$2" ids="$3"
list="$(sed "s/.*/'&'/" "$ids" | paste -sd,)"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<SQL
BEGIN;
${list:+DELETE FROM articles WHERE id IN ($list);}
ALTER TABLE content_changes DISABLE TRIGGER content_changes_append_only;
DELETE FROM content_changes WHERE sequence > $seq;
ALTER TABLE content_changes ENABLE TRIGGER content_changes_append_only;
COMMIT;
SQL
if [ "${4:-}" = --truncate ]; then
  psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "BEGIN" -c "ALTER TABLE article_revisions DISABLE TRIGGER article_revisions_append_only" \
    -c "TRUNCATE article_revisions" -c "ALTER TABLE article_revisions ENABLE TRIGGER article_revisions_append_only" -c "COMMIT" \
    -c "VACUUM ANALYZE article_revisions"
fi
: > "$ids"
