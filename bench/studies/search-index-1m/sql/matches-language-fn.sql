-- The migration's functions under searchidx_ names, for articles_bench_1000000 (whose schema predates SearchAsReadersTypeHsearchtype).
CREATE OR REPLACE FUNCTION searchidx_prefix(q text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN q ~ '(^|\s)[[:alnum:]]{3,}$' AND (length(q) - length(replace(q, '"', ''))) % 2 = 0
    THEN substring(q FROM '[[:alnum:]]+$') END;
CREATE OR REPLACE FUNCTION searchidx_parse(config regconfig, q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
    SELECT CASE
        WHEN p.last = '' OR right(p.whole, length(p.last)) <> p.last
            OR starts_with('config ', btrim(p.last, '''')) OR starts_with('config ', btrim(split_part(p.raw, ':', 1), '''')) THEN p.whole
        ELSE left(p.whole, length(p.whole) - length(p.last)) || '(' || p.last || ':*'
            || CASE WHEN p.raw IN ('', p.last || ':*') THEN '' ELSE ' | ' || p.raw END || ')'
        END::tsquery
    FROM (SELECT websearch_to_tsquery(config, q)::text AS whole,
                 coalesce(websearch_to_tsquery(config, w)::text, '') AS last,
                 coalesce(to_tsquery('articles_simple', w || ':*')::text, '') AS raw
          FROM (SELECT searchidx_prefix(q) AS w) AS x) AS p);
CREATE OR REPLACE FUNCTION searchidx_matches_language(vector tsvector, language text, filtered text, q text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN articles_search_config(language) = articles_search_config(filtered)
    AND vector @@ searchidx_parse(articles_search_config(filtered), q)
    AND articles_search_reads_vector(language) IS NOT UNKNOWN;
