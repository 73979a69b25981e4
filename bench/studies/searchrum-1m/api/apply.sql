-- searchrumapi: migration SearchrumPostingsSideTable's objects, by hand on a bench database (no trigger: the bench is read only)
\timing on
CREATE FUNCTION searchrum_key(config regconfig) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN substr(config::text, 10) || ' ';
CREATE FUNCTION searchrum_keyed_vector(vector tsvector, language text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(vector::text, '(^| )''', '\1''' || searchrum_key(articles_search_config(language)), 'g')::tsvector;
CREATE FUNCTION searchrum_keyed_query(config regconfig, query tsquery) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(query::text, '(^|[ (!])''', '\1''' || searchrum_key(config), 'g')::tsquery;
-- q as every configuration parses it (the last word also as a prefix, as articles_search_queries), each parse
-- keyed by its configuration, OR'ed: the whole table's search; with a language, its configuration's parse only.
CREATE FUNCTION searchrum_query(q text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (SELECT coalesce(string_agg('(' || searchrum_keyed_query(c.cfgname::regconfig, p)::text || ')', ' | '), '')::tsquery
            FROM pg_ts_config c, LATERAL articles_search_parse(c.cfgname::regconfig, q) AS p
            WHERE c.cfgname LIKE 'articles\_%' AND p::text <> '');
CREATE FUNCTION searchrum_query(q text, language text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN searchrum_keyed_query(articles_search_config(language), articles_search_parse(articles_search_config(language), q));
CREATE TABLE article_search_postings (
    article_id uuid NOT NULL,
    published_at timestamp with time zone NOT NULL,
    language character varying(35) NOT NULL,
    vector tsvector NOT NULL,
    CONSTRAINT pk_article_search_postings PRIMARY KEY (article_id),
    CONSTRAINT fk_article_search_postings_articles_article_id FOREIGN KEY (article_id) REFERENCES articles (id) ON DELETE CASCADE);
INSERT INTO article_search_postings (article_id, published_at, language, vector)
SELECT a.id, a.published_at, a.language, searchrum_keyed_vector(a.search_vector, a.language)
FROM articles AS a
WHERE article_is_public(a.status, a.deleted_at, a.published_at, 'infinity') AND a.search_vector IS NOT NULL;
CREATE INDEX article_search_postings_rum ON article_search_postings
    USING rum (vector rum_tsvector_addon_ops, published_at)
    WITH (attach = 'published_at', to = 'vector', order_by_attach = true);
ANALYZE article_search_postings;
