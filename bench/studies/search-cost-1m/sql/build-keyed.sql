-- The GIN alternative to the marker: every lexeme keyed by its article's configuration ('italian ossez'), so that
-- "q in the article's own language" is one posting list per configuration and word, not a word's list ANDed with
-- a marker list that holds half of the table. plpgsql with a COST: never inlined, so the index expression matches,
-- and the planner charges a date walk for computing it per row.
CREATE FUNCTION articles_search_key(language text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN substr(btrim(articles_search_marker(language)::text, ''''), 8);

CREATE FUNCTION articles_search_keyed(vector tsvector, language text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 5000
AS $$ BEGIN
    RETURN regexp_replace(vector::text, '''((?:[^'']|'''')*)''', '''' || articles_search_key(language) || ' \1''', 'g')::tsvector;
END $$;

-- Each configuration's parse of q with its lexemes keyed, ORed.
CREATE FUNCTION articles_search_keyed_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
    SELECT coalesce(string_agg('(' || regexp_replace(p.parse::text, '''((?:[^'']|'''')*)''', '''' || substr(c.config::text, 10) || ' \1''', 'g') || ')',
                               ' | ' ORDER BY c.config::text), '')::tsquery
    FROM unnest(ARRAY(SELECT oid::regconfig FROM pg_ts_config WHERE cfgname LIKE 'articles\_%')) AS c(config),
         LATERAL websearch_to_tsquery(c.config, q) AS p(parse)
    WHERE p.parse::text <> '');

SELECT articles_search_keyed('''ossez'':1A,5 ''x''''y'':3'::tsvector, 'it'), articles_search_keyed_query('ossezia');
SET maintenance_work_mem = '1GB';
\timing on
CREATE INDEX ix_articles_search_keyed ON articles USING gin (articles_search_keyed(search_vector, language));
SELECT pg_size_pretty(pg_relation_size('ix_articles_search_keyed'));
ANALYZE articles;
