SELECT s3."Id", s3."Slug", s3."Name", s3."Kind", s3."Url", s3."Claim", s3."Attribution", s3."Quote", s3."Url0", s3."Position", a10.id
FROM (
    SELECT a.id
    FROM articles AS a
    WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now AND a.slug = @slug
    ORDER BY a.id
    LIMIT 1
) AS a10
INNER JOIN (
    SELECT s0.id AS "Id", s0.slug AS "Slug", s0.name AS "Name", s0.kind AS "Kind", s0.url AS "Url", c0.claim AS "Claim", c0.attribution AS "Attribution", c0.quote AS "Quote", c0.url AS "Url0", c0.position AS "Position", c0.article_id
    FROM citations AS c0
    INNER JOIN sources AS s0 ON c0.source_id = s0.id
) AS s3 ON a10.id = s3.article_id
ORDER BY a10.id, s3."Position"
