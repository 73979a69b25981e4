-- searchrum (a): RUM over the keyed vector, published_at attached to every posting, postings ordered by it.
\timing on
CREATE INDEX searchrum_docs_rum ON searchrum_docs USING rum (vector rum_tsvector_addon_ops, published_at)
    WITH (attach = 'published_at', to = 'vector', order_by_attach = true);
ANALYZE searchrum_docs;
SELECT pg_size_pretty(pg_relation_size('searchrum_docs')) AS heap, pg_size_pretty(pg_total_relation_size('searchrum_docs')) AS total,
       pg_size_pretty(pg_relation_size('searchrum_docs_rum')) AS rum;
-- the date walk on the same table, so the planner chooses between it (common words) and the RUM scan (rarer words)
CREATE INDEX searchrum_docs_published_at ON searchrum_docs (published_at DESC, article_id DESC);
