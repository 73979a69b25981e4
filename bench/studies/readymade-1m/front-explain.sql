-- ReadyFrontPage's first-page statement, generic plan, EXPLAIN (ANALYZE, BUFFERS) three times (cold, warm, warm). helper ready1m.
PREPARE p(timestamptz, int) AS
(SELECT article_id, published_at, doc, keys FROM article_summaries_ready
 WHERE doc_in_index AND published_at <= $1 ORDER BY published_at DESC, article_id DESC LIMIT $2)
UNION ALL
(SELECT article_id, published_at, doc, keys FROM article_summaries_ready
 WHERE NOT doc_in_index AND published_at <= $1 ORDER BY published_at DESC, article_id DESC LIMIT $2)
ORDER BY published_at DESC, article_id DESC LIMIT $2;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (ANALYZE, BUFFERS, VERBOSE) EXECUTE p(now(), 21);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE p(now(), 21);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE p(now(), 21);
