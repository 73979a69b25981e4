
\timing on
CREATE TEMP TABLE search_words AS
SELECT w.word, w.config, count(*)::int AS articles
FROM (SELECT * FROM articles ORDER BY published_at DESC LIMIT 10000) a, LATERAL (SELECT DISTINCT lower(t.token) AS word, articles_search_config(a.language)::text AS config
  FROM ts_parse('default', articles_search_document(coalesce(a.title,'') || ' ' || coalesce(a.subtitle,'') || ' ' || coalesce(a.body_text,''))) AS t
  WHERE t.tokid IN (1,2,10,11) AND char_length(t.token) BETWEEN 3 AND 40) w
WHERE a.status = 'published' AND a.deleted_at IS NULL
GROUP BY 1, 2;
CREATE INDEX ON search_words USING gin (word gin_trgm_ops);
CREATE INDEX ON search_words (word, config);
ANALYZE search_words;
SELECT count(*) AS words FROM search_words;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT q.word, best.word FROM unnest(ARRAY['sanctoins','trattaot']) AS q(word)
CROSS JOIN LATERAL (SELECT s.word FROM search_words s WHERE s.word % q.word AND similarity(s.word, q.word) >= 0.3 AND s.articles > 0
   AND to_tsvector(s.config::regconfig, s.word) <> '' ORDER BY similarity(s.word, q.word) DESC, s.articles DESC, s.word LIMIT 1) best
WHERE NOT EXISTS (SELECT FROM search_words k WHERE k.word = q.word AND k.articles > 0);
SELECT q.word, best.word FROM unnest(ARRAY['sanctoins','trattaot','governmnet']) AS q(word)
CROSS JOIN LATERAL (SELECT s.word FROM search_words s WHERE s.word % q.word AND similarity(s.word, q.word) >= 0.3 AND s.articles > 0
   AND to_tsvector(s.config::regconfig, s.word) <> '' ORDER BY similarity(s.word, q.word) DESC, s.articles DESC, s.word LIMIT 1) best;
