SELECT t.id
FROM tags AS t
WHERE t.slug = ANY (@query_Tags);
