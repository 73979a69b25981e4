-- searchrum: a vector / query with every lexeme keyed by its configuration ('italian ossez'), so one posting list is one
-- language's word. C-level regexp over the text forms (lexemes never contain a space; a quote that starts a lexeme follows
-- the start, a space, '(' or '!').
CREATE OR REPLACE FUNCTION searchrum_key(config regconfig) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN substr(config::text, 10) || ' ';
CREATE OR REPLACE FUNCTION searchrum_keyed_vector(vector tsvector, language text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(vector::text, '(^| )''', '\1''' || searchrum_key(articles_search_config(language)), 'g')::tsvector;
CREATE OR REPLACE FUNCTION searchrum_keyed_query(config regconfig, query tsquery) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(query::text, '(^|[ (!])''', '\1''' || searchrum_key(config), 'g')::tsquery;
-- q as every configuration parses it, each parse keyed by its configuration, OR'ed (no language filter); or one configuration's.
CREATE OR REPLACE FUNCTION searchrum_query(q text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (SELECT coalesce(string_agg('(' || searchrum_keyed_query(c.cfgname::regconfig, p)::text || ')', ' | '), '')::tsquery
            FROM pg_ts_config c, LATERAL articles_search_parse(c.cfgname::regconfig, q) AS p
            WHERE c.cfgname LIKE 'articles\_%' AND p::text <> '');
CREATE OR REPLACE FUNCTION searchrum_query(q text, language text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN searchrum_keyed_query(articles_search_config(language), articles_search_parse(articles_search_config(language), q));
