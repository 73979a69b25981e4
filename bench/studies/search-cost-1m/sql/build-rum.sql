-- The RUM candidate on the 1M table: the marked vector (as ix_articles_search_vector_marked) with positions, so the
-- index can rank (ORDER BY vector <=> query) without reading the stored vectors. RUM's "attach" of published_at
-- (ordering matches newest first inside the index) needs a plain column on both sides: "attribute expr is not
-- found in table" for the marked expression, so only the rank ordering can be tried on it.
SET maintenance_work_mem = '1GB';
\timing on
CREATE INDEX ix_articles_search_rum ON articles
    USING rum ((search_vector || articles_search_marker(language)) rum_tsvector_ops);
SELECT pg_size_pretty(pg_relation_size('ix_articles_search_rum'));
