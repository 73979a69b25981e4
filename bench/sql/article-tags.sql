SELECT s2."Id", s2."Slug", s2."Name", a7.id
FROM (
    SELECT a.id
    FROM articles AS a
    WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now AND a.slug = @r_IdOrSlug
    ORDER BY a.id
    LIMIT 1
) AS a7
INNER JOIN (
    SELECT t0.id AS "Id", t0.slug AS "Slug", t0.name AS "Name", a5.article_id
    FROM article_tags AS a5
    INNER JOIN tags AS t0 ON a5.tag_id = t0.id
) AS s2 ON a7.id = s2.article_id
ORDER BY a7.id, s2."Name";
