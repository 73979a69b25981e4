\set ON_ERROR_STOP 1
-- After the SearchLanguageMarker migration: does the marker predicate find exactly what the old one did?
-- Recreates the SearchPlans migration's query functions in a scratch schema `old`, then for 30 terms
-- (rare, common, phrase, negation, OR, stop words of one language, accents, no match) compares
--   1. the parsed query that ranks and highlights: old articles_search_query_any(q) against
--      articles_search_queries(q)[1] (text equality);
--   2. the 200 newest matches with a fixed "now" (the relevance window; by-date pages are its prefix):
--      md5 of id/rank in order, old predicate (the any-language union, then the own-language re-check)
--      against articles_search_matches with the marked query.
-- Drops `old` at the end. psql -d articles_bench_1000000 -f 03-identity-after-migration.sql
-- Result (29 Nov 2026, 1M articles): results-identity-after-migration.txt, 30/30 identical in both checks.
-- The SearchPlans migration's query functions (dropped by SearchLanguageMarker), in a scratch schema.
DROP SCHEMA IF EXISTS old CASCADE;
CREATE SCHEMA old;
CREATE FUNCTION old.query(language text, q text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE articles_search_config(language)
    WHEN 'articles_arabic'::regconfig THEN websearch_to_tsquery('articles_arabic'::regconfig, q)
    WHEN 'articles_armenian'::regconfig THEN websearch_to_tsquery('articles_armenian'::regconfig, q)
    WHEN 'articles_basque'::regconfig THEN websearch_to_tsquery('articles_basque'::regconfig, q)
    WHEN 'articles_catalan'::regconfig THEN websearch_to_tsquery('articles_catalan'::regconfig, q)
    WHEN 'articles_danish'::regconfig THEN websearch_to_tsquery('articles_danish'::regconfig, q)
    WHEN 'articles_dutch'::regconfig THEN websearch_to_tsquery('articles_dutch'::regconfig, q)
    WHEN 'articles_english'::regconfig THEN websearch_to_tsquery('articles_english'::regconfig, q)
    WHEN 'articles_finnish'::regconfig THEN websearch_to_tsquery('articles_finnish'::regconfig, q)
    WHEN 'articles_french'::regconfig THEN websearch_to_tsquery('articles_french'::regconfig, q)
    WHEN 'articles_german'::regconfig THEN websearch_to_tsquery('articles_german'::regconfig, q)
    WHEN 'articles_greek'::regconfig THEN websearch_to_tsquery('articles_greek'::regconfig, q)
    WHEN 'articles_hindi'::regconfig THEN websearch_to_tsquery('articles_hindi'::regconfig, q)
    WHEN 'articles_hungarian'::regconfig THEN websearch_to_tsquery('articles_hungarian'::regconfig, q)
    WHEN 'articles_indonesian'::regconfig THEN websearch_to_tsquery('articles_indonesian'::regconfig, q)
    WHEN 'articles_irish'::regconfig THEN websearch_to_tsquery('articles_irish'::regconfig, q)
    WHEN 'articles_italian'::regconfig THEN websearch_to_tsquery('articles_italian'::regconfig, q)
    WHEN 'articles_lithuanian'::regconfig THEN websearch_to_tsquery('articles_lithuanian'::regconfig, q)
    WHEN 'articles_nepali'::regconfig THEN websearch_to_tsquery('articles_nepali'::regconfig, q)
    WHEN 'articles_norwegian'::regconfig THEN websearch_to_tsquery('articles_norwegian'::regconfig, q)
    WHEN 'articles_portuguese'::regconfig THEN websearch_to_tsquery('articles_portuguese'::regconfig, q)
    WHEN 'articles_romanian'::regconfig THEN websearch_to_tsquery('articles_romanian'::regconfig, q)
    WHEN 'articles_russian'::regconfig THEN websearch_to_tsquery('articles_russian'::regconfig, q)
    WHEN 'articles_serbian'::regconfig THEN websearch_to_tsquery('articles_serbian'::regconfig, q)
    WHEN 'articles_spanish'::regconfig THEN websearch_to_tsquery('articles_spanish'::regconfig, q)
    WHEN 'articles_swedish'::regconfig THEN websearch_to_tsquery('articles_swedish'::regconfig, q)
    WHEN 'articles_tamil'::regconfig THEN websearch_to_tsquery('articles_tamil'::regconfig, q)
    WHEN 'articles_turkish'::regconfig THEN websearch_to_tsquery('articles_turkish'::regconfig, q)
    WHEN 'articles_yiddish'::regconfig THEN websearch_to_tsquery('articles_yiddish'::regconfig, q)
    WHEN 'articles_simple'::regconfig THEN websearch_to_tsquery('articles_simple'::regconfig, q)
END;
CREATE FUNCTION old.query_any(q text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (SELECT coalesce(string_agg(DISTINCT '(' || parse::text || ')', ' | '), '')::tsquery
        FROM unnest(ARRAY[
        websearch_to_tsquery('articles_arabic'::regconfig, q),
        websearch_to_tsquery('articles_armenian'::regconfig, q),
        websearch_to_tsquery('articles_basque'::regconfig, q),
        websearch_to_tsquery('articles_catalan'::regconfig, q),
        websearch_to_tsquery('articles_danish'::regconfig, q),
        websearch_to_tsquery('articles_dutch'::regconfig, q),
        websearch_to_tsquery('articles_english'::regconfig, q),
        websearch_to_tsquery('articles_finnish'::regconfig, q),
        websearch_to_tsquery('articles_french'::regconfig, q),
        websearch_to_tsquery('articles_german'::regconfig, q),
        websearch_to_tsquery('articles_greek'::regconfig, q),
        websearch_to_tsquery('articles_hindi'::regconfig, q),
        websearch_to_tsquery('articles_hungarian'::regconfig, q),
        websearch_to_tsquery('articles_indonesian'::regconfig, q),
        websearch_to_tsquery('articles_irish'::regconfig, q),
        websearch_to_tsquery('articles_italian'::regconfig, q),
        websearch_to_tsquery('articles_lithuanian'::regconfig, q),
        websearch_to_tsquery('articles_nepali'::regconfig, q),
        websearch_to_tsquery('articles_norwegian'::regconfig, q),
        websearch_to_tsquery('articles_portuguese'::regconfig, q),
        websearch_to_tsquery('articles_romanian'::regconfig, q),
        websearch_to_tsquery('articles_russian'::regconfig, q),
        websearch_to_tsquery('articles_serbian'::regconfig, q),
        websearch_to_tsquery('articles_spanish'::regconfig, q),
        websearch_to_tsquery('articles_swedish'::regconfig, q),
        websearch_to_tsquery('articles_tamil'::regconfig, q),
        websearch_to_tsquery('articles_turkish'::regconfig, q),
        websearch_to_tsquery('articles_yiddish'::regconfig, q),
        websearch_to_tsquery('articles_simple'::regconfig, q)
        ]) AS parse WHERE parse::text <> '');
CREATE TEMP TABLE terms(q text);
INSERT INTO terms VALUES ('ossezia'), ('svalbard'), ('zanzibar'), ('trattato'), ('treaty'), ('paz'), ('kaliningrad'), ('svalbard or ossezia'), ('ministro -governo'), ('"stato trattati"'), ('perché'), ('perche'), ('governo italiano'), ('the'), ('intelligence agenzia'), ('Mosca'), ('moscow sanctions'), ('città'), ('-governo'), ('servizi segreti'), ('agenzia di stampa'), ('il'), ('and'), ('ukraine war'), ('guerra OR pace'), ('Trump''s'), ('e-mail'), ('2024'), ('über'), ('ľudia');
SET plan_cache_mode = force_custom_plan;
SET statement_timeout = 0;
\echo 1. the parsed query (rank, highlight) is the one the old function built
SELECT q, old.query_any(q)::text = (articles_search_queries(q))[1]::text AS parsed_identical FROM terms;
\echo 2. the 200 newest matches by both predicates (old: the union, then the own-language re-check)
CREATE FUNCTION pg_temp.newest(q text, marked boolean) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r text; BEGIN
  IF marked THEN
    SELECT md5(string_agg(id::text || '/' || ts_rank_cd(search_vector, (articles_search_queries(q))[1], 1)::text, ',' ORDER BY published_at DESC, id DESC)) INTO r FROM (
      SELECT id, published_at, search_vector FROM articles a
      WHERE deleted_at IS NULL AND status IN ('published','scheduled') AND published_at <= '2026-11-29 03:00+00'
        AND articles_search_matches(a.search_vector, a.language, (articles_search_queries(q))[2])
      ORDER BY published_at DESC, id DESC LIMIT 200) s;
  ELSE
    -- the union through the new index (every row carries exactly one marker), then the old re-check
    SELECT md5(string_agg(id::text || '/' || ts_rank_cd(search_vector, old.query_any(q), 1)::text, ',' ORDER BY published_at DESC, id DESC)) INTO r FROM (
      SELECT id, published_at, search_vector FROM articles a
      WHERE deleted_at IS NULL AND status IN ('published','scheduled') AND published_at <= '2026-11-29 03:00+00'
        AND (a.search_vector || articles_search_marker(a.language)) @@ (old.query_any(q) && '''config arabic'' | ''config armenian'' | ''config basque'' | ''config catalan'' | ''config danish'' | ''config dutch'' | ''config english'' | ''config finnish'' | ''config french'' | ''config german'' | ''config greek'' | ''config hindi'' | ''config hungarian'' | ''config indonesian'' | ''config irish'' | ''config italian'' | ''config lithuanian'' | ''config nepali'' | ''config norwegian'' | ''config portuguese'' | ''config romanian'' | ''config russian'' | ''config serbian'' | ''config spanish'' | ''config swedish'' | ''config tamil'' | ''config turkish'' | ''config yiddish'' | ''config simple'''::tsquery)
        AND a.search_vector @@ old.query(a.language, q)
      ORDER BY published_at DESC, id DESC LIMIT 200) s;
  END IF;
  RETURN r; END $f$;
SELECT q, pg_temp.newest(q, false) IS NOT DISTINCT FROM pg_temp.newest(q, true) AS newest_200_identical, pg_temp.newest(q, true) IS NULL AS none FROM terms;
DROP SCHEMA old CASCADE;
