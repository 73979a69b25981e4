SELECT a.article_id AS "ArticleId", a0.name AS "Name", a0.slug AS "Slug", a0.avatar_url AS "AvatarUrl"
FROM article_authors AS a
INNER JOIN authors AS a0 ON a.author_id = a0.id
WHERE a.article_id = ANY (@ids)
ORDER BY a.position;
