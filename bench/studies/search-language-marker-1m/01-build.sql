\timing on
\set ON_ERROR_STOP 1
CREATE SCHEMA lm;
-- marker lexeme of a text-search configuration: 'articles_italian' -> 'zzcfgitalian'
CREATE FUNCTION lm.marker(cfg regconfig) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 'zzcfg' || regexp_replace(cfg::text, '^(.*\.)?articles_', '');

SELECT now() AS copy_start;
CREATE TABLE lm.articles AS
SELECT id, slug, title, subtitle, excerpt, language, status, published_at, created_at, updated_at,
       reading_time_minutes, feature_image_url, feature_image_alt, feature_image_caption, deleted_at,
       body_text,
       search_vector || array_to_tsvector(ARRAY[lm.marker(articles_search_config(language))]) AS search_vector
FROM public.articles;
ALTER TABLE lm.articles ADD CONSTRAINT pk_lm_articles PRIMARY KEY (id);
SET maintenance_work_mem = '64MB';
CREATE INDEX ix_lm_public_published_at ON lm.articles (published_at DESC, id DESC)
  WHERE deleted_at IS NULL AND status::text = ANY (ARRAY['published'::varchar::text, 'scheduled'::varchar::text]);
SELECT now() AS gin_start;
CREATE INDEX ix_lm_search_vector ON lm.articles USING gin (search_vector);
SELECT now() AS gin_end;
ANALYZE lm.articles;
SELECT pg_size_pretty(pg_relation_size('lm.articles')) heap, pg_size_pretty(pg_total_relation_size('lm.articles')) total,
       pg_size_pretty(pg_relation_size('lm.ix_lm_search_vector')) gin, pg_size_pretty(pg_relation_size('lm.ix_lm_public_published_at')) pub;
