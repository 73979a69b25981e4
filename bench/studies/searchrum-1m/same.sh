#!/usr/bin/env bash
# Whether two statements answer the same rows in the same order (ids, md5 of the list): same.sh DB a.sql b.sql term[#lang] ...
set -euo pipefail
DB="$1" A="$2" B="$3"; shift 3
HERE="$(cd "$(dirname "$0")" && pwd)"
for t in "$@"; do
    ids() { psql -X -q -At -d "$DB" -c "SELECT md5(string_agg(id::text, ',')) || ' ' || count(*) FROM ($(MEASURE_PRINT_SQL=1 "$HERE/measure.sh" "$DB" x "$1" "$t" | tail -n +3)) AS s"; }
    a="$(ids "$A")" b="$(ids "$B")"
    printf '| `%s` | %s | %s | %s |\n' "$t" "${a#* }" "${b#* }" "$([ "$a" = "$b" ] && echo same || echo DIFFERENT)"
done
