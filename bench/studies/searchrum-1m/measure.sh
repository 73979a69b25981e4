#!/usr/bin/env bash
# Median EXPLAIN (ANALYZE, BUFFERS) of SQL files in one warm session (custom plans, no parallel workers):
# (MEASURE_SET="SET …" adds one setting to the session) one warm-up then 5 runs; prints label, planning ms, execution ms (median), shared buffers, first plan nodes.
#   measure.sh DB label file.sql term[#lang] [label file.sql term ...]   (lang: @lang, the language filtered on, default it)
# In a file, @rumk (keyed.py: SearchKeys' keyed query), @rumq / @rumq_it (searchrum_query(term) / searchrum_query(term, lang): the keyed query of sql/keyed-fn.sql), @parsed / @marked / @parses (searchidx_parses(term): one parse per configuration) / @articles (the table as a UNION ALL of one branch per distinct parse) / @newest (each branch's 200 newest matches, UNION ALL) / @present (the same, one branch per partial index searchidx_<config>) / @keyed / @q / @now are replaced by the tsquery literals articles_search_queries(term)
# (and articles_search_keyed_query, sql/build-keyed.sql) give,
# the term itself and now().
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true
DB="$1"; shift
echo "| statement | term | planning ms | execution ms (median of 5) | shared buffers | plan (first nodes) |"
echo "|---|---|---:|---:|---:|---|"
while [ $# -ge 3 ]; do
    label="$1" file="$2" term="$3"; shift 3
    lang=it; if [[ "$term" == *#* ]]; then lang="${term#*#}"; term="${term%%#*}"; fi   # term#xx: the language filtered on (@lang)
    parsed="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries(\$t\$$term\$t\$))[1]")"
    marked="$(psql -X -q -t -A -d "$DB" -c "SELECT (articles_search_queries(\$t\$$term\$t\$))[2]")"
    sql="$(sed -e 's/;[[:space:]]*$//' "$file")"
    sql="${sql//@parsed/\$p\$$parsed\$p\$::tsquery}"; sql="${sql//@marked/\$m\$$marked\$m\$::tsquery}"
    if [[ "$sql" == *@parses* ]]; then
        parses="$(psql -X -q -t -A -d "$DB" -c "SELECT searchidx_parses(\$t\$$term\$t\$)")"
        sql="${sql//@parses/\$a\$$parses\$a\$::tsquery[]}"
    fi
    if [[ "$sql" == *@articles* ]]; then
        # articles as the UNION ALL of one branch per distinct parse of the term: rows of the configurations that parse it so,
        # matching that parse (the plain GIN index answers it, the configuration is a heap column's function)
        union="$(psql -X -q -t -A -d "$DB" -c "SELECT '(' || string_agg(format('SELECT * FROM articles WHERE search_vector @@ %L::tsquery AND articles_search_config(language) = ANY (%L::regconfig[])', p, c), ' UNION ALL ') || ')' FROM (SELECT p, array_agg(cfg ORDER BY cfg)::text AS c FROM (SELECT cfg, websearch_to_tsquery(cfg::regconfig, \$t\$$term\$t\$)::text AS p FROM (SELECT cfgname::text AS cfg FROM pg_ts_config WHERE cfgname LIKE 'articles\\_%') AS x) AS y WHERE p <> '' GROUP BY p) AS g")"
        sql="${sql//@articles/$union}"
    fi
    if [[ "$sql" == *@newest* ]]; then
        # the 200 newest matches as a UNION ALL of each branch's 200 newest (the window pushed into every branch)
        union="$(psql -X -q -t -A -d "$DB" -c "SELECT string_agg(format('(SELECT b.id, b.published_at FROM articles AS b WHERE b.deleted_at IS NULL AND b.status IN (''published'', ''scheduled'') AND b.published_at IS NOT NULL AND b.published_at <= now() AND b.search_vector @@ %L::tsquery AND articles_search_config(b.language) = ANY (%L::regconfig[]) ORDER BY b.published_at DESC, b.id DESC LIMIT @limit)', p, c), ' UNION ALL ') FROM (SELECT p, array_agg(cfg ORDER BY cfg)::text AS c FROM (SELECT cfg, websearch_to_tsquery(cfg::regconfig, \$t\$$term\$t\$)::text AS p FROM (SELECT cfgname::text AS cfg FROM pg_ts_config WHERE cfgname LIKE 'articles\\_%') AS x) AS y WHERE p <> '' GROUP BY p) AS g")"
        sql="${sql//@newest/$union}"
    fi
    if [[ "$sql" == *@present* ]]; then
        # each branch's 200 newest matches, one branch per configuration that has a partial index searchidx_<config>
        # (the configurations articles are written in), answered by that index alone
        union="$(psql -X -q -t -A -d "$DB" -c "SELECT string_agg(format('(SELECT b.id, b.published_at FROM articles AS b WHERE b.deleted_at IS NULL AND b.status IN (''published'', ''scheduled'') AND b.published_at IS NOT NULL AND b.published_at <= now() AND articles_search_config(b.language) = %L::regconfig AND b.search_vector @@ %L::tsquery ORDER BY b.published_at DESC, b.id DESC LIMIT @limit)', cfg, websearch_to_tsquery(cfg::regconfig, \$t\$$term\$t\$)), ' UNION ALL ') FROM (SELECT 'articles_' || substr(indexname, 11) AS cfg FROM pg_indexes WHERE tablename = 'articles' AND indexname LIKE 'searchidx\\_%') AS x")"
        sql="${sql//@present/$union}"
    fi
    if [[ "$sql" == *@keyed* ]]; then
        keyed="$(psql -X -q -t -A -d "$DB" -c "SELECT articles_search_keyed_query(\$t\$$term\$t\$)")"
        sql="${sql//@keyed/\$k\$$keyed\$k\$::tsquery}"
    fi
    if [[ "$sql" == *@rumk* ]]; then
        # search1m: the keyed query as SearchKeys builds it in the API (keyed.py: the side table's configurations only)
        rk="$("$(cd "$(dirname "$0")" && pwd)/keyed.py" "$DB" "$term")"
        sql="${sql//@rumk/\$r\$$rk\$r\$::tsquery}"
    fi
    if [[ "$sql" == *@rumq_it* ]]; then
        rq="$(psql -X -q -t -A -d "$DB" -c "SELECT searchrum_query(\$t\$$term\$t\$, '$lang')")"
        sql="${sql//@rumq_it/\$r\$$rq\$r\$::tsquery}"
    fi
    if [[ "$sql" == *@rumq* ]]; then
        rq="$(psql -X -q -t -A -d "$DB" -c "SELECT searchrum_query(\$t\$$term\$t\$)")"
        sql="${sql//@rumq/\$r\$$rq\$r\$::tsquery}"
    fi
    lim=200; [[ "$file" == *date* ]] && lim=21
    sql="${sql//@limit/$lim}"
    sql="${sql//@lang/$lang}"
    sql="${sql//@q/\$t\$$term\$t\$}"; sql="${sql//@now/now()}"
    if [ -n "${MEASURE_PRINT_SQL:-}" ]; then printf '%s\n' "$sql"; continue; fi
    runs=(); for i in 0 1 2 3 4 5; do runs+=(-c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) $sql"); done
    plans="$(psql -X -q -t -A -d "$DB" -c "SET plan_cache_mode = force_custom_plan" -c "SET max_parallel_workers_per_gather = 0" -c "SET statement_timeout = '60s'" -c "SET jit = off" ${MEASURE_SET:+-c "$MEASURE_SET"} "${runs[@]}")"
    mid="$(jq -r -s '.[1:][] | .[0] | "\(.["Planning Time"]) \(.["Execution Time"])"' <<<"$plans" | sort -t' ' -k2 -n | sed -n 3p)"
    last="$(jq -c -s '.[-1]' <<<"$plans")"
    bufs="$(jq -r '.[0].Plan | (.["Shared Hit Blocks"] + .["Shared Read Blocks"])' <<<"$last")"
    nodes="$(jq -r '.[0].Plan | [.. | objects | select(has("Node Type")) | .["Node Type"] + (if .["Index Name"] then " " + .["Index Name"] else "" end)] | .[0:5] | join(" → ")' <<<"$last")"
    printf '| %s | `%s` | %s | %s | %s | %s |\n' "$label" "$term" "${mid% *}" "${mid#* }" "$bufs" "$nodes"
done
