PREPARE rev(uuid) AS             WITH input AS (
                SELECT * FROM unnest(ARRAY[$1]::uuid[], ARRAY['updated'], ARRAY[NULL]::text[], ARRAY[now()]::timestamptz[], ARRAY[NULL]::uuid[], ARRAY[NULL]::uuid[]) AS i(article_id, action, note, at, by_key_id, by_author_id)),
            snapshots AS MATERIALIZED (
                SELECT i.*,         jsonb_build_object(
            'slug', a.slug, 'title', a.title, 'subtitle', a.subtitle,
            'excerpt', a.excerpt, 'excerptIsCustom', a.excerpt_is_custom,
            'markdown', a.body_markdown, 'language', a.language, 'status', a.status,
            'publishedAt', to_char(a.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'deletedAt', to_char(a.deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'featureImage', CASE WHEN a.feature_image_url IS NULL THEN NULL
                ELSE jsonb_build_object('url', a.feature_image_url, 'alt', a.feature_image_alt, 'caption', a.feature_image_caption) END,
            'canonicalUrl', a.canonical_url,
            'authors', coalesce((SELECT jsonb_agg(x.author_id ORDER BY x.position) FROM article_authors x WHERE x.article_id = a.id), '[]'),
            'tags', coalesce((SELECT jsonb_agg(x.tag_id ORDER BY x.tag_id) FROM article_tags x WHERE x.article_id = a.id), '[]'),
            'citations', coalesce((SELECT jsonb_agg(jsonb_build_object('source', c.source_id, 'claim', c.claim,
                    'attribution', c.attribution, 'quote', c.quote, 'url', c.url) ORDER BY c.position)
                FROM citations c WHERE c.article_id = a.id), '[]'),
            'corrections', coalesce((SELECT jsonb_agg(c.id ORDER BY c.at, c.id) FROM article_corrections c WHERE c.article_id = a.id), '[]')) AS snapshot
                FROM input i JOIN articles a ON a.id = i.article_id)
            INSERT INTO article_revisions (article_id, number, at, by_key_id, by_key_name, by_author_id, action, changed, snapshot, note)
            SELECT s.article_id, coalesce(p.number, 0) + 1, s.at, s.by_key_id, (SELECT k.name FROM api_keys k WHERE k.id = s.by_key_id),
                s.by_author_id, s.action,
                ARRAY(SELECT n.key FROM jsonb_each(s.snapshot) n LEFT JOIN jsonb_each(p.snapshot) o ON o.key = n.key
                      WHERE o.value IS DISTINCT FROM n.value ORDER BY n.key),
                s.snapshot, s.note
            FROM snapshots s
            LEFT JOIN LATERAL (SELECT r.number, r.snapshot FROM article_revisions r WHERE r.article_id = s.article_id
                               ORDER BY r.number DESC LIMIT 1) p ON true;
PREPARE upd(uuid) AS UPDATE articles SET updated_at = now(), title = title WHERE id = $1;
SELECT id AS aid FROM h21rec_ids WHERE n = 42446 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 19773 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 51751 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 85320 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 6329 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 9495 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 70240 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 12338 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 47932 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 76388 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 7603 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 66511 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 28141 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 4915 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 11266 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 56839 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 54811 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 9157 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 31545 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 11890 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 72227 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 55643 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 7748 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 74116 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 16227 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 29261 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 82658 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 82239 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 76415 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
SELECT id AS aid FROM h21rec_ids WHERE n = 8109 \gset
BEGIN;
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE upd(:'aid');
EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, COSTS OFF) EXECUTE rev(:'aid');
ROLLBACK;
