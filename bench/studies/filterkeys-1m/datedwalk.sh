#!/bin/bash
# datedwalk.sh [DB]: the date walk of `russland&publishedBefore=2024-01-01` by relevance (its 100 newest matches), q checked
# through the marked query (today's walk) against the own walk (ArticleSearch.MatchesOwn with the five configurations articles
# are written in at 1M; all 29 cost the same), five times each, alternating, no parallel workers, no JIT (ADR 0034, datedwalk).
DB=${1:-articles_bench_1000000}
export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=articles PGPASSWORD=articles
M=$(psql -d $DB -Atc "SELECT (articles_search_queries('russland'))[2]")
W="a.deleted_at IS NULL AND a.status IN ('published','scheduled') AND a.published_at IS NOT NULL AND a.published_at <= now() AND a.published_at < '2024-01-01'"
O="ORDER BY a.published_at DESC, a.id DESC LIMIT 100"
psql -d $DB <<SQL | grep -E "Time"
SET jit = off; SET max_parallel_workers_per_gather = 0;
PREPARE marked AS SELECT count(*) FROM (SELECT a.id FROM articles a WHERE $W AND articles_search_matches(a.search_vector, a.language, \$\$${M}\$\$::tsquery) $O) s;
PREPARE own AS SELECT count(*) FROM (SELECT a.id FROM articles a WHERE $W AND articles_search_matches_own(a.search_vector, a.language,
    ARRAY['articles_german','articles_italian','articles_english','articles_spanish','articles_french'], ARRAY['''russland'':*','''russland'':*','''russland'':*','''russland'':*','''russland'':*']::tsquery[]) $O) s;
\timing on
EXECUTE marked; EXECUTE own; EXECUTE marked; EXECUTE own; EXECUTE marked; EXECUTE own; EXECUTE marked; EXECUTE own; EXECUTE marked; EXECUTE own;
SQL
