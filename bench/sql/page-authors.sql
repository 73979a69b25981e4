SELECT a.article_id, a0.id, a0.slug, a0.name, a0.avatar_url
FROM article_authors AS a
INNER JOIN authors AS a0 ON a.author_id = a0.id
WHERE a.article_id = ANY (@ids)
ORDER BY a.position;
