SELECT a.article_id, t.id, t.slug, COALESCE((
    SELECT t0.name
    FROM tag_translations AS t0
    WHERE t.id = t0.tag_id AND (t0.language = a0.language OR left(a0.language, length(t0.language || '-'))::character varying(35) = t0.language || '-')
    ORDER BY length(t0.language)::int DESC
    LIMIT 1), t.name)
FROM article_tags AS a
INNER JOIN tags AS t ON a.tag_id = t.id
INNER JOIN articles AS a0 ON a.article_id = a0.id
WHERE a.article_id = ANY (@ids)
ORDER BY a.position;
