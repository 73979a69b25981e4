-- Whether PostgreSQL keeps the generic plan of the front page's statement under plan_cache_mode = auto (as the API's
-- auto-prepared statement runs): seven executions, then EXPLAIN EXECUTE. A custom plan shows the instant as a constant in
-- Index Cond (planned at every execution); the generic one shows $1. `p`: the statement before helper front1m (LIMIT $2
-- in both branches); `q`: ReadyFrontPage's (LIMIT 101 in the branches). helper front1m, 2026-12-06.
PREPARE p(timestamptz, int) AS
(SELECT article_id, published_at, doc, keys FROM article_summaries_ready
 WHERE doc_in_index AND published_at <= $1 ORDER BY published_at DESC, article_id DESC LIMIT $2)
UNION ALL
(SELECT article_id, published_at, doc, keys FROM article_summaries_ready
 WHERE NOT doc_in_index AND published_at <= $1 ORDER BY published_at DESC, article_id DESC LIMIT $2)
ORDER BY published_at DESC, article_id DESC LIMIT $2;
PREPARE q(timestamptz, int) AS
(SELECT article_id, published_at, doc, keys FROM article_summaries_ready
 WHERE doc_in_index AND published_at <= $1 ORDER BY published_at DESC, article_id DESC LIMIT 101)
UNION ALL
(SELECT article_id, published_at, doc, keys FROM article_summaries_ready
 WHERE NOT doc_in_index AND published_at <= $1 ORDER BY published_at DESC, article_id DESC LIMIT 101)
ORDER BY published_at DESC, article_id DESC LIMIT $2;
\o /dev/null
EXECUTE p(now(), 21); EXECUTE p(now(), 21); EXECUTE p(now(), 21); EXECUTE p(now(), 21); EXECUTE p(now(), 21); EXECUTE p(now(), 21); EXECUTE p(now(), 21);
EXECUTE q(now(), 21); EXECUTE q(now(), 21); EXECUTE q(now(), 21); EXECUTE q(now(), 21); EXECUTE q(now(), 21); EXECUTE q(now(), 21); EXECUTE q(now(), 21);
\o
EXPLAIN EXECUTE p(now(), 21);
EXPLAIN EXECUTE q(now(), 21);
