SELECT s1."Id", s1."Slug", s1."Name", s1."Url", s1."AvatarUrl", a8.id
FROM (
    SELECT a.id
    FROM articles AS a
    WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now AND a.slug = @slug
    ORDER BY a.id
    LIMIT 1
) AS a8
INNER JOIN (
    SELECT a3.id AS "Id", a3.slug AS "Slug", a3.name AS "Name", '' AS "Url", a3.avatar_url AS "AvatarUrl", a2.article_id, a2.position
    FROM article_authors AS a2
    INNER JOIN authors AS a3 ON a2.author_id = a3.id
) AS s1 ON a8.id = s1.article_id
ORDER BY a8.id, s1.position
