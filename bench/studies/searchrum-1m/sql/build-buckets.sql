-- searchrum (b): the two newest quarters' own GIN indexes (marker expression, partial on the quarter), as the bucket arms need
\timing on
CREATE INDEX searchrum_bucket_2026q4 ON articles USING gin ((search_vector || articles_search_marker(language::text)))
    WHERE published_at >= '2026-10-01';
CREATE INDEX searchrum_bucket_2026q3 ON articles USING gin ((search_vector || articles_search_marker(language::text)))
    WHERE published_at >= '2026-07-01' AND published_at < '2026-10-01';
SELECT pg_size_pretty(pg_relation_size('searchrum_bucket_2026q4')), pg_size_pretty(pg_relation_size('searchrum_bucket_2026q3'));
