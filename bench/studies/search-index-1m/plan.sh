#!/bin/bash
# plan.sh DB FUNC TERM: median planning ms of 7 EXPLAINs in one session (after 1 warm-up)
DB=$1 F=$2 T=$3; TMP=$(mktemp)
P=$(psql -X -At -d $DB -c "select searchidx_parses('$T')")
M=$(psql -X -At -d $DB -c "select (articles_search_queries('$T'))[2]")
if [ "$F" = marker ]; then W="articles_search_matches(a.search_vector, a.language, \$m\$$M\$m\$::tsquery)"; else W="$F(a.search_vector, a.language, \$a\$$P\$a\$::tsquery[])"; fi
Q="SELECT a.id FROM articles AS a WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= now() AND $W ORDER BY a.published_at DESC, a.id DESC LIMIT 200"
for i in 0 1 2 3 4 5 6 7; do echo "EXPLAIN (SUMMARY, FORMAT JSON) $Q;"; done > "$TMP"
psql -X -q -At -d $DB -c "SET max_parallel_workers_per_gather = 0" -f "$TMP" | jq -s '.[1:] | map(.[0]["Planning Time"]) | sort | .[3]'
rm -f "$TMP"
