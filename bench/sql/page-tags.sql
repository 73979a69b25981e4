SELECT a.article_id AS "ArticleId", t.id AS "Id", t.slug AS "Slug", t.name AS "Name"
FROM article_tags AS a
INNER JOIN tags AS t ON a.tag_id = t.id
WHERE a.article_id = ANY (@ids)
ORDER BY t.name;
