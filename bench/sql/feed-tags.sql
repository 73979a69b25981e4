SELECT a.article_id AS "ArticleId", t.name AS "Name", t.slug AS "Slug"
FROM article_tags AS a
INNER JOIN tags AS t ON a.tag_id = t.id
WHERE a.article_id = ANY (@ids)
ORDER BY t.name;
