-- searchrum (a'): the same side table with stripped keyed vectors (no positions or weights: RUM addon_ops keeps the date, not
-- positions, in its postings, so phrases would be rechecked on articles anyway) — how much smaller?
\timing on
CREATE TABLE searchrum_docs_stripped AS
SELECT article_id, published_at, language, strip(vector) AS vector FROM searchrum_docs;
CREATE INDEX searchrum_docs_stripped_rum ON searchrum_docs_stripped USING rum (vector rum_tsvector_addon_ops, published_at)
    WITH (attach = 'published_at', to = 'vector', order_by_attach = true);
ANALYZE searchrum_docs_stripped;
SELECT pg_size_pretty(pg_relation_size('searchrum_docs_stripped')) AS heap, pg_size_pretty(pg_total_relation_size('searchrum_docs_stripped')) AS total,
       pg_size_pretty(pg_relation_size('searchrum_docs_stripped_rum')) AS rum;
