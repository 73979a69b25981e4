-- Storage of every ready-made table at 1M (helper ready1m): heap, TOAST, each index; the whole database.
-- psql -X -h 127.0.0.1 -p 55432 -U articles -d articles_bench_1000000 -f bench/studies/readymade-1m/storage.sql
SELECT c.relname AS table, c.reltuples::bigint AS rows,
       pg_relation_size(c.oid) / 1048576 AS heap_mb,
       coalesce(pg_total_relation_size(c.reltoastrelid), 0) / 1048576 AS toast_mb,
       pg_indexes_size(c.oid) / 1048576 AS indexes_mb,
       pg_total_relation_size(c.oid) / 1048576 AS total_mb
FROM pg_class c
WHERE c.relname IN ('article_summaries_ready', 'article_docs_ready', 'feed_items_ready', 'named_resources_ready', 'article_search_postings')
ORDER BY total_mb DESC;
SELECT t.relname AS table, i.relname AS index, am.amname AS method, pg_relation_size(i.oid) / 1048576 AS mb
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_am am ON am.oid = i.relam
WHERE t.relname IN ('article_summaries_ready', 'article_docs_ready', 'feed_items_ready', 'named_resources_ready', 'article_search_postings')
ORDER BY t.relname, mb DESC;
SELECT pg_database_size(current_database()) / 1048576 AS database_mb;
